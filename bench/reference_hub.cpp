// SPDX-License-Identifier: GPL-3.0-or-later
#include "reference_hub.hpp"

#include <signal.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <asio/io_context.hpp>
#include <asio/ip/v6_only.hpp>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <memory>
#include <string_view>
#include <system_error>
#include <vector>

#include "endpoint_text.hpp"
#include "reference_members.hpp"
#include "udp_socket_options.hpp"
#include "udpchat/datagram_codec.hpp"

namespace udpchat::bench {
namespace {

using asio::ip::udp;

constexpr unsigned datagrams_per_receive = 64;
constexpr std::size_t datagrams_per_send = 1024;  // UIO_MAXIOV: the most one sendmmsg takes
constexpr int socket_buffer_bytes = 8 * 1024 * 1024;
// Each datagram is received this far into its slot, so that the sender's prefix fits in front.
constexpr std::size_t prefix_room = 128;
static_assert(prefix_room >= sizeof(reference_member::prefix));
constexpr std::size_t datagram_room = 65536;  // more than any UDP payload: nothing is cut
constexpr std::size_t slot_bytes = prefix_room + datagram_room;

// What the signal handler reaches: only a flag and a descriptor, set before it is installed
// and unset before the socket is closed.
volatile std::sig_atomic_t stop_requested = 0;
volatile std::sig_atomic_t socket_to_wake = -1;

extern "C" void on_ending_signal(int) {
  stop_requested = 1;
  const int saved = errno;
  // On an unconnected UDP socket this fails with ENOTCONN, yet marks both sides shut and wakes
  // every waiting receive and send, which then return at once; so does any later one. A
  // signal that comes just before a blocking call cannot leave it waiting.
  ::shutdown(socket_to_wake, SHUT_RDWR);
  errno = saved;
}

void install_ending_signals() {
  struct sigaction action{};
  action.sa_handler = on_ending_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: a blocked receive or send returns EINTR
  for (const int number : {SIGINT, SIGTERM, SIGHUP}) {
    struct sigaction before{};
    // A signal ignored at start (nohup, a background job's SIGINT) stays ignored.
    if (::sigaction(number, nullptr, &before) == 0 && before.sa_handler == SIG_IGN) continue;
    ::sigaction(number, &action, nullptr);
  }
}

bool fatal_receive_error(int error) {
  // A bound UDP socket fails a receive only for a mistake of ours; anything else (an error
  // the system queued for the socket) passes.
  return error == EBADF || error == EFAULT || error == EINVAL || error == ENOTSOCK;
}

std::string prefix_of(const sockaddr* address, socklen_t size) {
  udp::endpoint endpoint;
  std::memcpy(endpoint.data(), address, std::min<std::size_t>(size, endpoint.capacity()));
  endpoint.resize(size);
  return endpoint_text(endpoint) + std::string{field_separator};
}

class relay_loop {
 public:
  explicit relay_loop(int socket) : socket_{socket}, slots_{new char[datagrams_per_receive * slot_bytes]} {
    for (std::size_t i = 0; i < datagrams_per_receive; ++i) {
      received_texts_[i] = iovec{slots_.get() + i * slot_bytes + prefix_room, datagram_room};
      msghdr& header = received_[i].msg_hdr;
      header.msg_iov = &received_texts_[i];
      header.msg_iovlen = 1;
      header.msg_name = &senders_[i];
    }
    for (mmsghdr& header : queued_) header.msg_hdr.msg_iovlen = 1;
  }

  // Relays until a signal asks it to stop: true, or false after a fatal error (said on stderr).
  bool run(const std::string& program) {
    std::size_t used = datagrams_per_receive;
    while (stop_requested == 0) {
      for (std::size_t i = 0; i < used; ++i) received_[i].msg_hdr.msg_namelen = sizeof(sockaddr_in6);
      const int received = ::recvmmsg(socket_, received_.data(), datagrams_per_receive, MSG_WAITFORONE, nullptr);
      if (stop_requested != 0) break;
      if (received < 0) {
        if (fatal_receive_error(errno)) {
          std::cerr << program << ": cannot receive: " << std::strerror(errno) << '\n';
          return false;
        }
        continue;
      }
      used = static_cast<std::size_t>(received);
      for (std::size_t i = 0; i < used && stop_requested == 0; ++i) handle(i);
      send_queued();
    }
    return true;
  }

 private:
  void handle(std::size_t i) {
    char* const text = static_cast<char*>(received_texts_[i].iov_base);
    const inbound_datagram inbound = classify_inbound({text, received_[i].msg_len});
    const auto* from = reinterpret_cast<const sockaddr*>(&senders_[i]);
    const socklen_t from_size = received_[i].msg_hdr.msg_namelen;
    std::size_t sender = members_.find(from, from_size);
    if (inbound.kind == inbound_kind::quit) {
      if (sender == reference_members::none) return;  // only a member can leave
      const std::string_view prefix = members_[sender].prefix_text();
      char* const start = text - prefix.size();
      std::memcpy(start, prefix.data(), prefix.size());
      char* end = text;
      for (const std::string_view part : {left_notice, field_separator, departure_marker}) {
        end = std::copy(part.begin(), part.end(), end);
      }
      send_queued();  // the queued headers point at members that remove() may move
      members_.remove(sender);
      queue_relay(i, start, static_cast<std::size_t>(end - start), reference_members::none);
      return;
    }
    if (sender == reference_members::none) {
      send_queued();  // add() may move every member
      sender = members_.add(from, from_size, prefix_of(from, from_size));
      welcome(sender);
    }
    if (inbound.kind != inbound_kind::message) return;
    const std::string_view prefix = members_[sender].prefix_text();
    const std::size_t size = prefix.size() + inbound.text.size();
    if (size > max_udp_payload) return;
    char* const start = text - prefix.size();
    std::memcpy(start, prefix.data(), prefix.size());
    queue_relay(i, start, size, sender);
  }

  // As udpchat-server's welcome begins. A bench member that hears it answers the hub every 32
  // datagrams, as the terminal does; so both hubs get the same datagrams from the bench. Sent
  // at once: joins are rare, and the relays queued before it are already sent.
  void welcome(std::size_t member) {
    const reference_member& to = members_[member];
    const std::string_view prefix = to.prefix_text();
    std::string text{hub_sender};
    text += field_separator;
    text += welcome_notice;
    text += ", you are ";
    text += prefix.substr(0, prefix.size() - field_separator.size());
    ::sendto(socket_, text.data(), text.size(), MSG_NOSIGNAL, reinterpret_cast<const sockaddr*>(&to.address),
             to.address_size);
  }

  // Queues the relay in slot i to every member but `except`.
  void queue_relay(std::size_t i, char* start, std::size_t size, std::size_t except) {
    relays_[i] = iovec{start, size};
    for (std::size_t member = 0; member < members_.size(); ++member) {
      if (member == except) continue;
      msghdr& header = queued_[queued_count_].msg_hdr;
      header.msg_iov = &relays_[i];
      header.msg_name = &members_[member].address;
      header.msg_namelen = members_[member].address_size;
      if (++queued_count_ == queued_.size()) send_queued();
    }
  }

  void send_queued() {
    std::size_t sent = 0;
    while (sent < queued_count_ && stop_requested == 0) {
      const int taken = ::sendmmsg(socket_, &queued_[sent], static_cast<unsigned>(queued_count_ - sent), MSG_NOSIGNAL);
      if (taken > 0) {
        sent += static_cast<std::size_t>(taken);
      } else if (taken == 0 || errno != EINTR) {
        ++sent;  // refused for its destination: skip it, send the rest
      }
    }
    queued_count_ = 0;
  }

  int socket_;
  reference_members members_;
  // Left uninitialised on purpose: a page is only made resident when a datagram reaches it.
  std::unique_ptr<char[]> slots_;
  std::array<mmsghdr, datagrams_per_receive> received_{};
  std::array<iovec, datagrams_per_receive> received_texts_{};
  std::array<sockaddr_in6, datagrams_per_receive> senders_{};
  std::array<iovec, datagrams_per_receive> relays_{};  // the relay made of each received datagram
  std::array<mmsghdr, datagrams_per_send> queued_{};
  std::size_t queued_count_ = 0;
};

}  // namespace

int run_reference_hub(const std::string& program, const udp::endpoint& listen_on) {
  asio::io_context io;
  udp::socket socket{io};
  try {
    socket.open(listen_on.protocol());
    if (listen_on.address().is_v6()) socket.set_option(asio::ip::v6_only{false});
    socket.bind(listen_on);
  } catch (const std::system_error& error) {
    std::cerr << program << ": cannot listen on " << endpoint_text(listen_on) << ": " << error.code().message()
              << '\n';
    return 1;
  }
  enlarge_socket_buffers(socket, socket_buffer_bytes);
  socket_to_wake = socket.native_handle();
  install_ending_signals();
  std::printf("reference hub listening on %s\n", endpoint_text(socket.local_endpoint()).c_str());
  std::fflush(stdout);
  const auto loop = std::make_unique<relay_loop>(socket.native_handle());
  const bool stopped = loop->run(program);
  socket_to_wake = -1;
  return stopped ? 0 : 1;
}

}  // namespace udpchat::bench
