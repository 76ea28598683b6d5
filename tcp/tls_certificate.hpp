// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <asio/ssl/context.hpp>
#include <memory>
#include <stdexcept>
#include <string>

namespace udpchat {

// A server's TLS identity: its certificate and key, loaded into the context every handshake
// uses, and the certificate's fingerprint for people to pin it by.
struct tls_server_identity {
  asio::ssl::context context{asio::ssl::context::tls_server};
  std::string fingerprint;  // SHA-256, as `openssl x509 -fingerprint -sha256` prints it
};

// Why a certificate, a key or a TLS session could not be set up, in one line for a person.
class tls_setup_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Loads `certificate_file` (PEM: the server's certificate, then any intermediates) and
// `key_file` (PEM, not encrypted), and checks that they belong together. TLS 1.2 and later;
// no session tickets (a chat's sessions are long, and resuming them buys nothing). Throws
// tls_setup_error naming the file and what is wrong with it.
std::shared_ptr<tls_server_identity> load_server_identity(const std::string& certificate_file,
                                                          const std::string& key_file);

// What OpenSSL asks of every context here, server or client: no protocol older than TLS 1.2,
// and a peer that hangs up without close_notify ends the stream like a TCP hang-up.
void apply_common_tls_settings(asio::ssl::context& context);

}  // namespace udpchat
