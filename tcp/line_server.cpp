#include "line_server.hpp"

namespace udpchat {

line_server::line_server(asio::io_context& io, const asio::ip::tcp::endpoint& listen_on, log_sink log,
                         options settings, std::unique_ptr<traffic_trace> trace)
    : acceptor_{io, listen_on, log},
      settings_{std::move(settings)},
      sweep_{io, sweep_period(settings_.limits)},
      refusals_{io, std::move(log)},
      trace_{std::move(trace)} {}

void line_server::start(handlers callbacks) {
  handlers_ = std::move(callbacks);
  acceptor_.start([this](asio::ip::tcp::socket socket) { accept(std::move(socket)); });
  sweep_.start(handlers_.on_sweep);
}

void line_server::accept(asio::ip::tcp::socket socket) {
  if (handlers_.peer_count() >= settings_.limits.max_connections) {
    turn_away(std::move(socket), full_reason(settings_.place, settings_.limits, settings_.noun), refusals_,
              settings_.max_queued_bytes, trace_.get());
    return;
  }
  handlers_.on_connection(std::make_shared<line_connection>(std::move(socket), max_tcp_line_bytes,
                                                            settings_.max_queued_bytes, trace_.get()));
}

void line_server::close() {
  if (closed_) return;
  closed_ = true;
  acceptor_.close();
  sweep_.stop();
  refusals_.close();
  if (trace_) trace_->finish();
}

}  // namespace udpchat
