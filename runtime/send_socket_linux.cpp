// SPDX-License-Identifier: GPL-3.0-or-later
// The sending socket on Linux: a second socket in the receiver's SO_REUSEPORT group, which a
// classic BPF program keeps from ever being given a datagram.
#include <linux/filter.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "send_socket.hpp"
#include "udp_socket_options.hpp"

namespace udpchat {

using asio::ip::udp;

namespace {

bool set_int(int fd, int level, int name, int value) {
  return ::setsockopt(fd, level, name, &value, sizeof value) == 0;
}

bool v6_only(int fd) {
  int value = 0;
  socklen_t size = sizeof value;
  return ::getsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &value, &size) == 0 && value != 0;
}

// A UDP socket of `local`'s family that no event loop knows of, IPV6_V6ONLY as `only_v6`.
int open_plain(const udp::endpoint& local, bool only_v6) {
  const int fd = ::socket(local.data()->sa_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd >= 0 && local.address().is_v6() && !set_int(fd, IPPROTO_IPV6, IPV6_V6ONLY, only_v6 ? 1 : 0)) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Whether `local` is free, by binding a socket that does not share: a port another program (or
// another hub) holds must fail the hub's start as a plain bind would, not be joined.
asio::error_code bind_alone(const udp::endpoint& local, bool only_v6) {
  const int fd = open_plain(local, only_v6);
  if (fd < 0) return {errno, asio::error::get_system_category()};
  asio::error_code error;
  if (::bind(fd, local.data(), static_cast<socklen_t>(local.size())) != 0) {
    error = {errno, asio::error::get_system_category()};
  }
  ::close(fd);
  return error;
}

// Opens `fd` to sharing its port, every datagram still going to `fd`: the program returns the
// index of the socket to be given the datagram, and the group numbers its sockets in the order
// they were bound, `fd` first (socket(7), SO_ATTACH_REUSEPORT_CBPF).
bool share_port_keeping_arrivals(int fd) {
  sock_filter first_socket[] = {{BPF_RET | BPF_K, 0, 0, 0}};
  sock_fprog program{1, first_socket};
  if (!set_int(fd, SOL_SOCKET, SO_REUSEPORT, 1)) return false;
  if (::setsockopt(fd, SOL_SOCKET, SO_ATTACH_REUSEPORT_CBPF, &program, sizeof program) == 0) return true;
  set_int(fd, SOL_SOCKET, SO_REUSEPORT, 0);
  return false;
}

// The second member of the group, on `bound`; -1 if the system refuses.
int open_sender(const udp::endpoint& bound, bool only_v6, int buffer_bytes) {
  const int fd = open_plain(bound, only_v6);
  if (fd < 0) return -1;
  if (!set_int(fd, SOL_SOCKET, SO_REUSEPORT, 1) ||
      ::bind(fd, bound.data(), static_cast<socklen_t>(bound.size())) != 0) {
    ::close(fd);
    return -1;
  }
  if (!set_int(fd, SOL_SOCKET, SO_SNDBUFFORCE, buffer_bytes)) set_int(fd, SOL_SOCKET, SO_SNDBUF, buffer_bytes);
  // Nothing is meant to arrive; a broadcast to the port still would (udp(7) gives those to every
  // socket bound to it), so the least room the system allows.
  set_int(fd, SOL_SOCKET, SO_RCVBUF, 0);
  return fd;
}

}  // namespace

send_socket::send_socket(udp::socket& receiver, const udp::endpoint& local, int buffer_bytes)
    : receiver_{receiver}, waiter_{receiver.get_executor()} {
  const int fd = receiver.native_handle();
  const bool only_v6 = local.address().is_v6() && v6_only(fd);
  if (local.port() != 0) {
    if (const auto error = bind_alone(local, only_v6)) asio::detail::throw_error(error, "bind");
  }
  const bool shared = share_port_keeping_arrivals(fd);
  receiver.bind(local);
  if (!shared) return;
  if (const int sender = open_sender(receiver.local_endpoint(), only_v6, buffer_bytes); sender >= 0) own_ = sender;
}

send_socket::~send_socket() { close(); }

void send_socket::async_wait_room(std::function<void(asio::error_code)> ready) {
  if (!own_ || !watch_sender()) {
    // No sending socket of its own; or no descriptor left to watch it with, when waiting on the
    // receiver (which has room) comes back at once and the caller's next flush tells.
    receiver_.async_wait(udp::socket::wait_write, std::move(ready));
    return;
  }
  ++waits_;
  waiter_.async_wait(udp::socket::wait_write, [this, ready = std::move(ready)](asio::error_code error) {
    if (--waits_ == 0) {
      asio::error_code ignored;
      waiter_.close(ignored);
    }
    ready(error);
  });
}

bool send_socket::watch_sender() {
  if (waiter_.is_open()) return true;
  const int copy = ::dup(*own_);
  if (copy < 0) return false;
  asio::error_code error;
  waiter_.assign(receiver_.local_endpoint().protocol(), copy, error);
  if (error) ::close(copy);
  return !error;
}

bool send_socket::wait_room(std::chrono::milliseconds timeout) {
  if (!own_) return wait_for_send_room(receiver_, timeout);
  pollfd writable{*own_, POLLOUT, 0};
  return ::poll(&writable, 1, static_cast<int>(timeout.count())) > 0;
}

void send_socket::close() {
  asio::error_code ignored;
  waiter_.close(ignored);
  if (own_) ::close(*own_);
  own_.reset();
}

}  // namespace udpchat
