// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <asio/io_context.hpp>
#include <asio/ip/udp.hpp>
#include <asio/steady_timer.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string_view>

#include "datagram_batches.hpp"
#include "log_text.hpp"
#include "pcap_file.hpp"
#include "traffic_trace.hpp"

namespace udpchat {

// What --trace and --pcap see of the hub: every datagram it receives, and every datagram the
// system takes from it for sending, with both ends. The hub holds one only when asked for
// either, so without them its send batch has no observer.
//
// The hub's own end is the address a datagram was sent to, as the system reports it
// (arrival_address.hpp): a hub listening on 0.0.0.0 shows 127.0.0.1:8000 for a datagram that
// came over loopback and 192.0.2.10:8000 for one from the LAN. What the hub sends is shown from
// the source address it gave the system, which is the address the peer last sent to. Without
// a report, the end is the address the hub listens on.
// In a capture both ends are of one family: an IPv4 peer of a dual-stack hub is shown over IPv4.
// A capture is written at least once a second, and when the tap closes.
class datagram_tap {
 public:
  // Either of trace and capture may be null. Trouble writing the capture goes to `log`.
  datagram_tap(asio::io_context& io, log_sink log, std::unique_ptr<traffic_trace> trace,
               std::unique_ptr<pcap_file> capture);

  // Hooks the tap to the hub's socket, for the address it listens on, and to its send batch,
  // which tells the tap what it sent.
  void attach(asio::ip::udp::socket& socket, send_batch& outgoing);
  // The first `count` datagrams of `batch` were just received.
  void received(const receive_batch& batch, std::size_t count);
  // The network simulator dropped `datagram` for `to` (`why`: "dropped by --loss"): the trace
  // says so, without the bytes; the capture, which holds what went on the wire, leaves it out.
  void dropped(std::string_view datagram, const asio::ip::udp::endpoint& to, const asio::ip::address& from,
               std::string_view why);
  // A datagram of another of the server's sockets (the discovery responder's), with `peer` the
  // far end and `local` the server's: traced and captured like the hub's own.
  void record_other(traffic_direction direction, const asio::ip::udp::endpoint& peer,
                    const asio::ip::udp::endpoint& local, std::string_view datagram);
  // Writes the capture out and closes it, and finishes the trace. Call after the last send.
  void close();

 private:
  void sent(std::string_view datagram, const asio::ip::udp::endpoint& to, const asio::ip::address& from);
  // The hub's end: the address the system reported, or else the one the hub listens on.
  asio::ip::udp::endpoint local_end(const asio::ip::address& reported) const;
  void record(traffic_direction direction, const asio::ip::udp::endpoint& peer,
              const asio::ip::udp::endpoint& local, std::string_view datagram,
              std::chrono::system_clock::time_point when);
  void schedule_flush();
  void flush_capture();

  log_sink log_;
  std::unique_ptr<traffic_trace> trace_;
  std::unique_ptr<pcap_file> capture_;
  asio::steady_timer flush_timer_;
  bool flush_scheduled_ = false;
  asio::ip::udp::endpoint bound_;
};

}  // namespace udpchat
