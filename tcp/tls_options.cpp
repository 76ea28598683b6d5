// SPDX-License-Identifier: GPL-3.0-or-later
#include "tls_options.hpp"

#include <charconv>
#include <iostream>

#include "command_line.hpp"
#include "tls_certificate.hpp"

namespace udpchat {

void add_tls_options(cxxopts::Options& spec, std::string_view noun) {
  const std::string a{noun};
  spec.add_options()
    ("tls-cert", "speak TLS on --port with this certificate (PEM: the server's, then any "
     "intermediates); needs --tls-key", cxxopts::value<std::string>(), "FILE")
    ("tls-key", "the private key of --tls-cert (PEM, not encrypted)", cxxopts::value<std::string>(), "FILE")
    ("plain-port", "with --tls-cert, also take " + a + "s over plain TCP (nc, telnet) on this port "
     "(0 for any free one); without it the server speaks TLS only",
     cxxopts::value<std::string>(), "PORT");
}

std::string tls_help(std::string_view noun) {
  const std::string a{noun};
  return wrap_help(
      "TLS: with --tls-cert and --tls-key, --port speaks TLS (1.2 or later) and nothing else; "
      "--plain-port opens a plain TCP port beside it. At start the log says 'TLS on this port; the "
      "certificate's SHA-256 fingerprint is AB:CD:...', as `openssl x509 -fingerprint -sha256` "
      "prints it, for " + a + "s to pin a self-signed certificate with (udpchat --tls-fingerprint). "
      "A " + a + " connects with udpchat --tcp --tls, `ncat --ssl` or `openssl s_client`, and is a " +
      a + " only once its handshake is done. A handshake counts against --max-connections, must "
      "finish within --line-timeout (or --idle-timeout when that is 0), and one that fails or "
      "stalls is closed and logged as 'refused <ip:port>: TLS handshake failed: <reason>'. A plain client "
      "(nc) there is told 'hub____error: this port speaks TLS; ...' first.");
}

std::optional<connection_security> security_option(const std::string& program, const cxxopts::ParseResult& options) {
  const bool has_cert = options.count("tls-cert") != 0U;
  const bool has_key = options.count("tls-key") != 0U;
  connection_security security;
  if (has_cert != has_key) {
    std::cerr << program << ": --tls-cert and --tls-key go together\n";
    return std::nullopt;
  }
  if (options.count("plain-port") != 0U) {
    if (!has_cert) {
      std::cerr << program << ": --plain-port is a plain port beside a TLS one; it needs --tls-cert and --tls-key\n";
      return std::nullopt;
    }
    const std::string text = options["plain-port"].as<std::string>();
    std::uint16_t port = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), port);
    if (text.empty() || error != std::errc{} || end != text.data() + text.size()) {
      std::cerr << program << ": --plain-port must be a number from 0 to 65535, not '" << text << "'\n";
      return std::nullopt;
    }
    security.plain_port = port;
  }
  if (!has_cert) return security;
  try {
    security.tls = load_server_identity(options["tls-cert"].as<std::string>(), options["tls-key"].as<std::string>());
  } catch (const tls_setup_error& error) {
    std::cerr << program << ": " << error.what() << '\n';
    return std::nullopt;
  }
  return security;
}

}  // namespace udpchat
