// SPDX-License-Identifier: GPL-3.0-or-later
#include "line_server.hpp"

#include <algorithm>

#include "endpoint_text.hpp"
#include "tls_certificate.hpp"
#include "tls_handshake.hpp"
#include "unsent_limit.hpp"

namespace udpchat {

line_server::line_server(asio::io_context& io, const asio::ip::tcp::endpoint& listen_on, log_sink log,
                         options settings, std::unique_ptr<traffic_trace> trace)
    : acceptor_{io, listen_on, log},
      settings_{std::move(settings)},
      flow_{settings_.flow},
      sweep_{io, sweep_period(settings_.limits)},
      flow_check_{io, flow_check_period},
      refusals_{io, log},
      log_{log},
      failed_handshakes_{io, log},
      trace_{std::move(trace)} {
  const connection_security& security = settings_.limits.security;
  if (security.tls && security.plain_port) {
    plain_acceptor_.emplace(io, asio::ip::tcp::endpoint{listen_on.address(), *security.plain_port}, std::move(log));
  }
}

void line_server::start(handlers callbacks) {
  handlers_ = std::move(callbacks);
  const bool tls = settings_.limits.security.tls != nullptr;
  if (tls) log_("TLS on this port; the certificate's SHA-256 fingerprint is " + settings_.limits.security.tls->fingerprint);
  acceptor_.start([this, tls](asio::ip::tcp::socket socket) { accept(std::move(socket), tls); });
  if (plain_acceptor_) {
    log_("plain TCP (no TLS) on " + endpoint_text(plain_acceptor_->local_endpoint()));
    plain_acceptor_->start([this](asio::ip::tcp::socket socket) { accept(std::move(socket), false); });
  }
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

void line_server::accept(asio::ip::tcp::socket socket, bool tls) {
  if (handlers_.peer_count() + handshaking_ >= settings_.limits.max_connections) {
    const std::string reason = full_reason(settings_.place, settings_.limits, settings_.noun);
    if (tls) {
      // Told nothing: it could read no line before a handshake.
      asio::error_code ignored;
      refusals_.refused(endpoint_text(socket.remote_endpoint(ignored)), reason);
      socket.close(ignored);
      return;
    }
    turn_away(std::move(socket), reason, refusals_, settings_.flow.max_queued_bytes, trace_.get());
    return;
  }
  // Linux takes megabytes for a peer that does not read unless told otherwise (tcp(7)); then
  // that backlog hides in the kernel, where backpressure and the limits cannot see it.
  limit_unsent_bytes(socket, kernel_unsent_bytes);
  if (!tls) {
    auto connection = std::make_shared<line_connection>(std::move(socket), max_tcp_line_bytes,
                                                        settings_.flow.max_queued_bytes, trace_.get());
    // A `udpchat --tls` pointed at this port would otherwise be relayed as binary lines.
    connection->refuse_tls_handshakes();
    hand_over(std::move(connection));
    return;
  }
  asio::error_code ignored;
  std::string address = endpoint_text(socket.remote_endpoint(ignored));
  const auto& limits = settings_.limits;
  const auto deadline = limits.line_timeout > std::chrono::milliseconds::zero() ? limits.line_timeout : limits.idle_timeout;
  ++handshaking_;
  std::erase_if(handshakes_, [](const std::weak_ptr<tls_handshake>& each) { return each.expired(); });
  handshakes_.push_back(tls_handshake::start(
      std::move(socket), *limits.security.tls, deadline,
      [this, address = std::move(address)](std::shared_ptr<tls_stream> session, std::string_view why) {
        --handshaking_;
        if (closed_) return;
        if (!session) {
          failed_handshakes_.refused(address, why);
          return;
        }
        hand_over(std::make_shared<line_connection>(std::move(session), max_tcp_line_bytes,
                                                    settings_.flow.max_queued_bytes, trace_.get()));
      }));
}

void line_server::hand_over(std::shared_ptr<line_connection> connection) {
  connection->pace_with(flow_);
  connections_.push_back(connection);
  handlers_.on_connection(std::move(connection));
}

void line_server::close() {
  if (closed_) return;
  closed_ = true;
  acceptor_.close();
  if (plain_acceptor_) plain_acceptor_->close();
  for (const auto& each : handshakes_) {
    if (const auto handshake = each.lock()) handshake->cancel();
  }
  handshakes_.clear();
  failed_handshakes_.close();
  sweep_.stop();
  flow_check_.stop();
  refusals_.close();
  if (trace_) trace_->finish();
}

}  // namespace udpchat
