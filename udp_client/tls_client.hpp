// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The terminal's side of TLS (udpchat --tcp --tls). One implementation file per platform:
// tls_client_openssl.cpp over OpenSSL, and tls_client_none.cpp for a build without it (Windows),
// where every attempt fails with tls_unavailable's words.

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "byte_stream.hpp"
#include "udpchat/certificate_fingerprint.hpp"

namespace udpchat {

// How the server is to be verified.
struct tls_client_settings {
  // The name or address the server was asked for by (--host): the certificate must be for it
  // (RFC 6125; an address must be among its IP addresses), and a name is sent in SNI.
  std::string host;
  // PEM file of the authorities to trust; empty for the system's.
  std::string ca_file;
  // When pinned, only this certificate is accepted, whoever signed it and whatever its names:
  // a self-signed server's, with the fingerprint its log printed.
  std::optional<sha256_digest> fingerprint;
};

// Why TLS failed, in one line naming what failed ("the server's certificate is not trusted:
// self-signed certificate").
class tls_failure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Whether this build speaks TLS at all; when not, why, for the error message.
bool tls_available();
extern const char* const tls_unavailable;

// Runs `io` until the client's handshake over `socket` is done and the server verified, or
// `timeout` has passed; returns the session, ready for lines. Like connect_first, it must be
// called before anything else is started on `io`. Throws tls_failure.
std::shared_ptr<byte_stream> start_tls(asio::io_context& io, asio::ip::tcp::socket socket,
                                       const tls_client_settings& settings, std::chrono::milliseconds timeout);

}  // namespace udpchat
