// SPDX-License-Identifier: GPL-3.0-or-later
#include "tcp_server_link.hpp"

#include <asio/connect.hpp>
#include <optional>

#include "endpoint_text.hpp"
#include "hub_news.hpp"
#include "udpchat/datagram_codec.hpp"
#include "udpchat/line_framer.hpp"
#include "udpchat/member_command.hpp"

namespace udpchat {
namespace {

using asio::ip::tcp;

// The terminal pauses its input long before this (see chat_link::backlog_bytes); it is only a
// guard against a bug, not a limit anyone should meet.
constexpr std::size_t max_queued_bytes = 64 * 1024 * 1024;

tcp::socket connect_within(asio::io_context& io, const tcp::endpoint& server,
                           std::chrono::milliseconds timeout) {
  tcp::socket socket{io};
  std::optional<asio::error_code> result;
  socket.async_connect(server, [&result](asio::error_code error) { result = error; });
  // Nothing else runs yet: this waits for the connection alone.
  io.run_for(timeout);
  io.restart();
  if (!result) {
    asio::error_code ignored;
    socket.close(ignored);
    io.poll();  // lets the cancelled connect finish while `result` is still alive
    io.restart();
    throw std::system_error{asio::error::timed_out};
  }
  if (*result) throw std::system_error{*result};
  return socket;
}

}  // namespace

tcp_server_link::tcp_server_link(asio::io_context& io, const tcp::endpoint& server,
                                 std::chrono::milliseconds timeout,
                                 std::chrono::milliseconds keepalive_interval, std::string name,
                                 traffic_trace* trace)
    : keepalive_{io, keepalive_interval, [this] { send({}); }}, name_{std::move(name)} {
  tcp::socket socket = connect_within(io, server, timeout);
  local_address_ = endpoint_text(socket.local_endpoint());
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
        if (news.welcome && !name_.empty()) send(std::string{nick_command} + " " + name_);
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
}

void tcp_server_link::send(std::string_view message) {
  connection_->deliver(shared_line(message));
  keepalive_.note_sent();
}

void tcp_server_link::leave() {
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
