// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/ip/udp.hpp>
#include <cstddef>
#include <functional>
#include <memory>
#include <string_view>

namespace udpchat {
class traffic_trace;
}

namespace udpchat::bench {

// M chat members connected to one server, all on the io_context's thread.
class chat_members {
 public:
  using on_message = std::function<void(std::size_t member, std::string_view relayed)>;

  virtual ~chat_members() = default;
  virtual void start(on_message handler) = 0;
  virtual void send(std::size_t member, std::string_view text) = 0;
  // Asks the server again to count `member` in (a UDP join may be lost; TCP needs nothing).
  virtual void rejoin(std::size_t member) = 0;
  virtual std::size_t size() const = 0;
};

// UDP sockets on 127.0.0.1-style local addresses, each connected to the hub, each joined with
// an empty datagram. With a trace, every datagram sent and received is traced.
std::unique_ptr<chat_members> udp_members(asio::io_context& io, const asio::ip::udp::endpoint& hub,
                                          std::size_t count, traffic_trace* trace);
// TCP connections to a room, one line per message.
std::unique_ptr<chat_members> tcp_members(asio::io_context& io, const asio::ip::tcp::endpoint& room,
                                          std::size_t count, traffic_trace* trace);

}  // namespace udpchat::bench
