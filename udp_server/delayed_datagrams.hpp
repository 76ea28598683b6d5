// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <asio/io_context.hpp>
#include <asio/ip/udp.hpp>
#include <asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace udpchat {

// Datagrams the network simulator holds back (--delay, --reorder), each with its own bytes,
// released on the io_context's thread when due, earliest first (in the order held when due
// together). One timer, for the earliest; the hub never waits for them.
//
// Bounded: at most max_held datagrams and max_held_bytes of them. One past either bound is not
// held: hold() returns false, and the caller drops it.
class delayed_datagrams {
 public:
  static constexpr std::size_t max_held = 4096;
  static constexpr std::size_t max_held_bytes = 8 * 1024 * 1024;

  // Called with each datagram as it falls due; `released_all` once after a run of them.
  using release_function =
      std::function<void(std::string_view datagram, const asio::ip::udp::endpoint& to, const asio::ip::address& from)>;
  delayed_datagrams(asio::io_context& io, release_function release, std::function<void()> released_all);

  // Holds a copy of `datagram` for `to` (to leave from `from`) until `delay` from now; false,
  // holding nothing, past the bounds.
  bool hold(std::string_view datagram, const asio::ip::udp::endpoint& to, const asio::ip::address& from,
            std::chrono::milliseconds delay);
  // Releases everything held at once, earliest first, and stops the timer: for a hub closing.
  void release_all();
  std::size_t held() const { return heap_.size(); }

 private:
  struct entry {
    std::chrono::steady_clock::time_point due;
    std::uint64_t order;  // ties leave in the order they were held
    std::string bytes;
    asio::ip::udp::endpoint to;
    asio::ip::address from;
  };
  // std::push_heap keeps the greatest first: "greater" here is the one due first.
  static bool later(const entry& a, const entry& b) { return a.due != b.due ? a.due > b.due : a.order > b.order; }
  void release_until(std::chrono::steady_clock::time_point now);
  void arm();

  asio::steady_timer timer_;
  release_function release_;
  std::function<void()> released_all_;
  std::vector<entry> heap_;
  std::size_t bytes_ = 0;
  std::uint64_t next_order_ = 0;
  // When the timer is set for, if it is: a datagram due earlier sets it again.
  std::chrono::steady_clock::time_point armed_for_ = std::chrono::steady_clock::time_point::max();
};

}  // namespace udpchat
