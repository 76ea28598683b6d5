// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Every address a server's name stands for, in the order to try them. A name often has several:
// a stock Debian /etc/hosts gives "localhost" as ::1 and 127.0.0.1, and a server may listen on
// only one of them, so a client that takes the first address alone can fail where nc works.

#include <asio/io_context.hpp>
#include <cstdint>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "command_line.hpp"

namespace udpchat {

// getaddrinfo's order (RFC 6724's preference), with the address families interleaved from the
// first one on, as RFC 8305 section 4 asks, so one unreachable family does not delay the
// other by its every address. Pure.
template <typename Endpoint>
std::vector<Endpoint> interleave_families(const std::vector<Endpoint>& in_order) {
  if (in_order.empty()) return {};
  std::vector<Endpoint> first_family;
  std::vector<Endpoint> other_family;
  for (const auto& endpoint : in_order) {
    (endpoint.address().is_v6() == in_order.front().address().is_v6() ? first_family : other_family)
        .push_back(endpoint);
  }
  std::vector<Endpoint> interleaved;
  for (std::size_t i = 0; i < first_family.size() || i < other_family.size(); ++i) {
    if (i < first_family.size()) interleaved.push_back(first_family[i]);
    if (i < other_family.size()) interleaved.push_back(other_family[i]);
  }
  return interleaved;
}

// The endpoints to try, for UDP or TCP (Protocol is asio::ip::udp or tcp), for a client that
// connects to `host` and `port`; never empty. On failure says why on stderr, after
// "<program>: ", and returns nullopt.
template <typename Protocol>
std::optional<std::vector<typename Protocol::endpoint>> resolve_for_connect(const std::string& program,
                                                                            const std::string& host,
                                                                            std::uint16_t port) {
  asio::io_context resolving;
  typename Protocol::resolver resolver{resolving};
  asio::error_code error;
  const auto results = resolver.resolve(host, std::to_string(port), Protocol::resolver::numeric_service, error);
  if (error || results.empty()) {
    std::cerr << program << ": cannot use --host '" << host
              << "': " << (error ? error.message() : "no address found") << '\n';
    return std::nullopt;
  }
  std::vector<typename Protocol::endpoint> found;
  for (const auto& result : results) {
    // getaddrinfo lists an address once per socket type unless told one; asio asks for one.
    bool seen = false;
    for (const auto& earlier : found) seen = seen || earlier == result.endpoint();
    if (!seen) found.push_back(result.endpoint());
  }
  return interleave_families(found);
}

// The endpoints a client's --host and --port name (see command_line.hpp), or nullopt after
// saying why on stderr.
template <typename Protocol>
std::optional<std::vector<typename Protocol::endpoint>> connect_endpoints_option(
    const std::string& program, const cxxopts::ParseResult& options) {
  const auto port = port_option(program, options);
  if (!port) return std::nullopt;
  if (*port == 0) {
    std::cerr << program << ": --port must name the server's port, not 0\n";
    return std::nullopt;
  }
  return resolve_for_connect<Protocol>(program, options["host"].as<std::string>(), *port);
}

}  // namespace udpchat
