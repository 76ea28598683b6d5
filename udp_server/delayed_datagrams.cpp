// SPDX-License-Identifier: GPL-3.0-or-later
#include "delayed_datagrams.hpp"

#include <algorithm>

namespace udpchat {

delayed_datagrams::delayed_datagrams(asio::io_context& io, release_function release,
                                     std::function<void()> released_all)
    : timer_{io}, release_{std::move(release)}, released_all_{std::move(released_all)} {}

bool delayed_datagrams::hold(std::string_view datagram, const asio::ip::udp::endpoint& to,
                             const asio::ip::address& from, std::chrono::milliseconds delay) {
  if (heap_.size() >= max_held || bytes_ + datagram.size() > max_held_bytes) return false;
  heap_.push_back(entry{std::chrono::steady_clock::now() + delay, next_order_++, std::string{datagram}, to, from});
  std::push_heap(heap_.begin(), heap_.end(), later);
  bytes_ += datagram.size();
  if (heap_.front().due < armed_for_) arm();
  return true;
}

void delayed_datagrams::arm() {
  armed_for_ = heap_.front().due;
  timer_.expires_at(armed_for_);  // cancels the wait for a later one
  timer_.async_wait([this](asio::error_code error) {
    if (error) return;  // set again for an earlier datagram, or stopped
    armed_for_ = std::chrono::steady_clock::time_point::max();
    release_until(std::chrono::steady_clock::now());
    if (!heap_.empty()) arm();
  });
}

void delayed_datagrams::release_until(std::chrono::steady_clock::time_point now) {
  bool released = false;
  while (!heap_.empty() && heap_.front().due <= now) {
    std::pop_heap(heap_.begin(), heap_.end(), later);
    entry due = std::move(heap_.back());
    heap_.pop_back();
    bytes_ -= due.bytes.size();
    release_(due.bytes, due.to, due.from);
    released = true;
  }
  if (released) released_all_();
}

void delayed_datagrams::release_all() {
  timer_.cancel();
  armed_for_ = std::chrono::steady_clock::time_point::max();
  release_until(std::chrono::steady_clock::time_point::max());
}

}  // namespace udpchat
