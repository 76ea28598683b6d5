// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>
#include <asio/io_context.hpp>
#include <asio/ip/udp.hpp>
#include <asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <vector>

#include "found_servers.hpp"
#include "probe_targets.hpp"
#include "udpchat/discovery_message.hpp"

namespace udpchat {

class traffic_trace;

// Finds servers on the links this host is on: sends a discovery probe for `want` to every
// probe_target, twice (at once and after resend_after, in case the first was lost), and
// collects, until listen_for has passed since the start, each answer that carries the probe's
// nonce and a kind `want` covers. Datagrams that are not such an answer are passed over. With a trace, every probe sent
// and every datagram received is traced.
//
// Two sockets, IPv4 and IPv6, each bound to a port of the system's choosing on the wildcard
// address: a server answers to the probe's source. A family this host lacks is left out, and so
// is a target a send fails for (a link that went down meanwhile).
class server_finder {
 public:
  static constexpr std::chrono::milliseconds resend_after{300};
  static constexpr std::chrono::milliseconds listen_for{1000};

  server_finder(asio::io_context& io, wanted_kind want, traffic_trace* trace = nullptr);

  // Probes `targets` and calls `done`, on the io_context's thread, with the servers that
  // answered (add_found_server: one entry per server), in the order they first answered. Call
  // once.
  void start(std::vector<probe_target> targets, std::function<void(std::vector<found_server>)> done);

 private:
  struct receiver {
    std::optional<asio::ip::udp::socket> socket;
    std::array<char, discovery_probe_max_bytes + 1> buffer{};
    asio::ip::udp::endpoint source;
    std::string local;  // the socket's address, for the trace
  };

  void open(receiver& side, const asio::ip::udp& family);
  void send_probes();
  void do_receive(receiver& side);
  void finish();

  asio::steady_timer timer_;
  traffic_trace* trace_;
  wanted_kind want_;
  std::string probe_;
  discovery_nonce nonce_{};
  receiver v4_;
  receiver v6_;
  std::vector<probe_target> targets_;
  std::vector<found_server> found_;
  std::function<void(std::vector<found_server>)> done_;
  std::chrono::steady_clock::time_point started_;
  bool resent_ = false;
};

}  // namespace udpchat
