// SPDX-License-Identifier: GPL-3.0-or-later
#include "discovery_option.hpp"

#include <asio/ip/host_name.hpp>
#include <udpchat/discovery_message.hpp>

#include <iostream>

#include "command_line.hpp"

namespace udpchat {

void add_discovery_options(cxxopts::Options& spec) {
  spec.add_options()
    ("name", "the name terminals looking for a server on the LAN are shown (1 to " +
     std::to_string(discovery_name_max_bytes) + " bytes of UTF-8; default: this host's name)",
     cxxopts::value<std::string>(), "NAME")
    ("no-discovery", "do not answer terminals looking for a server on the LAN (UDP port " +
     std::to_string(discovery_port) + ")");
}

std::optional<discovery_choice> discovery_option(const std::string& program, const cxxopts::ParseResult& options) {
  discovery_choice choice;
  choice.answer = options.count("no-discovery") == 0U;
  if (options.count("name") != 0U) {
    choice.name = options["name"].as<std::string>();
    if (!valid_server_name(choice.name)) {
      std::cerr << program << ": --name must be 1 to " << discovery_name_max_bytes
                << " bytes of UTF-8 without control characters, and not start or end with a space\n";
      return std::nullopt;
    }
    return choice;
  }
  asio::error_code error;
  choice.name = server_name_from(asio::ip::host_name(error));
  return choice;
}

std::string discovery_help(std::string_view place, std::string_view noun) {
  const std::string port = std::to_string(discovery_port);
  return wrap_help("Discovery: the " + std::string{place} + " answers terminals on the LAN looking for a server " +
                   "(udpchat without --host, or with --find) on UDP port " + port + ", on IPv4 and IPv6, in the " +
                   "groups " + std::string{discovery_group_v4} + " and " + std::string{discovery_group_v6} +
                   " and to broadcasts, with its kind, its port, its number of " + std::string{noun} +
                   "s and its --name. The log says 'answering discovery on port " + port + " as \"NAME\"'. " +
                   "Several servers on one host all answer a probe sent to a group or broadcast. It answers only " +
                   "probes from the networks the host is directly connected to, once per probe, no larger than " +
                   "the probe; to one address 4 answers at once, then 1 a second; to all together 64 at once, " +
                   "then 32 a second. If the port cannot be had, the log says so and the " + std::string{place} +
                   " serves on without it. --no-discovery turns it off.");
}

}  // namespace udpchat
