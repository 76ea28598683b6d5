// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>
#include <string>

#include "chat_link.hpp"
#include "tcp_server_link.hpp"

namespace udpchat {

// A remote agent's connection to a help desk (udpchat --tcp --agent): a TCP line connection
// whose first line logs in ("/agent NAME KEY", see tcp/desk_login.hpp), and whose every other
// line typed is an agent command. What the desk shows the agent comes as "desk____<text>"
// relays and is shown as the text alone, as the console agent sees it; the desk's own notices
// ("hub____...") are shown as notices. The customer's welcome the desk sends before it has read
// the login is not shown.
class agent_link final : public chat_link {
 public:
  // Connects as tcp_server_link does, over TLS when given `tls` (throws std::system_error when
  // it cannot, tls_failure when the server is not verified). `name` follows the /nick rule and
  // `secret` the key file's (tcp/desk_key_file.hpp); neither is checked here. With a trace, the
  // login line is traced too, key and all.
  agent_link(asio::io_context& io, const std::vector<asio::ip::tcp::endpoint>& server,
             std::chrono::milliseconds timeout, std::chrono::milliseconds keepalive_interval, std::string name,
             std::string secret, traffic_trace* trace = nullptr,
             const std::optional<tls_client_settings>& tls = std::nullopt);

  void start(handlers callbacks) override;
  void send(std::string_view message) override { link_.send(message); }
  void leave() override { link_.leave(); }
  std::string local_address() const override { return link_.local_address(); }
  std::string server_address() const override { return link_.server_address(); }
  std::size_t max_message_bytes() const override { return link_.max_message_bytes(); }
  std::size_t backlog_bytes() const override { return link_.backlog_bytes(); }
  void finish_sending(std::function<void()> done) override { link_.finish_sending(std::move(done)); }
  std::string refusal() const override;

 private:
  tcp_server_link link_;
  std::string name_;
  std::string secret_;
  bool logged_in_ = false;
  bool refused_ = false;  // the desk closed the connection before it welcomed us as an agent
};

}  // namespace udpchat
