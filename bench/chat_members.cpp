// SPDX-License-Identifier: GPL-3.0-or-later
#include "chat_members.hpp"

#include <sys/socket.h>

#include <asio/connect.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "datagram_batches.hpp"
#include "endpoint_text.hpp"
#include "line_connection.hpp"
#include "traffic_trace.hpp"
#include "udpchat/line_framer.hpp"

namespace udpchat::bench {
namespace {

using asio::ip::tcp;
using asio::ip::udp;

// Receive room for bursts, so losses are the server's and not the bench's own.
constexpr int member_receive_buffer = 4 * 1024 * 1024;
// As the udpchat terminal does: a udpchat hub pauses a member that never answers.
constexpr std::uint32_t ack_every = 32;
constexpr std::string_view hub_welcome = "hub____welcome";

class udp_chat_members final : public chat_members {
 public:
  udp_chat_members(asio::io_context& io, const udp::endpoint& hub, std::size_t count,
                   traffic_trace* trace)
      : batch_{64}, unanswered_(count, 0), trace_{trace}, hub_text_{endpoint_text(hub)} {
    sockets_.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
      udp::socket& socket = sockets_.emplace_back(io);
      socket.connect(hub);
      socket.non_blocking(true);
      const int fd = socket.native_handle();
      if (::setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &member_receive_buffer, sizeof member_receive_buffer) != 0) {
        ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &member_receive_buffer, sizeof member_receive_buffer);
      }
      if (trace_ != nullptr) member_text_.push_back(endpoint_text(socket.local_endpoint()));
    }
  }

  void start(on_message handler) override {
    handler_ = std::move(handler);
    for (std::size_t i = 0; i < sockets_.size(); ++i) {
      do_wait(i);
      rejoin(i);
    }
  }

  void send(std::size_t member, std::string_view text) override {
    asio::error_code ignored;  // a datagram the system will not take is a loss, and counted as one
    sockets_[member].send(asio::buffer(text.data(), text.size()), 0, ignored);
    unanswered_[member] = 0;
    if (trace_ != nullptr) trace_->record(traffic_direction::sent, member_text_[member], hub_text_, text);
  }

  void rejoin(std::size_t member) override { send(member, {}); }
  std::size_t size() const override { return sockets_.size(); }

 private:
  void do_wait(std::size_t member) {
    sockets_[member].async_wait(udp::socket::wait_read, [this, member](asio::error_code error) {
      if (error) return;
      // One receive batch serves every socket: only one is drained at a time.
      for (int calls = 0; calls < 16; ++calls) {
        std::error_code receive_error;
        const std::size_t count = batch_.receive(sockets_[member].native_handle(), receive_error);
        for (std::size_t i = 0; i < count; ++i) {
          const std::string_view datagram = batch_.datagram(i);
          if (!answers_hub_ && datagram.starts_with(hub_welcome)) answers_hub_ = true;
          if (trace_ != nullptr) {
            trace_->record(traffic_direction::received, hub_text_, member_text_[member], datagram);
          }
          handler_(member, datagram);
        }
        unanswered_[member] += static_cast<std::uint32_t>(count);
        if (count < 64) break;
      }
      if (answers_hub_ && unanswered_[member] >= ack_every) send(member, {});
      do_wait(member);
    });
  }

  std::vector<udp::socket> sockets_;
  receive_batch batch_;
  on_message handler_;
  std::vector<std::uint32_t> unanswered_;  // datagrams received since the member last sent
  bool answers_hub_ = false;               // the hub said welcome: it is a udpchat hub
  traffic_trace* trace_;
  std::string hub_text_;
  std::vector<std::string> member_text_;  // each member's address, when tracing
};

class tcp_chat_members final : public chat_members {
 public:
  tcp_chat_members(asio::io_context& io, const tcp::endpoint& room, std::size_t count,
                   traffic_trace* trace)
      : trace_{trace}, room_text_{endpoint_text(room)} {
    for (std::size_t i = 0; i < count; ++i) {
      tcp::socket socket{io};
      socket.connect(room);
      if (trace_ != nullptr) member_text_.push_back(endpoint_text(socket.local_endpoint()));
      // The bench itself never drops a line it has to send.
      connections_.push_back(std::make_shared<line_connection>(std::move(socket), 1 << 20, std::size_t{1} << 40));
    }
  }

  void start(on_message handler) override {
    handler_ = std::move(handler);
    for (std::size_t i = 0; i < connections_.size(); ++i) {
      connections_[i]->start(line_connection::handlers{
          [this, i](std::string_view line) {
            if (trace_ != nullptr) {
              trace_->record(traffic_direction::received, room_text_, member_text_[i], as_line(line));
            }
            handler_(i, line);
          },
          [] {}, [](std::string_view) {}, {}, {}});
    }
  }

  void send(std::size_t member, std::string_view text) override {
    std::string line = as_line(text);
    if (trace_ != nullptr) trace_->record(traffic_direction::sent, member_text_[member], room_text_, line);
    connections_[member]->deliver(std::make_shared<const std::string>(std::move(line)));
  }

  void rejoin(std::size_t) override {}
  std::size_t size() const override { return connections_.size(); }

 private:
  std::vector<std::shared_ptr<line_connection>> connections_;
  on_message handler_;
  traffic_trace* trace_;
  std::string room_text_;
  std::vector<std::string> member_text_;  // each member's address, when tracing
};

}  // namespace

std::unique_ptr<chat_members> udp_members(asio::io_context& io, const udp::endpoint& hub,
                                          std::size_t count, traffic_trace* trace) {
  return std::make_unique<udp_chat_members>(io, hub, count, trace);
}

std::unique_ptr<chat_members> tcp_members(asio::io_context& io, const tcp::endpoint& room,
                                          std::size_t count, traffic_trace* trace) {
  return std::make_unique<tcp_chat_members>(io, room, count, trace);
}

}  // namespace udpchat::bench
