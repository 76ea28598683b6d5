// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The server's side of LAN discovery (udpchat/discovery_message.hpp): answers the probes of
// terminals looking for a server. Two UDP sockets on port discovery_port, one on 0.0.0.0 and one
// on [::] with IPV6_V6ONLY, both with SO_REUSEADDR so that every server on a host binds the port,
// each in the group of its family on every interface that is up. A multicast or broadcast probe
// reaches every server on the host; a unicast one (to 127.0.0.1:8099, say) reaches one of them.
//
// A probe is answered only when all of these hold (the safety rules):
//   - it is well formed (decode_probe), 256 to 512 bytes long, and wants this server's kind;
//   - its source is on a network the host is directly connected to (on_connected_network),
//     since discovery is for the LAN and a source from elsewhere is likely forged;
//   - discovery_answer_limits admits it: one answer per source and nonce, token buckets per
//     source and overall;
//   - the answer is no larger than the probe (always so by the format; checked anyway).
// So one datagram in brings at most one datagram out, never larger, and all sources together
// get at most 32 answers a second after a first 64.
//
// On Linux only `lo` up (a host off the network, or a fresh network namespace) still lets a
// terminal on the same host find its servers: the IPv4 group is joined on 127.0.0.1 too, and a
// probe sent to it with IP_MULTICAST_IF 127.0.0.1 arrives. IPv6 has no route for ff02::/16 on
// lo, so there a probe must go to ::1 itself.
//
// One thread: everything runs in handlers of the io_context given.

#include <asio/io_context.hpp>
#include <asio/ip/udp.hpp>
#include <asio/steady_timer.hpp>
#include <udpchat/discovery_message.hpp>
#include <udpchat/trace_entry.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "discovery_answer_limits.hpp"
#include "log_text.hpp"
#include "network_interfaces.hpp"

namespace udpchat {

struct discovery_identity {
  server_kind kind = server_kind::hub;
  std::string name;        // valid_server_name
  std::uint16_t port = 0;  // the port the server serves on
};

// Told every datagram the responder receives (before any check) and every answer the system
// took for sending: `peer` is the prober, `local` the responder's end (for a probe the address
// it was sent to, a group or broadcast address included, where the system says; for an answer
// the address it leaves from).
using discovery_observer = std::function<void(traffic_direction direction, const asio::ip::udp::endpoint& peer,
                                              const asio::ip::udp::endpoint& local, std::string_view datagram)>;

class discovery_responder {
 public:
  // `members` gives the member (or customer) count to answer with, each time one is sent.
  // `observe` may be empty.
  discovery_responder(asio::io_context& io, discovery_identity identity, std::function<std::uint32_t()> members,
                      log_sink log, discovery_observer observe = {});
  ~discovery_responder();
  discovery_responder(const discovery_responder&) = delete;
  discovery_responder& operator=(const discovery_responder&) = delete;

  // Binds both sockets, joins the groups and starts answering. Logs one line: 'answering
  // discovery on port 8099 as "NAME"', or why it cannot (neither socket binds, e.g. another
  // program holds the port without SO_REUSEADDR), after which the server serves on without it.
  // Returns whether it answers.
  bool start();
  // Stops answering and releases both sockets. Safe to call twice.
  void close();

 private:
  struct endpoint_socket;

  bool open(endpoint_socket& each, const asio::ip::udp::endpoint& at, std::string& why);
  void join_groups();
  void wait_readable(endpoint_socket& each);
  void receive_some(endpoint_socket& each);
  void handle_probe(endpoint_socket& each, std::string_view datagram, const asio::ip::udp::endpoint& from,
                    const asio::ip::address& to);
  void flush(endpoint_socket& each);
  void refresh_interfaces();
  // The address an answer to `peer` leaves from when the system chooses: the host's address on
  // the network `peer` is on, or the unspecified address.
  asio::ip::address source_towards(const asio::ip::address& peer) const;

  discovery_identity identity_;
  discovery_nonce instance_;
  std::function<std::uint32_t()> members_;
  log_sink log_;
  discovery_observer observe_;
  std::unique_ptr<endpoint_socket> v4_;
  std::unique_ptr<endpoint_socket> v6_;
  discovery_answer_limits limits_;
  std::vector<interface_address> interfaces_;
  asio::steady_timer refresh_timer_;
  bool closed_ = false;
};

}  // namespace udpchat
