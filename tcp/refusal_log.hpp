// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/steady_timer.hpp>
#include <cstddef>
#include <string>
#include <string_view>

#include "log_text.hpp"

namespace udpchat {

// Logs refused connections without letting a flood of them flood the log: the first refusal is
// logged at once with its address, later ones are counted, and the count is logged at most once
// a second while they go on.
class refusal_log {
 public:
  refusal_log(asio::io_context& io, log_sink log);

  // `reason` is the same for every refusal until the count is logged: the reason last given
  // goes with the count.
  void refused(std::string_view address, std::string_view reason);
  // Logs what is still counted; no line after this.
  void close();

 private:
  void wait();
  void log_count();

  asio::steady_timer timer_;
  log_sink log_;
  std::string reason_;
  std::size_t unlogged_ = 0;
  bool waiting_ = false;  // a line was logged less than a second ago
  bool closed_ = false;
};

class traffic_trace;

// Turns away a connection past a server's cap: it gets "hub____error: <reason>; try again later"
// and is closed; `refusals` logs it. Nothing it sends is read.
void turn_away(asio::ip::tcp::socket socket, std::string_view reason, refusal_log& refusals,
               std::size_t max_queued_bytes, traffic_trace* trace);

}  // namespace udpchat
