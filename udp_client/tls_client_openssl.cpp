// SPDX-License-Identifier: GPL-3.0-or-later
// The terminal's TLS over OpenSSL, through asio's ssl::stream.
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <asio/ip/address.hpp>
#include <asio/ssl/error.hpp>
#include <asio/steady_timer.hpp>
#include <optional>

#include "tls_certificate.hpp"
#include "tls_client.hpp"
#include "tls_handshake.hpp"
#include "tls_stream.hpp"
#include "udpchat/certificate_fingerprint.hpp"

namespace udpchat {
namespace {

sha256_digest fingerprint_of(X509* certificate) {
  sha256_digest digest{};
  unsigned int size = 0;
  if (X509_digest(certificate, EVP_sha256(), digest.data(), &size) != 1 || size != digest.size()) {
    throw tls_failure{"cannot compute the fingerprint of the server's certificate"};
  }
  return digest;
}

// `presented` is set to the fingerprint of the server's certificate once it is seen.
void trust(asio::ssl::context& context, const tls_client_settings& settings,
           const std::shared_ptr<std::optional<sha256_digest>>& presented) {
  context.set_verify_mode(asio::ssl::verify_peer);
  if (settings.fingerprint) {
    // Within the handshake, so that a server refused never counts us as a peer: the server's
    // own certificate must be the pinned one, and any chain above it will do.
    context.set_verify_callback([pin = *settings.fingerprint, presented](bool, asio::ssl::verify_context& verifying) {
      X509_STORE_CTX* store = verifying.native_handle();
      if (X509_STORE_CTX_get_error_depth(store) > 0) return true;
      try {
        *presented = fingerprint_of(X509_STORE_CTX_get_current_cert(store));
      } catch (const tls_failure&) {
        return false;
      }
      return **presented == pin;
    });
    return;
  }
  asio::error_code error;
  if (settings.ca_file.empty()) {
    context.set_default_verify_paths(error);
    if (error) throw tls_failure{"cannot load the system's certificate authorities: " + error.message()};
    return;
  }
  context.load_verify_file(settings.ca_file, error);
  if (error) throw tls_failure{"--tls-ca " + settings.ca_file + " holds no PEM certificate (" + error.message() + ")"};
}

// The name or address the certificate must be for; a name goes in SNI too.
void expect_host(SSL* session, const std::string& host) {
  asio::error_code not_an_address;
  asio::ip::make_address(host, not_an_address);
  X509_VERIFY_PARAM* verify = SSL_get0_param(session);
  if (!not_an_address) {
    X509_VERIFY_PARAM_set1_ip_asc(verify, host.c_str());
    return;
  }
  X509_VERIFY_PARAM_set_hostflags(verify, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
  SSL_set1_host(session, host.c_str());
  // SSL_set_tlsext_host_name, without the macro's cast.
  SSL_ctrl(session, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, const_cast<char*>(host.c_str()));
}

}  // namespace

const char* const tls_unavailable = "";

bool tls_available() { return true; }

std::shared_ptr<byte_stream> start_tls(asio::io_context& io, asio::ip::tcp::socket socket,
                                       const tls_client_settings& settings, std::chrono::milliseconds timeout) {
  // One context per connection: the terminal makes one.
  auto context = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_client);
  apply_common_tls_settings(*context);
  const auto presented = std::make_shared<std::optional<sha256_digest>>();
  trust(*context, settings, presented);
  auto session = std::make_unique<tls_socket>(std::move(socket), *context);
  if (!settings.fingerprint) expect_host(session->native_handle(), settings.host);

  std::optional<asio::error_code> outcome;
  bool timed_out = false;
  session->async_handshake(asio::ssl::stream_base::client, [&outcome](asio::error_code error) { outcome = error; });
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!outcome && std::chrono::steady_clock::now() < deadline) io.run_one_until(deadline);
  if (!outcome) {
    timed_out = true;
    asio::error_code ignored;
    session->next_layer().close(ignored);
    while (!outcome) {
      if (io.run_one() == 0) io.restart();
    }
  }
  io.restart();
  if (timed_out) throw tls_failure{"the server did not finish a TLS handshake in time (is it a TLS port?)"};
  if (*outcome && settings.fingerprint && *presented && **presented != *settings.fingerprint) {
    throw tls_failure{"the server's certificate has the fingerprint " + fingerprint_text(**presented) +
                      ", not the pinned " + fingerprint_text(*settings.fingerprint)};
  }
  if (*outcome) {
    const long verified = SSL_get_verify_result(session->native_handle());
    if (verified != X509_V_OK) {
      throw tls_failure{std::string{"cannot verify the server's certificate: "} +
                        X509_verify_cert_error_string(verified)};
    }
    // What a plain port answers a handshake with: its first line, which is no TLS record.
    if (outcome->category() == asio::error::get_ssl_category() &&
        ERR_GET_REASON(static_cast<unsigned long>(outcome->value())) == SSL_R_WRONG_VERSION_NUMBER) {
      throw tls_failure{"the server does not speak TLS on this port (a plain TCP port? leave out --tls)"};
    }
    throw tls_failure{"TLS handshake failed: " + handshake_error_text(*outcome)};
  }
  return std::make_shared<tls_stream>(std::move(session), std::move(context));
}

}  // namespace udpchat
