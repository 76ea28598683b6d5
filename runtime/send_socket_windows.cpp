// SPDX-License-Identifier: GPL-3.0-or-later
// The sending socket on Windows: the receiving socket itself. Winsock has no wait queue that
// every datagram sent calls, and no SO_REUSEPORT to share a port with.
#include "send_socket.hpp"
#include "udp_socket_options.hpp"

namespace udpchat {

using asio::ip::udp;

send_socket::send_socket(udp::socket& receiver, const udp::endpoint& local, int)
    : receiver_{receiver}, waiter_{receiver.get_executor()} {
  receiver.bind(local);
}

send_socket::~send_socket() = default;

void send_socket::async_wait_room(std::function<void(asio::error_code)> ready) {
  receiver_.async_wait(udp::socket::wait_write, std::move(ready));
}

bool send_socket::watch_sender() { return false; }

bool send_socket::wait_room(std::chrono::milliseconds timeout) { return wait_for_send_room(receiver_, timeout); }

void send_socket::close() {}

}  // namespace udpchat
