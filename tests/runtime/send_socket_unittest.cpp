// SPDX-License-Identifier: GPL-3.0-or-later
#include "send_socket.hpp"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <asio/io_context.hpp>
#include <asio/ip/v6_only.hpp>
#include <string>
#include <string_view>

namespace udpchat {
namespace {

using asio::ip::udp;
using namespace std::chrono_literals;

const udp::endpoint any_loopback_port{asio::ip::make_address("127.0.0.1"), 0};

// A receiving socket bound through send_socket, as the hub binds its own.
struct hub_sockets {
  hub_sockets(asio::io_context& io, const udp::endpoint& local, bool dual_stack = false)
      : receiver{opened(io, local, dual_stack)}, sender{receiver, local, 1 << 20} {}

  static udp::socket opened(asio::io_context& io, const udp::endpoint& local, bool dual_stack) {
    udp::socket socket{io, local.protocol()};
    if (dual_stack) socket.set_option(asio::ip::v6_only{false});
    return socket;
  }

  udp::socket receiver;
  send_socket sender;
};

// The next datagram waiting on `fd`, without waiting; empty if none is.
std::string waiting_on(int fd) {
  std::array<char, 512> buffer{};
  const auto size = ::recv(fd, buffer.data(), buffer.size(), MSG_DONTWAIT);
  return size < 0 ? std::string{} : std::string(buffer.data(), static_cast<std::size_t>(size));
}

TEST(SendSocketTest, DatagramsLeaveFromTheReceiversPortOnASocketOfTheirOwn) {
  asio::io_context io;
  hub_sockets hub{io, any_loopback_port};
  ASSERT_TRUE(hub.sender.separate());
  EXPECT_NE(hub.sender.handle(), hub.receiver.native_handle());
  udp::socket peer{io, any_loopback_port};
  const auto to = peer.local_endpoint();
  ASSERT_EQ(::sendto(hub.sender.handle(), "hello", 5, 0, to.data(), static_cast<socklen_t>(to.size())), 5);
  std::array<char, 16> buffer{};
  udp::endpoint from;
  const auto size = peer.receive_from(asio::buffer(buffer), from);
  EXPECT_EQ(std::string(buffer.data(), size), "hello");
  EXPECT_EQ(from, hub.receiver.local_endpoint());
}

TEST(SendSocketTest, EverythingSentToThePortReachesTheReceiverEvenWithAnotherSocketSharingIt) {
  asio::io_context io;
  hub_sockets hub{io, any_loopback_port};
  const auto port = hub.receiver.local_endpoint();
  // Another socket of the same user may join the port's group, but is given nothing.
  const int intruder = ::socket(AF_INET, SOCK_DGRAM, 0);
  ASSERT_GE(intruder, 0);
  const int on = 1;
  ASSERT_EQ(::setsockopt(intruder, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on), 0);
  ASSERT_EQ(::bind(intruder, port.data(), static_cast<socklen_t>(port.size())), 0);
  udp::socket peer{io, any_loopback_port};
  for (int i = 0; i < 20; ++i) peer.send_to(asio::buffer("datagram " + std::to_string(i)), port);
  std::array<char, 64> buffer{};
  for (int i = 0; i < 20; ++i) {
    const auto size = hub.receiver.receive(asio::buffer(buffer));
    EXPECT_EQ(std::string(buffer.data(), size), "datagram " + std::to_string(i));
  }
  // Loopback delivers as it sends: had either been given one, it would be waiting already.
  EXPECT_EQ(waiting_on(hub.sender.handle()), "");
  EXPECT_EQ(waiting_on(intruder), "");
  ::close(intruder);
}

TEST(SendSocketTest, APortInUseFailsAsAPlainBindWould) {
  asio::io_context io;
  udp::socket holder{io, any_loopback_port};
  try {
    hub_sockets hub{io, holder.local_endpoint()};
    ADD_FAILURE() << "bound a port in use";
  } catch (const asio::system_error& error) {
    EXPECT_EQ(error.code(), asio::error::address_in_use);
  }
}

TEST(SendSocketTest, ASecondHubOnTheSamePortFails) {
  asio::io_context io;
  hub_sockets first{io, any_loopback_port};
  EXPECT_THROW((hub_sockets{io, first.receiver.local_endpoint()}), asio::system_error);
}

TEST(SendSocketTest, DualStackSocketsSendToIPv4Members) {
  asio::io_context io;
  hub_sockets hub{io, udp::endpoint{asio::ip::address_v6::any(), 0}, true};
  ASSERT_TRUE(hub.sender.separate());
  udp::socket member{io, any_loopback_port};
  const udp::endpoint hub_v4{asio::ip::make_address("127.0.0.1"), hub.receiver.local_endpoint().port()};
  member.send_to(asio::buffer(std::string_view{"join"}), hub_v4);
  std::array<char, 16> buffer{};
  udp::endpoint member_seen;
  EXPECT_EQ(std::string(buffer.data(), hub.receiver.receive_from(asio::buffer(buffer), member_seen)), "join");
  ASSERT_EQ(::sendto(hub.sender.handle(), "welcome", 7, 0, member_seen.data(),
                     static_cast<socklen_t>(member_seen.size())),
            7);
  udp::endpoint from;
  EXPECT_EQ(std::string(buffer.data(), member.receive_from(asio::buffer(buffer), from)), "welcome");
  EXPECT_EQ(from, hub_v4);
}

TEST(SendSocketTest, AWaitForRoomEndsWhenThereIsRoomAndAfterClose) {
  asio::io_context io;
  hub_sockets hub{io, any_loopback_port};
  int calls = 0;
  asio::error_code seen = asio::error::would_block;
  hub.sender.async_wait_room([&](asio::error_code error) {
    ++calls;
    seen = error;
  });
  hub.sender.async_wait_room([&](asio::error_code) { ++calls; });
  io.run_for(2s);
  EXPECT_EQ(calls, 2);
  EXPECT_FALSE(seen);
  EXPECT_TRUE(hub.sender.wait_room(0ms));

  io.restart();
  hub.sender.async_wait_room([&](asio::error_code error) { seen = error; });
  hub.sender.close();
  io.run_for(2s);
  EXPECT_EQ(seen, asio::error::operation_aborted);
}

}  // namespace
}  // namespace udpchat
