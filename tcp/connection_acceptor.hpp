// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/steady_timer.hpp>
#include <functional>

#include "log_text.hpp"

namespace udpchat {

// Accepts TCP connections for as long as it is open. An accept error (out of file descriptors,
// say) is logged and accepting resumes shortly after, so the server neither stops nor spins.
class connection_acceptor {
 public:
  using on_accept = std::function<void(asio::ip::tcp::socket)>;

  // Listens on `endpoint`; throws std::system_error when it cannot.
  connection_acceptor(asio::io_context& io, const asio::ip::tcp::endpoint& endpoint, log_sink log);

  asio::ip::tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }
  void start(on_accept handler);
  void close();

 private:
  void do_accept();

  asio::ip::tcp::acceptor acceptor_;
  asio::steady_timer retry_timer_;
  log_sink log_;
  on_accept on_accept_;
};

}  // namespace udpchat
