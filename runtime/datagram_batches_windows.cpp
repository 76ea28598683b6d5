// SPDX-License-Identifier: GPL-3.0-or-later
// Batches on Windows, which has no call for many datagrams at once: one recvfrom or sendto
// each, on the non-blocking socket (Winsock's recvfrom and sendto, as documented by Microsoft).
#include <winsock2.h>
#include <ws2tcpip.h>

#include <asio/error.hpp>
#include <cstring>

#include "arrival_address.hpp"
#include "datagram_batches.hpp"

namespace udpchat {

struct receive_batch::system_headers {
  std::vector<sockaddr_storage> senders;
  std::vector<int> sender_sizes;
  std::vector<std::size_t> sizes;  // of each datagram
};

receive_batch::receive_batch(std::size_t slots)
    : slots_{slots}, buffers_{new char[slots * slot_bytes]}, headers_{std::make_unique<system_headers>()} {
  headers_->senders.resize(slots);
  headers_->sender_sizes.resize(slots);
  headers_->sizes.resize(slots);
}

receive_batch::~receive_batch() = default;
receive_batch::receive_batch(receive_batch&&) noexcept = default;
receive_batch& receive_batch::operator=(receive_batch&&) noexcept = default;

std::size_t receive_batch::receive(datagram_socket_handle socket, std::error_code& error) {
  std::size_t count = 0;
  // Each call takes a datagram or a report of an earlier send; at most `slots_` calls.
  for (std::size_t call = 0; call < slots_ && count < slots_; ++call) {
    auto& sender = headers_->senders[count];
    int& sender_size = headers_->sender_sizes[count];
    sender_size = sizeof sender;
    const int received = ::recvfrom(socket, buffers_.get() + count * slot_bytes, static_cast<int>(slot_bytes), 0,
                                    reinterpret_cast<sockaddr*>(&sender), &sender_size);
    if (received != SOCKET_ERROR) {
      headers_->sizes[count++] = static_cast<std::size_t>(received);
      continue;
    }
    const int failure = ::WSAGetLastError();
    if (failure == WSAEWOULDBLOCK) break;
    // An ICMP report that an earlier datagram found no listener (WSAECONNRESET) or ran out of
    // hops (WSAENETRESET). It names no datagram waiting here: the next one is taken.
    if (failure == WSAECONNRESET || failure == WSAENETRESET) continue;
    error = std::error_code{failure, asio::error::get_system_category()};
    break;
  }
  return count;
}

std::string_view receive_batch::datagram(std::size_t i) const {
  return {buffers_.get() + i * slot_bytes, headers_->sizes[i]};
}

asio::ip::udp::endpoint receive_batch::sender(std::size_t i) const {
  asio::ip::udp::endpoint from;
  const std::size_t size =
      std::min<std::size_t>(static_cast<std::size_t>(headers_->sender_sizes[i]), from.capacity());
  std::memcpy(from.data(), &headers_->senders[i], size);
  from.resize(size);
  return from;
}

// report_arrival_addresses() is never on here (arrival_address_windows.cpp).
void receive_batch::take_destinations() {}

asio::ip::address receive_batch::destination(std::size_t) const { return {}; }

struct send_batch::system_headers {};

send_batch::send_batch() : headers_{std::make_unique<system_headers>()} { queue_.reserve(queue_reserved); }
send_batch::~send_batch() = default;
send_batch::send_batch(send_batch&&) noexcept = default;
send_batch& send_batch::operator=(send_batch&&) noexcept = default;

bool send_batch::flush(datagram_socket_handle socket) {
  while (next_ < queue_.size()) {
    const queued_datagram& each = queue_[next_];
    // The source address is the system's choice: no source is ever set here.
    const int taken = ::sendto(socket, bytes_.data() + each.offset, static_cast<int>(each.size), 0, each.to.data(),
                               static_cast<int>(each.to.size()));
    if (taken == SOCKET_ERROR) {
      const int failure = ::WSAGetLastError();
      if (failure == WSAEWOULDBLOCK || failure == WSAENOBUFS) return false;
      ++next_;  // refused for its destination: skip it, send the rest
      continue;
    }
    sent(1);
  }
  clear_sent();
  return true;
}

}  // namespace udpchat
