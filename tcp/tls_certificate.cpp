// SPDX-License-Identifier: GPL-3.0-or-later
#include "tls_certificate.hpp"

#include <asio/ssl/error.hpp>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509err.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

#include "udpchat/certificate_fingerprint.hpp"

namespace udpchat {
namespace {

// Says why `file` cannot be read at all, before OpenSSL's less telling words for it.
void check_readable(const std::string& file, const std::string& option) {
  std::ifstream stream{file};
  if (!stream) throw tls_setup_error{"cannot read " + option + " " + file + ": " + std::strerror(errno)};
}

}  // namespace

void apply_common_tls_settings(asio::ssl::context& context) {
  context.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                      asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                      asio::ssl::context::no_tlsv1_1);
  SSL_CTX_set_options(context.native_handle(), SSL_OP_IGNORE_UNEXPECTED_EOF | SSL_OP_NO_RENEGOTIATION);
}

std::shared_ptr<tls_server_identity> load_server_identity(const std::string& certificate_file,
                                                          const std::string& key_file) {
  auto identity = std::make_shared<tls_server_identity>();
  asio::ssl::context& context = identity->context;
  apply_common_tls_settings(context);
  SSL_CTX_set_num_tickets(context.native_handle(), 0);
  // An encrypted key would make OpenSSL ask for its passphrase on the terminal; a server started
  // by a service manager has nobody there to answer.
  context.set_password_callback([](std::size_t, asio::ssl::context::password_purpose) { return std::string{}; });

  check_readable(certificate_file, "--tls-cert");
  check_readable(key_file, "--tls-key");
  asio::error_code error;
  context.use_certificate_chain_file(certificate_file, error);
  if (error) {
    throw tls_setup_error{"--tls-cert " + certificate_file + " holds no PEM certificate (" + error.message() + ")"};
  }
  context.use_private_key_file(key_file, asio::ssl::context::pem, error);
  if (error && error.category() == asio::error::get_ssl_category() &&
      ERR_GET_REASON(static_cast<unsigned long>(error.value())) == X509_R_KEY_VALUES_MISMATCH) {
    throw tls_setup_error{"--tls-key " + key_file + " is not the key of the certificate in --tls-cert " +
                          certificate_file};
  }
  if (error) {
    throw tls_setup_error{"--tls-key " + key_file + " holds no unencrypted PEM private key (" + error.message() + ")"};
  }
  if (SSL_CTX_check_private_key(context.native_handle()) != 1) {
    throw tls_setup_error{"--tls-key " + key_file + " is not the key of the certificate in --tls-cert " +
                          certificate_file};
  }
  sha256_digest digest{};
  unsigned int size = 0;
  X509* certificate = SSL_CTX_get0_certificate(context.native_handle());
  if (certificate == nullptr || X509_digest(certificate, EVP_sha256(), digest.data(), &size) != 1 ||
      size != digest.size()) {
    throw tls_setup_error{"cannot compute the fingerprint of --tls-cert " + certificate_file};
  }
  identity->fingerprint = fingerprint_text(digest);
  return identity;
}

}  // namespace udpchat
