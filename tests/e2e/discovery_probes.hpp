// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Discovery datagrams written and read by hand from the format in discovery_message.hpp, not by
// the codec under test, so a test also catches a codec that drifted from the documented bytes.

#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "deadline.hpp"
#include "lan_namespaces.hpp"
#include "netns_udp_socket.hpp"
#include "udpchat/discovery_message.hpp"

namespace udpchat::testing {

// The LAN of the discovery tests: the teacher's machine and a student's, on 169.254.0.0/16.
inline const std::vector<lan_host> classroom{{"teacher", "169.254.10.1/16"}, {"student", "169.254.10.2/16"}};
inline const std::string classroom_broadcast = "169.254.255.255";

// A nonce no other probe of this process has, and unlike another process's: 16 lowercase hex
// digits.
inline std::string fresh_nonce() {
  static unsigned counter = 0;
  std::array<char, 17> text{};
  std::snprintf(text.data(), text.size(), "%08x%08x", static_cast<unsigned>(::getpid()), ++counter);
  return text.data();
}

// "UDPCHAT-FIND 1 <want> <nonce>\n" padded with '.' to `size` bytes, or cut to it.
inline std::string probe_datagram(std::string_view want, const std::string& nonce,
                                  std::size_t size = discovery_probe_min_bytes) {
  std::string probe = "UDPCHAT-FIND 1 " + std::string{want} + " " + nonce + "\n";
  probe.resize(size, '.');
  return probe;
}

// An answer's fields as the bytes hold them, and how many bytes it was.
struct heard_answer {
  std::string nonce;
  std::string instance;
  std::string kind;
  unsigned long port = 0;
  unsigned long members = 0;
  std::string name;
  std::size_t size = 0;
};

// `datagram` read as "UDPCHAT-HERE 1 <nonce> <instance> <kind> <port> <members> <name>\n", nothing
// after the newline; nullopt when it is not one.
inline std::optional<heard_answer> parse_answer(const std::string& datagram) {
  static const std::regex answer{
      "UDPCHAT-HERE 1 ([0-9a-f]{16}) ([0-9a-f]{16}) (hub|room|desk) ([1-9][0-9]{0,4}) (0|[1-9][0-9]{0,9}) "
      "([^\\n]+)\\n"};
  std::smatch fields;
  if (!std::regex_match(datagram, fields, answer)) return std::nullopt;
  return heard_answer{fields[1], fields[2], fields[3], std::stoul(fields[4]), std::stoul(fields[5]), fields[6],
                      datagram.size()};
}

// Probes wanting `want`, sent from `socket` to `to`:8099 with a fresh nonce every 250 ms, until
// answers from `servers` different instances have come back for them, or 5 s have passed. For
// a test to know the servers answer before it runs what it tests. Every answer heard, one per
// instance.
inline std::vector<heard_answer> await_answers(const netns_udp_socket& socket, const std::string& to,
                                               std::string_view want, std::size_t servers) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds{5};
  std::set<std::string> nonces;
  std::vector<heard_answer> heard;
  std::set<std::string> instances;
  while (instances.size() < servers && left_until(until).count() > 0) {
    const std::string nonce = fresh_nonce();
    nonces.insert(nonce);
    if (!socket.send_to(to, discovery_port, probe_datagram(want, nonce))) break;
    const auto round_end = std::min(until, std::chrono::steady_clock::now() + std::chrono::milliseconds{250});
    while (instances.size() < servers) {
      const auto datagram = socket.receive(left_until(round_end));
      if (!datagram) break;
      const auto answer = parse_answer(datagram->bytes);
      if (answer && nonces.contains(answer->nonce) && instances.insert(answer->instance).second) {
        heard.push_back(*answer);
      }
    }
  }
  return heard;
}

// await_answers() from a socket of its own on the teacher's machine, to the classroom's broadcast
// address: how a test waits until the servers it started there answer discovery. Empty when the
// socket cannot be made.
inline std::vector<heard_answer> answers_heard_by_teacher(const lan_namespaces& lan, std::string_view want,
                                                          std::size_t servers) {
  const netns_udp_socket teacher{lan.netns("teacher"), "169.254.10.1"};
  if (!teacher.ready()) return {};
  return await_answers(teacher, classroom_broadcast, want, servers);
}

// The next datagram `socket` receives within `deadline` that is neither a discovery answer nor a
// notice of the hub's own ("hub____..."): what a member sent through the hub.
inline std::optional<std::string> next_chat(const netns_udp_socket& socket,
                                            std::chrono::milliseconds deadline = std::chrono::milliseconds{5000}) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  while (left_until(until).count() > 0) {
    const auto datagram = socket.receive(left_until(until));
    if (!datagram) break;
    if (!datagram->bytes.starts_with("UDPCHAT-HERE ") && !datagram->bytes.starts_with("hub____")) {
      return datagram->bytes;
    }
  }
  return std::nullopt;
}

}  // namespace udpchat::testing
