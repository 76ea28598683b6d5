// SPDX-License-Identifier: GPL-3.0-or-later
#include "line_server.hpp"

#include <algorithm>

#include "unsent_limit.hpp"

namespace udpchat {

line_server::line_server(asio::io_context& io, const asio::ip::tcp::endpoint& listen_on, log_sink log,
                         options settings, std::unique_ptr<traffic_trace> trace)
    : acceptor_{io, listen_on, log},
      settings_{std::move(settings)},
      flow_{settings_.flow},
      sweep_{io, sweep_period(settings_.limits)},
      flow_check_{io, flow_check_period},
      refusals_{io, std::move(log)},
      trace_{std::move(trace)} {}

void line_server::start(handlers callbacks) {
  handlers_ = std::move(callbacks);
  acceptor_.start([this](asio::ip::tcp::socket socket) { accept(std::move(socket)); });
  sweep_.start(handlers_.on_sweep);
  flow_check_.start([this](std::chrono::steady_clock::time_point) { judge_readers(); });
}

void line_server::judge_readers() {
  const auto now = flow_clock::now();
  std::erase_if(connections_, [](const std::weak_ptr<line_connection>& each) { return each.expired(); });
  // Judging never calls back into the owner (a drop is posted), so the list stays as it is.
  for (const auto& each : connections_) {
    if (const auto connection = each.lock()) connection->judge(now);
  }
}

void line_server::accept(asio::ip::tcp::socket socket) {
  if (handlers_.peer_count() >= settings_.limits.max_connections) {
    turn_away(std::move(socket), full_reason(settings_.place, settings_.limits, settings_.noun), refusals_,
              settings_.flow.max_queued_bytes, trace_.get());
    return;
  }
  // Linux takes megabytes for a peer that does not read unless told otherwise (tcp(7)); then
  // that backlog hides in the kernel, where backpressure and the limits cannot see it.
  limit_unsent_bytes(socket, kernel_unsent_bytes);
  auto connection = std::make_shared<line_connection>(std::move(socket), max_tcp_line_bytes,
                                                      settings_.flow.max_queued_bytes, trace_.get());
  connection->pace_with(flow_);
  connections_.push_back(connection);
  handlers_.on_connection(std::move(connection));
}

void line_server::close() {
  if (closed_) return;
  closed_ = true;
  acceptor_.close();
  sweep_.stop();
  flow_check_.stop();
  refusals_.close();
  if (trace_) trace_->finish();
}

}  // namespace udpchat
