// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <sys/types.h>

#include "chat_members.hpp"
#include "latency_histogram.hpp"

namespace udpchat::bench {

struct trial_settings {
  double rate = 0;  // messages per second from all senders together; 0 = as fast as possible
  std::size_t senders = 1;
  std::size_t message_bytes = 64;
  std::chrono::milliseconds duration{2000};
  std::optional<pid_t> server_pid;  // to measure the server's CPU time
};

struct trial_result {
  double target_rate = 0;
  std::uint64_t sent = 0;
  std::uint64_t expected = 0;  // sent x (members - 1)
  std::uint64_t delivered = 0;
  double seconds = 0;          // the send phase
  double drain_seconds = 0;    // from the last send to the last delivery
  std::uint64_t p50_us = 0;
  std::uint64_t p99_us = 0;
  std::uint64_t max_us = 0;
  std::optional<double> server_cpu_seconds;
  std::optional<std::uint64_t> server_peak_kb;  // the server's peak resident size so far

  double offered_rate() const { return seconds > 0 ? static_cast<double>(sent) / seconds : 0; }
  double delivered_rate() const { return seconds > 0 ? static_cast<double>(delivered) / seconds : 0; }
  double loss() const {
    return expected == 0 ? 0 : 1.0 - static_cast<double>(delivered) / static_cast<double>(expected);
  }
  // Kept up: under 0.1 % lost, the generator on schedule, and nothing left queued behind.
  bool sustained() const;
};

// Drives M members through the server: S of them send on an open-loop schedule, everyone counts
// what reaches them. One instance runs all trials, so late arrivals from an earlier trial are
// recognised and ignored.
class load_driver {
 public:
  load_driver(asio::io_context& io, chat_members& members);
  // Waits until every member hears member 0; false (after `deadline`) if some never do.
  bool warm_up(std::chrono::milliseconds deadline);
  trial_result run(const trial_settings& settings);
  // The hub told a sender to slow down: its rate limit, not its capacity, set the pace.
  bool server_limited_rate() const { return server_limited_rate_; }
  // The hub turned members away (its member or join limits): the bench's members all come
  // from one address, as no class does.
  bool server_turned_away() const { return server_turned_away_; }

 private:
  void on_message(std::size_t member, std::string_view relayed);
  void run_until(const bool& done);

  asio::io_context& io_;
  chat_members& members_;
  std::uint64_t next_sequence_ = 0;
  bool server_limited_rate_ = false;
  bool server_turned_away_ = false;
  std::uint64_t trial_first_sequence_ = 0;
  std::uint64_t delivered_ = 0;
  std::chrono::steady_clock::time_point last_delivery_;
  latency_histogram latencies_;
  std::vector<bool> heard_member_zero_;
};

}  // namespace udpchat::bench
