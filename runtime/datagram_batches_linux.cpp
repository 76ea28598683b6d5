// SPDX-License-Identifier: GPL-3.0-or-later
// Batches on Linux: one recvmmsg(2) or sendmmsg(2) for many datagrams.
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "arrival_address_linux.hpp"
#include "datagram_batches.hpp"

namespace udpchat {

namespace {

// The first bytes of every datagram land in a small dense area, the rest (if any) in the slot's
// 64 KiB: the kernel then touches one page for every four short datagrams of a batch instead of
// one page each, and a hub that only ever sees short datagrams keeps 16 KiB of its batch
// resident rather than 256 KiB. A longer datagram is made whole again with one copy.
constexpr std::size_t head_bytes = 1024;

}  // namespace

struct receive_batch::system_headers {
  std::unique_ptr<char[]> heads;  // head_bytes per slot
  std::vector<iovec> iovecs;      // two per slot: its head, then the rest of its slot
  std::vector<sockaddr_storage> senders;
  std::vector<mmsghdr> headers;
  std::size_t control_bytes = 0;  // per slot; 0 unless take_destinations()
  std::vector<char> controls;
  // The headers the last call filled: the kernel rewrote their address and control lengths,
  // and only those need setting again. At the rates of a class a call takes one datagram, and
  // setting all the batch's headers each time cost more than the rest of the receive.
  std::size_t filled = 0;
};

receive_batch::receive_batch(std::size_t slots)
    : slots_{slots}, buffers_{new char[slots * slot_bytes]}, headers_{std::make_unique<system_headers>()} {
  headers_->heads.reset(new char[slots * head_bytes]);
  headers_->iovecs.resize(2 * slots);
  headers_->senders.resize(slots);
  headers_->headers.resize(slots);
  for (std::size_t i = 0; i < slots_; ++i) {
    headers_->iovecs[2 * i] = iovec{headers_->heads.get() + i * head_bytes, head_bytes};
    headers_->iovecs[2 * i + 1] = iovec{buffers_.get() + i * slot_bytes + head_bytes, slot_bytes - head_bytes};
    mmsghdr& header = headers_->headers[i];
    header = mmsghdr{};
    header.msg_hdr.msg_iov = &headers_->iovecs[2 * i];
    header.msg_hdr.msg_iovlen = 2;
    header.msg_hdr.msg_name = &headers_->senders[i];
    header.msg_hdr.msg_namelen = sizeof(sockaddr_storage);
  }
}

receive_batch::~receive_batch() = default;
receive_batch::receive_batch(receive_batch&&) noexcept = default;
receive_batch& receive_batch::operator=(receive_batch&&) noexcept = default;

std::size_t receive_batch::receive(datagram_socket_handle socket, std::error_code& error) {
  const std::size_t control_bytes = headers_->control_bytes;
  for (std::size_t i = 0; i < headers_->filled; ++i) {
    headers_->headers[i].msg_hdr.msg_namelen = sizeof(sockaddr_storage);
    headers_->headers[i].msg_hdr.msg_controllen = control_bytes;
  }
  headers_->filled = 0;
  const int received =
      ::recvmmsg(socket, headers_->headers.data(), static_cast<unsigned>(slots_), MSG_DONTWAIT, nullptr);
  if (received < 0) {
    headers_->filled = 1;  // the system's word is that a failed call writes nothing: not relied on
    if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
      error = std::error_code{errno, std::system_category()};
    }
    return 0;
  }
  headers_->filled = static_cast<std::size_t>(received);
  for (std::size_t i = 0; i < static_cast<std::size_t>(received); ++i) {
    if (headers_->headers[i].msg_len > head_bytes) {
      std::memcpy(buffers_.get() + i * slot_bytes, headers_->heads.get() + i * head_bytes, head_bytes);
    }
  }
  return static_cast<std::size_t>(received);
}

std::string_view receive_batch::datagram(std::size_t i) const {
  const std::size_t size = headers_->headers[i].msg_len;
  const char* start = size > head_bytes ? buffers_.get() + i * slot_bytes : headers_->heads.get() + i * head_bytes;
  return {start, size};
}

asio::ip::udp::endpoint receive_batch::sender(std::size_t i) const {
  asio::ip::udp::endpoint from;
  const std::size_t size = std::min<std::size_t>(headers_->headers[i].msg_hdr.msg_namelen, from.capacity());
  std::memcpy(from.data(), &headers_->senders[i], size);
  from.resize(size);
  return from;
}

void receive_batch::take_destinations() {
  const std::size_t control_bytes = arrival_control_bytes();
  headers_->control_bytes = control_bytes;
  headers_->controls.assign(slots_ * control_bytes, 0);
  for (std::size_t i = 0; i < slots_; ++i) {
    headers_->headers[i].msg_hdr.msg_control = headers_->controls.data() + i * control_bytes;
    headers_->headers[i].msg_hdr.msg_controllen = control_bytes;
  }
}

asio::ip::address receive_batch::destination(std::size_t i) const {
  if (headers_->control_bytes == 0) return {};
  return arrival_address(headers_->headers[i].msg_hdr);
}

struct send_batch::system_headers {
  static constexpr std::size_t max_per_call = 1024;  // UIO_MAXIOV
  std::vector<mmsghdr> headers;
  std::vector<iovec> iovecs;  // one per header, which points at it from when it is made
  std::vector<char> controls;  // one source address per header

  // Makes room for `count` headers, at most max_per_call. A header's iovec and its count never
  // change, and are set here once rather than for each datagram sent.
  void make_room(std::size_t count) {
    if (headers.size() >= count) return;
    // A call's worth at once: grown by doubling, the arrays would leave each smaller copy
    // behind in the heap, and end at nearly twice the room a call can use. Room not written
    // to is never made resident.
    headers.reserve(max_per_call);
    iovecs.reserve(max_per_call);
    headers.resize(count);
    iovecs.resize(count);
    for (std::size_t i = 0; i < count; ++i) {
      headers[i].msg_hdr.msg_iov = &iovecs[i];
      headers[i].msg_hdr.msg_iovlen = 1;
    }
  }
};

send_batch::send_batch() : headers_{std::make_unique<system_headers>()} { queue_.reserve(queue_reserved); }
send_batch::~send_batch() = default;
send_batch::send_batch(send_batch&&) noexcept = default;
send_batch& send_batch::operator=(send_batch&&) noexcept = default;

bool send_batch::flush(datagram_socket_handle socket) {
  auto& [headers, iovecs, controls] = *headers_;
  const bool with_sources = !sources_.empty();
  while (next_ < queue_.size()) {
    const std::size_t count = std::min(queue_.size() - next_, system_headers::max_per_call);
    headers_->make_room(count);
    const std::size_t control_bytes = with_sources ? arrival_control_bytes() : 0;
    if (controls.size() < count * control_bytes) controls.resize(system_headers::max_per_call * control_bytes);
    for (std::size_t i = 0; i < count; ++i) {
      queued_datagram& each = queue_[next_ + i];
      iovecs[i] = iovec{bytes_.data() + each.offset, each.size};
      msghdr& header = headers[i].msg_hdr;
      header.msg_name = each.to.data();
      header.msg_namelen = static_cast<socklen_t>(each.to.size());
      header.msg_control = nullptr;
      header.msg_controllen = 0;
      if (!with_sources) continue;
      char* control = controls.data() + i * control_bytes;
      if (const std::size_t written = write_source_address(sources_[next_ + i], control); written != 0) {
        header.msg_control = control;
        header.msg_controllen = written;
      }
    }
    const int taken = ::sendmmsg(socket, headers.data(), static_cast<unsigned>(count), MSG_DONTWAIT);
    if (taken < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS) return false;
      ++next_;  // refused for its destination: skip it, send the rest
      continue;
    }
    sent(static_cast<std::size_t>(taken));
  }
  clear_sent();
  return true;
}

}  // namespace udpchat
