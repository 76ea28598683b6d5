// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connection_acceptor.hpp"
#include "connection_limits.hpp"
#include "deadline_sweep.hpp"
#include "flow_limits.hpp"
#include "line_connection.hpp"
#include "line_flow.hpp"
#include "log_text.hpp"
#include "refusal_log.hpp"
#include "traffic_trace.hpp"
#include "udpchat/datagram_codec.hpp"
#include "udpchat/line_framer.hpp"

namespace udpchat {

class tls_handshake;

// What the room and the desk share: listening, the cap on connections, the timeouts and flow
// control. Each connection accepted under the cap goes to the owner as a line_connection not
// yet started, paced and judged under the server's flow control (flow_limits.hpp); one past
// the cap is told the place is full and closed, and the refusal is logged. The owner keeps its
// peers and is asked every sweep period to close those out of time, which close_out_of_time()
// does for it; a peer dropped by flow control ends through its on_closed. One thread.
// TLS (limits.security): the port speaks TLS, and a peer is handed over only once its handshake
// is done. A handshake counts against the cap while it lasts and must finish within the line
// timeout (else the idle timeout); one that fails or stalls is closed and logged as a refusal,
// the log of which a flood cannot flood. With a plain port besides, that port is plain TCP.
class line_server {
 public:
  struct options {
    std::string place;  // what is full, in the refusal: "room", "desk"
    std::string noun;   // who it holds: "member", "customer"
    connection_limits limits;
    flow_limits flow;
  };
  struct handlers {
    std::function<std::size_t()> peer_count;
    std::function<void(std::shared_ptr<line_connection>)> on_connection;
    std::function<void(std::chrono::steady_clock::time_point now)> on_sweep;
  };

  // Listens on `listen_on` (and on the plain port, if any, at the same address); throws
  // std::system_error when it cannot. With a trace, every line to and from every peer is traced
  // (see line_connection).
  line_server(asio::io_context& io, const asio::ip::tcp::endpoint& listen_on, log_sink log,
              options settings, std::unique_ptr<traffic_trace> trace);

  asio::ip::tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }
  const connection_limits& limits() const { return settings_.limits; }
  const flow_limits& flow() const { return settings_.flow; }
  // Held while something other than a peer is behind (the desk's console): nobody is read from.
  flow_gate& gate() { return flow_.gate; }
  // Logs the certificate's fingerprint and the plain port, when there are such.
  void start(handlers callbacks);
  // Nothing is accepted or swept after this, the refusals still counted are logged and the
  // trace ends: the owner calls it last, after saying goodbye to its peers.
  void close();

  // Closes every peer of `peers` (a map of id -> something with a `connection`) that is out of
  // time at `now`, telling it why, then calls forget(id, reason) for the owner to let it go.
  template <typename PeerMap, typename Forget>
  void close_out_of_time(const PeerMap& peers, std::chrono::steady_clock::time_point now, Forget forget) {
    for (const auto& [id, kind] : out_of_time(peers, settings_.limits, now)) {
      peers.at(id).connection->close_with(as_line(encode_relay(hub_sender, timeout_reply(kind, settings_.limits))));
      forget(id, timeout_reason(kind, settings_.limits));
    }
  }

 private:
  void accept(asio::ip::tcp::socket socket, bool tls);
  void hand_over(std::shared_ptr<line_connection> connection);
  void judge_readers();

  connection_acceptor acceptor_;
  std::optional<connection_acceptor> plain_acceptor_;  // beside a TLS port
  options settings_;
  line_flow flow_;
  deadline_sweep sweep_;
  deadline_sweep flow_check_;
  // Every connection handed out, to be judged as a reader; forgotten once it is gone.
  std::vector<std::weak_ptr<line_connection>> connections_;
  refusal_log refusals_;
  log_sink log_;
  // TLS handshakes under way, to be cancelled at close(); forgotten once they have ended.
  std::vector<std::weak_ptr<tls_handshake>> handshakes_;
  std::size_t handshaking_ = 0;
  refusal_log failed_handshakes_;
  std::unique_ptr<traffic_trace> trace_;
  handlers handlers_;
  bool closed_ = false;
};

}  // namespace udpchat
