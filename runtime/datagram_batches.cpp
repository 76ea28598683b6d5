// SPDX-License-Identifier: GPL-3.0-or-later
// What the batches do the same way on every platform: queueing, and keeping the queue small.
#include "datagram_batches.hpp"

namespace udpchat {

send_batch::payload send_batch::add_payload(std::string_view bytes) {
  const std::size_t offset = bytes_.size();
  bytes_.append(bytes);
  return {offset, bytes.size()};
}

void send_batch::send(payload datagram, const asio::ip::udp::endpoint& to, const asio::ip::address& from) {
  if (sources_.empty() && from.is_unspecified()) {
    send(datagram, to);
    return;
  }
  sources_.resize(queue_.size());
  sources_.push_back(from);
  queue_.push_back({to, static_cast<std::uint32_t>(datagram.offset), static_cast<std::uint32_t>(datagram.size)});
}

void send_batch::sent(std::size_t count) {
  if (on_sent_) {
    for (std::size_t i = next_; i < next_ + count; ++i) {
      on_sent_(std::string_view{bytes_}.substr(queue_[i].offset, queue_[i].size), queue_[i].to, source(i));
    }
  }
  next_ += count;
}

void send_batch::clear_sent() {
  // Keeps the capacity, unless one burst made it very large.
  constexpr std::size_t kept_bytes = 1024 * 1024;
  bytes_.clear();
  if (bytes_.capacity() > kept_bytes) bytes_.shrink_to_fit();
  queue_.clear();
  sources_.clear();
  next_ = 0;
}

}  // namespace udpchat
