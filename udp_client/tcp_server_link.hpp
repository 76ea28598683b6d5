// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <memory>

#include "chat_link.hpp"
#include "keepalive_timer.hpp"
#include "line_connection.hpp"

namespace udpchat {

// A TCP connection to a chat room or a help desk: one message per line. Once the server has
// shown it is a udpchat server (a line from "hub"), an empty line goes out whenever nothing
// else has for a keepalive interval, so a silent reader is not taken for a dead connection.
class tcp_server_link final : public chat_link {
 public:
  // Connects, giving up after `timeout`; throws std::system_error when it cannot. With a trace,
  // every line sent and received is traced.
  tcp_server_link(asio::io_context& io, const asio::ip::tcp::endpoint& server,
                  std::chrono::milliseconds timeout, std::chrono::milliseconds keepalive_interval,
                  std::string name, traffic_trace* trace = nullptr);

  void start(handlers callbacks) override;
  void send(std::string_view message) override;
  void leave() override;
  std::string local_address() const override { return local_address_; }
  std::size_t max_message_bytes() const override;
  std::size_t backlog_bytes() const override;

 private:
  std::shared_ptr<line_connection> connection_;
  std::string local_address_;
  keepalive_timer keepalive_;
  std::string name_;  // asked for (/nick) when a room says welcome
  bool server_says_hub_ = false;  // a udpchat server, which closes after quit
  bool leaving_ = false;
};

}  // namespace udpchat
