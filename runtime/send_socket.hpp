// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The socket a hub's datagrams leave from. One implementation file per platform.
//
// On Linux it is a second socket, bound to the same address and port as the one the hub
// receives on, and watched by no epoll set. A socket in an epoll set has epoll's entry on its
// wait queue for as long as it is registered, and every datagram it sends calls that entry when
// the kernel frees the datagram's room in the send buffer (sock_wfree, then the socket's
// write_space callback): two locks taken with interrupts off, per destination. A socket nothing
// waits on skips all of it. Profiled relaying to 100 members on loopback, that path took 2.8 %
// of the hub's time, and none with a socket of its own (BENCHMARKS.md, "A socket of its own for
// sending"). Elsewhere the datagrams leave from the receiving socket.

#include <asio/error_code.hpp>
#include <asio/ip/udp.hpp>
#include <chrono>
#include <functional>
#include <optional>

#include "datagram_batches.hpp"

namespace udpchat {

class send_socket {
 public:
  // Binds `receiver` (open, its options set, not yet bound) to `local`, then, on Linux, opens
  // the sending socket on the address and port `receiver` got, with send buffers of
  // `buffer_bytes` (as enlarge_socket_buffers). Throws asio::system_error as bind(2) fails for
  // `receiver`, with "bind" as its context: a port in use fails as it would without a second
  // socket. Where the port cannot be shared (SO_REUSEPORT, and a program steering every datagram
  // that arrives to `receiver`: socket(7), SO_ATTACH_REUSEPORT_CBPF), datagrams leave from
  // `receiver` and nothing is reported.
  send_socket(asio::ip::udp::socket& receiver, const asio::ip::udp::endpoint& local, int buffer_bytes);
  ~send_socket();
  send_socket(const send_socket&) = delete;
  send_socket& operator=(const send_socket&) = delete;

  // What send_batch::flush sends on.
  datagram_socket_handle handle() const { return own_ ? *own_ : receiver_.native_handle(); }
  // Whether datagrams leave from a socket of their own rather than from the receiving one.
  bool separate() const { return own_.has_value(); }

  // Calls `ready` on the receiver's executor once the socket has room to send again; with
  // asio::error::operation_aborted after close(). Waits may overlap.
  void async_wait_room(std::function<void(asio::error_code)> ready);
  // Blocks the thread at most `timeout` for room to send; whether there is. For a last flush
  // while closing.
  bool wait_room(std::chrono::milliseconds timeout);
  // Closes the sending socket (not the receiver); pending waits end with operation_aborted.
  void close();

 private:
  // Registers a duplicate of the sending socket with the io_context, unless it is already;
  // false when the system has no descriptor to spare.
  bool watch_sender();

  asio::ip::udp::socket& receiver_;
  std::optional<datagram_socket_handle> own_;  // the sending socket, when there is one
  // A duplicate of own_ registered with the io_context only while a wait is pending: once
  // registered, the sending socket would pay for every datagram as the receiver does.
  asio::ip::udp::socket waiter_;
  int waits_ = 0;  // waits pending on waiter_
};

}  // namespace udpchat
