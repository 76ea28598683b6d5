// SPDX-License-Identifier: GPL-3.0-or-later
#include "refusal_log.hpp"

#include <chrono>
#include <memory>

#include "connection_limits.hpp"
#include "endpoint_text.hpp"
#include "line_connection.hpp"
#include "udpchat/datagram_codec.hpp"
#include "udpchat/line_framer.hpp"

namespace udpchat {
namespace {

constexpr std::chrono::seconds quiet_time{1};

}  // namespace

refusal_log::refusal_log(asio::io_context& io, log_sink log) : timer_{io}, log_{std::move(log)} {}

void refusal_log::refused(std::string_view address, std::string_view reason) {
  if (closed_) return;
  if (waiting_) {
    ++unlogged_;
    reason_ = reason;
    return;
  }
  log_("refused " + std::string{address} + ": " + std::string{reason});
  wait();
}

void refusal_log::wait() {
  waiting_ = true;
  timer_.expires_after(quiet_time);
  timer_.async_wait([this](asio::error_code error) {
    if (error || closed_) return;
    waiting_ = false;
    if (unlogged_ == 0) return;
    log_count();
    wait();
  });
}

void refusal_log::log_count() {
  log_("refused " + counted(unlogged_, "more connection") + ": " + reason_);
  unlogged_ = 0;
}

void refusal_log::close() {
  if (closed_) return;
  closed_ = true;
  timer_.cancel();
  if (unlogged_ > 0) log_count();
}

void turn_away(asio::ip::tcp::socket socket, std::string_view reason, refusal_log& refusals,
                std::size_t max_queued_bytes, traffic_trace* trace) {
  const auto connection =
      std::make_shared<line_connection>(std::move(socket), max_tcp_line_bytes, max_queued_bytes, trace);
  refusals.refused(endpoint_text(connection->remote_endpoint()), reason);
  connection->close_with(as_line(encode_relay(hub_sender, full_reply(reason))));
}

}  // namespace udpchat
