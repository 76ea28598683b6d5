// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/steady_timer.hpp>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "chat_link.hpp"
#include "keepalive_timer.hpp"
#include "line_connection.hpp"
#include "tls_client.hpp"

namespace udpchat {

// A TCP connection to a chat room or a help desk: one message per line. Once the server has
// shown it is a udpchat server (a line from "hub"), an empty line goes out whenever nothing
// else has for a keepalive interval, so a silent reader is not taken for a dead connection.
class tcp_server_link final : public chat_link {
 public:
  // Connects to the first of `server` that accepts (see connect_first), giving up after
  // `timeout`; throws std::system_error when it cannot. With a trace, every line sent and
  // received is traced. With a `name`, what is sent waits until the server has said welcome
  // and been asked for the name, or until name_wait has passed (a server that never welcomes).
  // With `tls`, the lines go over TLS, once the server is verified by those settings (the
  // handshake is given `timeout` too); throws tls_failure when it is not.
  tcp_server_link(asio::io_context& io, const std::vector<asio::ip::tcp::endpoint>& server,
                  std::chrono::milliseconds timeout, std::chrono::milliseconds keepalive_interval,
                  std::string name, traffic_trace* trace = nullptr,
                  const std::optional<tls_client_settings>& tls = std::nullopt);

  void start(handlers callbacks) override;
  void send(std::string_view message) override;
  void leave() override;
  std::string local_address() const override { return local_address_; }
  std::string server_address() const override { return server_address_; }
  std::size_t max_message_bytes() const override;
  std::size_t backlog_bytes() const override;
  // Done at once, or once the lines held for the name have gone (the server's own pace is
  // waited for by leave()).
  void finish_sending(std::function<void()> done) override;
  // Before start(): see line_connection::withhold_from_trace.
  void withhold_from_trace(std::function<bool(std::string_view line)> secret, std::string why) {
    connection_->withhold_from_trace(std::move(secret), std::move(why));
  }

 private:
  void send_held();

  std::shared_ptr<line_connection> connection_;
  std::string local_address_;
  std::string server_address_;
  keepalive_timer keepalive_;
  std::string name_;  // asked for (/nick) when a room says welcome
  bool server_says_hub_ = false;  // a udpchat server, which closes after quit
  bool leaving_ = false;
  asio::steady_timer name_wait_;
  bool holding_ = false;  // lines wait for the name to be asked for
  std::deque<std::string> held_;
  std::function<void()> finished_;
};

}  // namespace udpchat
