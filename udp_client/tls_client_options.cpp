// SPDX-License-Identifier: GPL-3.0-or-later
#include "tls_client_options.hpp"

#include <iostream>

namespace udpchat {

void add_tls_client_options(cxxopts::Options& spec) {
  spec.add_options()
    ("tls", "with --tcp, speak TLS, and go on only if the server's certificate is valid for --host "
     "and signed by an authority the system trusts")
    ("tls-ca", "with --tls, trust the authorities in FILE (PEM) instead of the system's",
     cxxopts::value<std::string>(), "FILE")
    ("tls-fingerprint", "with --tls, accept only the certificate with this SHA-256 fingerprint "
     "(hex, colons optional, as the server's log prints it), whoever signed it and whatever its names",
     cxxopts::value<std::string>(), "SHA256");
}

tls_choice tls_client_option(const std::string& program, const cxxopts::ParseResult& options) {
  const bool ca = options.count("tls-ca") != 0U;
  const bool pinned = options.count("tls-fingerprint") != 0U;
  if (options.count("tls") == 0U) {
    if (ca || pinned) {
      std::cerr << program << ": --" << (ca ? "tls-ca" : "tls-fingerprint") << " says how to verify a TLS server; "
                << "it needs --tls\n";
      return {std::nullopt, 2};
    }
    return {};
  }
  if (options.count("tcp") == 0U) {
    std::cerr << program << ": --tls is for a TCP server (udpchat-room, udpchat-desk): it needs --tcp\n";
    return {std::nullopt, 2};
  }
  if (ca && pinned) {
    std::cerr << program << ": --tls-ca and --tls-fingerprint are two ways to trust a server; give one\n";
    return {std::nullopt, 2};
  }
  if (!tls_available()) {
    std::cerr << program << ": " << tls_unavailable << '\n';
    return {std::nullopt, 1};
  }
  tls_client_settings settings;
  // Without --host the server is found by discovery, and the caller fills in its address.
  if (options.count("host") != 0U) settings.host = options["host"].as<std::string>();
  if (ca) settings.ca_file = options["tls-ca"].as<std::string>();
  if (pinned) {
    const std::string text = options["tls-fingerprint"].as<std::string>();
    std::string why;
    settings.fingerprint = parse_fingerprint(text, why);
    if (!settings.fingerprint) {
      std::cerr << program << ": --tls-fingerprint '" << text << "': " << why << '\n';
      return {std::nullopt, 2};
    }
  }
  return {std::move(settings), std::nullopt};
}

}  // namespace udpchat
