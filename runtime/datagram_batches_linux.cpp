// SPDX-License-Identifier: GPL-3.0-or-later
#include "datagram_batches.hpp"

#include "arrival_address.hpp"

#include <netinet/in.h>

#include <cerrno>
#include <cstring>

namespace udpchat {

receive_batch::receive_batch(std::size_t slots)
    : slots_{slots},
      buffers_{new char[slots * slot_bytes]},
      iovecs_(slots),
      senders_(slots),
      headers_(slots) {
  for (std::size_t i = 0; i < slots_; ++i) {
    iovecs_[i] = iovec{buffers_.get() + i * slot_bytes, slot_bytes};
    headers_[i] = mmsghdr{};
    headers_[i].msg_hdr.msg_iov = &iovecs_[i];
    headers_[i].msg_hdr.msg_iovlen = 1;
    headers_[i].msg_hdr.msg_name = &senders_[i];
  }
}

std::size_t receive_batch::receive(int fd, std::error_code& error) {
  for (auto& header : headers_) {
    header.msg_hdr.msg_namelen = sizeof(sockaddr_storage);
    header.msg_hdr.msg_controllen = control_bytes_;
  }
  const int received =
      ::recvmmsg(fd, headers_.data(), static_cast<unsigned>(slots_), MSG_DONTWAIT, nullptr);
  if (received < 0) {
    if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
      error = std::error_code{errno, std::system_category()};
    }
    return 0;
  }
  return static_cast<std::size_t>(received);
}

std::string_view receive_batch::datagram(std::size_t i) const {
  return {buffers_.get() + i * slot_bytes, headers_[i].msg_len};
}

asio::ip::udp::endpoint receive_batch::sender(std::size_t i) const {
  asio::ip::udp::endpoint from;
  const std::size_t size = std::min<std::size_t>(headers_[i].msg_hdr.msg_namelen, from.capacity());
  std::memcpy(from.data(), &senders_[i], size);
  from.resize(size);
  return from;
}

void receive_batch::take_destinations() {
  control_bytes_ = arrival_control_bytes();
  controls_.assign(slots_ * control_bytes_, 0);
  for (std::size_t i = 0; i < slots_; ++i) {
    headers_[i].msg_hdr.msg_control = controls_.data() + i * control_bytes_;
  }
}

asio::ip::address receive_batch::destination(std::size_t i) const {
  if (control_bytes_ == 0) return {};
  return arrival_address(headers_[i].msg_hdr);
}

send_batch::payload send_batch::add_payload(std::string_view bytes) {
  const std::size_t offset = bytes_.size();
  bytes_.append(bytes);
  return {offset, bytes.size()};
}

void send_batch::send(payload datagram, const asio::ip::udp::endpoint& to, const asio::ip::address& from) {
  destinations_.push_back(to);
  payloads_.push_back(datagram);
  sources_.push_back(from);
}

bool send_batch::flush(int fd) {
  while (next_ < destinations_.size()) {
    const std::size_t count = std::min(destinations_.size() - next_, max_per_call);
    headers_.resize(count);
    iovecs_.resize(count);
    const std::size_t control_bytes = arrival_control_bytes();
    if (controls_.size() < count * control_bytes) controls_.resize(max_per_call * control_bytes);
    for (std::size_t i = 0; i < count; ++i) {
      const payload& bytes = payloads_[next_ + i];
      auto& to = destinations_[next_ + i];
      iovecs_[i] = iovec{bytes_.data() + bytes.offset, bytes.size};
      headers_[i] = mmsghdr{};
      headers_[i].msg_hdr.msg_iov = &iovecs_[i];
      headers_[i].msg_hdr.msg_iovlen = 1;
      headers_[i].msg_hdr.msg_name = to.data();
      headers_[i].msg_hdr.msg_namelen = static_cast<socklen_t>(to.size());
      char* control = controls_.data() + i * control_bytes;
      if (const std::size_t written = write_source_address(sources_[next_ + i], control); written != 0) {
        headers_[i].msg_hdr.msg_control = control;
        headers_[i].msg_hdr.msg_controllen = written;
      }
    }
    const int sent = ::sendmmsg(fd, headers_.data(), static_cast<unsigned>(count), MSG_DONTWAIT);
    if (sent < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS) return false;
      ++next_;  // refused for its destination: skip it, send the rest
      continue;
    }
    if (on_sent_) {
      for (std::size_t i = 0; i < static_cast<std::size_t>(sent); ++i) {
        on_sent_(view(payloads_[next_ + i]), destinations_[next_ + i], sources_[next_ + i]);
      }
    }
    next_ += static_cast<std::size_t>(sent);
  }
  // All sent: start empty, keeping the capacity, unless one burst made it very large.
  constexpr std::size_t kept_bytes = 1024 * 1024;
  bytes_.clear();
  if (bytes_.capacity() > kept_bytes) bytes_.shrink_to_fit();
  destinations_.clear();
  payloads_.clear();
  sources_.clear();
  next_ = 0;
  return true;
}

}  // namespace udpchat
