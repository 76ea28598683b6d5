// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <asio/io_context.hpp>
#include <cstdint>
#include <iostream>
#include <optional>
#include <string>

#include "command_line.hpp"

namespace udpchat {

enum class endpoint_use { listen, connect };

// The endpoint that --host and --port name, for UDP or TCP (Protocol is asio::ip::udp or tcp).
// A host name is looked up; the first address found is used. On failure says why on stderr,
// after "<program>: ", and returns nullopt.
template <typename Protocol>
std::optional<typename Protocol::endpoint> resolve_endpoint(const std::string& program,
                                                            const std::string& host,
                                                            std::uint16_t port, endpoint_use use) {
  asio::io_context resolving;
  typename Protocol::resolver resolver{resolving};
  auto flags = Protocol::resolver::numeric_service;
  if (use == endpoint_use::listen) flags = flags | Protocol::resolver::passive;
  asio::error_code error;
  const auto results = resolver.resolve(host, std::to_string(port), flags, error);
  if (error || results.empty()) {
    std::cerr << program << ": cannot use --host '" << host
              << "': " << (error ? error.message() : "no address found") << '\n';
    return std::nullopt;
  }
  return results.begin()->endpoint();
}

// The endpoint a command line's --host and --port name (see command_line.hpp), or nullopt after
// saying why on stderr.
template <typename Protocol>
std::optional<typename Protocol::endpoint> endpoint_option(const std::string& program,
                                                           const cxxopts::ParseResult& options,
                                                           endpoint_use use) {
  const auto port = port_option(program, options);
  if (!port) return std::nullopt;
  if (use == endpoint_use::connect && *port == 0) {
    std::cerr << program << ": --port must name the server's port, not 0\n";
    return std::nullopt;
  }
  return resolve_endpoint<Protocol>(program, options["host"].as<std::string>(), *port, use);
}

}  // namespace udpchat
