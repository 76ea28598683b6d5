// SPDX-License-Identifier: GPL-3.0-or-later
#include "connection_acceptor.hpp"

#include <asio/ip/v6_only.hpp>
#include <chrono>

namespace udpchat {

connection_acceptor::connection_acceptor(asio::io_context& io,
                                         const asio::ip::tcp::endpoint& endpoint, log_sink log)
    : acceptor_{io}, retry_timer_{io}, log_{std::move(log)} {
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(asio::ip::tcp::acceptor::reuse_address{true});
  if (endpoint.address().is_v6()) {
    // On "::" serve IPv4 and IPv6 peers together, whatever the system default.
    acceptor_.set_option(asio::ip::v6_only{false});
  }
  acceptor_.bind(endpoint);
  acceptor_.listen();
}

void connection_acceptor::start(on_accept handler) {
  on_accept_ = std::move(handler);
  do_accept();
}

void connection_acceptor::close() {
  asio::error_code ignored;
  acceptor_.close(ignored);
  retry_timer_.cancel();
}

void connection_acceptor::do_accept() {
  acceptor_.async_accept([this](asio::error_code error, asio::ip::tcp::socket socket) {
    if (error == asio::error::operation_aborted || !acceptor_.is_open()) return;
    if (!error) {
      on_accept_(std::move(socket));
      do_accept();
      return;
    }
    log_("cannot accept a connection: " + error.message() + "; trying again in 100 ms");
    retry_timer_.expires_after(std::chrono::milliseconds{100});
    retry_timer_.async_wait([this](asio::error_code timer_error) {
      if (!timer_error) do_accept();
    });
  });
}

}  // namespace udpchat
