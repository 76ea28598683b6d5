// SPDX-License-Identifier: GPL-3.0-or-later
#include "tcp_server_link.hpp"

#include <asio/post.hpp>
#include <utility>

#include "endpoint_text.hpp"
#include "hub_news.hpp"
#include "tcp_connect.hpp"
#include "udpchat/datagram_codec.hpp"
#include "udpchat/line_framer.hpp"
#include "udpchat/member_command.hpp"

namespace udpchat {
namespace {

using asio::ip::tcp;

// The terminal pauses its input long before this (see chat_link::backlog_bytes); it is only a
// guard against a bug, not a limit anyone should meet.
constexpr std::size_t max_queued_bytes = 64 * 1024 * 1024;

// How long lines wait for a welcome when a name is to be asked for first: a udpchat room says
// welcome as soon as it accepts, so this is only ever waited out by another server.
constexpr std::chrono::seconds name_wait{1};

}  // namespace

tcp_server_link::tcp_server_link(asio::io_context& io, const std::vector<tcp::endpoint>& server,
                                 std::chrono::milliseconds timeout,
                                 std::chrono::milliseconds keepalive_interval, std::string name,
                                 traffic_trace* trace, const std::optional<tls_client_settings>& tls)
    : keepalive_{io, keepalive_interval, [this] { send({}); }},
      name_{std::move(name)},
      name_wait_{io},
      holding_{!name_.empty()} {
  tcp::socket socket = connect_first(io, server, timeout);
  local_address_ = endpoint_text(socket.local_endpoint());
  server_address_ = endpoint_text(socket.remote_endpoint());
  if (tls) {
    connection_ = std::make_shared<line_connection>(start_tls(io, std::move(socket), *tls, timeout),
                                                    max_tcp_line_bytes, max_queued_bytes, trace);
    return;
  }
  connection_ =
      std::make_shared<line_connection>(std::move(socket), max_tcp_line_bytes, max_queued_bytes, trace);
}

void tcp_server_link::start(handlers callbacks) {
  connection_->start(line_connection::handlers{
      [this, on_message = callbacks.on_message](std::string_view line) {
        const hub_news news = read_hub_news(line);
        // A server that expires members sooner than the interval asked for says so in its welcome.
        if (news.idle_timeout) keepalive_.at_most(*news.idle_timeout / 3);
        if (news.from_hub) {
          server_says_hub_ = true;
          keepalive_.start();
        }
        if (news.welcome && !name_.empty()) {
          connection_->deliver(shared_line(std::string{nick_command} + " " + name_));
          send_held();
        }
        on_message(line);
      },
      [on_notice = callbacks.on_notice] {
        on_notice("*** a line longer than " + std::to_string(max_tcp_line_bytes) +
                  " bytes from the server was dropped");
      },
      [this, on_notice = callbacks.on_notice, on_closed = callbacks.on_closed](std::string_view why) {
        keepalive_.stop();
        if (!leaving_) on_notice("*** the server closed the connection (" + std::string{why} + ")");
        on_closed();
      },
      callbacks.on_sent,
      {}});
  if (holding_) {
    name_wait_.expires_after(name_wait);
    name_wait_.async_wait([this](asio::error_code error) {
      if (!error) send_held();
    });
  }
}

void tcp_server_link::send(std::string_view message) {
  if (holding_) {
    held_.emplace_back(message);
    return;
  }
  connection_->deliver(shared_line(message));
  keepalive_.note_sent();
}

void tcp_server_link::send_held() {
  if (!holding_) return;
  holding_ = false;
  name_wait_.cancel();
  for (const auto& line : held_) send(line);
  held_.clear();
  // Not from inside the handler that took the welcome: it still has the welcome to show.
  if (finished_) asio::post(name_wait_.get_executor(), std::exchange(finished_, nullptr));
}

void tcp_server_link::finish_sending(std::function<void()> done) {
  if (!holding_) {
    done();
    return;
  }
  finished_ = std::move(done);
}

void tcp_server_link::leave() {
  send_held();
  keepalive_.stop();
  leaving_ = true;
  // A udpchat room or desk paces what it reads: lines sent just before quit may still wait in
  // its socket, and it says goodbye and closes once it has read them all (at most its 60 s flood
  // bound, so a little more here). Another server (ncat) may never close: a second is enough.
  const auto wait = server_says_hub_ ? std::chrono::milliseconds{std::chrono::seconds{65}}
                                     : line_connection::linger_time;
  connection_->finish_with(as_line(quit_command), wait);
}

std::size_t tcp_server_link::max_message_bytes() const { return max_tcp_line_bytes; }

std::size_t tcp_server_link::backlog_bytes() const { return connection_->queued_bytes(); }

}  // namespace udpchat
