// SPDX-License-Identifier: GPL-3.0-or-later
// A build without OpenSSL (Windows): no TLS, said plainly.
#include "tls_client.hpp"

namespace udpchat {

const char* const tls_unavailable = "this build has no TLS: --tls needs a build with OpenSSL (the Linux one)";

bool tls_available() { return false; }

std::shared_ptr<byte_stream> start_tls(asio::io_context&, asio::ip::tcp::socket, const tls_client_settings&,
                                       std::chrono::milliseconds) {
  throw tls_failure{tls_unavailable};
}

}  // namespace udpchat
