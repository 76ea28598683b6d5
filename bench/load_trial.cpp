// SPDX-License-Identifier: GPL-3.0-or-later
#include "load_trial.hpp"

#include <time.h>
#include <unistd.h>

#include <asio/post.hpp>
#include <asio/steady_timer.hpp>
#include <cmath>
#include <fstream>

#include "bench_message.hpp"

namespace udpchat::bench {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

constexpr auto quiet_before_done = milliseconds{300};
constexpr auto longest_drain = milliseconds{5000};
constexpr std::uint64_t burst_when_unpaced = 64;

std::uint64_t monotonic_ns() {
  timespec now{};
  ::clock_gettime(CLOCK_MONOTONIC, &now);
  return static_cast<std::uint64_t>(now.tv_sec) * 1'000'000'000U + static_cast<std::uint64_t>(now.tv_nsec);
}

// The CPU time of every thread of `pid`, ended ones too, in nanoseconds, read through the
// process's CPU-time clock (clock_getcpuclockid(3)). Unlike the clock ticks of /proc/PID/stat
// (10 ms each at the usual 100 Hz), it tells apart a hub that spends 20 ms in a trial from one
// that spends 25 ms. nullopt where the system will not tell.
std::optional<double> process_clock_seconds(pid_t pid) {
  clockid_t clock{};
  timespec used{};
  if (::clock_getcpuclockid(pid, &clock) != 0 || ::clock_gettime(clock, &used) != 0) return std::nullopt;
  return static_cast<double>(used.tv_sec) + static_cast<double>(used.tv_nsec) / 1e9;
}

std::optional<double> cpu_seconds(std::optional<pid_t> pid) {
  if (!pid) return std::nullopt;
  if (const auto precise = process_clock_seconds(*pid)) return precise;
  std::ifstream stat{"/proc/" + std::to_string(*pid) + "/stat"};
  std::string field;
  // utime and stime are fields 14 and 15; the command name (field 2) holds no spaces here.
  for (int i = 1; i <= 13 && stat >> field; ++i) {
  }
  unsigned long long user = 0;
  unsigned long long system = 0;
  if (!(stat >> user >> system)) return std::nullopt;
  return static_cast<double>(user + system) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

std::optional<std::uint64_t> peak_resident_kb(std::optional<pid_t> pid) {
  if (!pid) return std::nullopt;
  std::ifstream status{"/proc/" + std::to_string(*pid) + "/status"};
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("VmHWM:")) return std::stoull(line.substr(6));
  }
  return std::nullopt;
}

constexpr std::string_view slow_down_notice = "hub____error: slow down";
constexpr std::string_view turned_away_notice = "hub____error: too many";
constexpr std::string_view full_notice = "hub____error: the hub is full";

}  // namespace

bool trial_result::sustained() const {
  const double scheduled = target_rate * seconds;
  const bool on_schedule = target_rate <= 0 || static_cast<double>(sent) >= 0.98 * scheduled;
  return loss() < 0.001 && on_schedule && drain_seconds <= 0.05;
}

load_driver::load_driver(asio::io_context& io, chat_members& members)
    : io_{io}, members_{members}, heard_member_zero_(members.size(), false) {
  members_.start([this](std::size_t member, std::string_view relayed) { on_message(member, relayed); });
}

void load_driver::on_message(std::size_t member, std::string_view relayed) {
  const auto message = find_bench_message(relayed);
  if (!message) {
    if (relayed.starts_with(slow_down_notice)) server_limited_rate_ = true;
    if (relayed.starts_with(turned_away_notice) || relayed.starts_with(full_notice)) server_turned_away_ = true;
    return;
  }
  if (message->member == 0) heard_member_zero_[member] = true;
  if (message->sequence < trial_first_sequence_) return;  // a late arrival from an earlier trial
  ++delivered_;
  last_delivery_ = steady_clock::now();
  const std::uint64_t now = monotonic_ns();
  latencies_.add(now > message->sent_ns ? now - message->sent_ns : 0);
}

void load_driver::run_until(const bool& done) {
  while (!done && io_.run_one() > 0) {
  }
}

bool load_driver::warm_up(milliseconds deadline) {
  const auto give_up_at = steady_clock::now() + deadline;
  std::string text;
  asio::steady_timer tick{io_};
  for (;;) {
    std::size_t heard = 0;
    for (std::size_t i = 1; i < members_.size(); ++i) {
      if (heard_member_zero_[i]) {
        ++heard;
      } else {
        members_.rejoin(i);
      }
    }
    if (heard + 1 >= members_.size()) return true;
    if (steady_clock::now() >= give_up_at) return false;
    format_bench_message({0, next_sequence_++, monotonic_ns()}, 32, text);
    members_.send(0, text);
    bool waited = false;
    tick.expires_after(milliseconds{100});
    tick.async_wait([&waited](asio::error_code) { waited = true; });
    run_until(waited);
  }
}

trial_result load_driver::run(const trial_settings& settings) {
  trial_result result;
  result.target_rate = settings.rate;
  trial_first_sequence_ = next_sequence_;
  delivered_ = 0;
  latencies_.clear();
  const auto cpu_before = cpu_seconds(settings.server_pid);

  const auto start = steady_clock::now();
  const auto stop_sending = start + settings.duration;
  std::string text;
  bool sending_done = false;
  asio::steady_timer pace{io_};
  std::function<void()> send_due;
  send_due = [&] {
    const auto now = steady_clock::now();
    if (now >= stop_sending) {
      sending_done = true;
      return;
    }
    const double elapsed = std::chrono::duration<double>(now - start).count();
    const std::uint64_t due = settings.rate > 0
                                  ? static_cast<std::uint64_t>(std::floor(elapsed * settings.rate)) + 1
                                  : result.sent + burst_when_unpaced;
    for (; result.sent < due; ++result.sent) {
      const auto sender = static_cast<std::uint32_t>(result.sent % settings.senders);
      format_bench_message({sender, next_sequence_++, monotonic_ns()}, settings.message_bytes, text);
      members_.send(sender, text);
    }
    if (settings.rate > 0) {
      pace.expires_after(std::chrono::microseconds{200});
      pace.async_wait([&](asio::error_code) { send_due(); });
    } else {
      asio::post(io_, send_due);  // lets the receive side run between bursts
    }
  };
  send_due();
  run_until(sending_done);
  const auto sent_until = steady_clock::now();
  result.seconds = std::chrono::duration<double>(sent_until - start).count();

  // Drain: done after a quiet spell, or at the latest after longest_drain.
  last_delivery_ = sent_until;
  bool drained = false;
  std::function<void()> check_quiet;
  check_quiet = [&] {
    const auto now = steady_clock::now();
    if (now - last_delivery_ >= quiet_before_done || now - sent_until >= longest_drain) {
      drained = true;
      return;
    }
    pace.expires_after(milliseconds{20});
    pace.async_wait([&](asio::error_code) { check_quiet(); });
  };
  check_quiet();
  run_until(drained);

  result.expected = result.sent * (members_.size() - 1);
  result.delivered = delivered_;
  result.drain_seconds = std::max(0.0, std::chrono::duration<double>(last_delivery_ - sent_until).count());
  result.p50_us = latencies_.percentile_us(0.50);
  result.p99_us = latencies_.percentile_us(0.99);
  result.max_us = latencies_.max_us();
  const auto cpu_after = cpu_seconds(settings.server_pid);
  if (cpu_before && cpu_after) result.server_cpu_seconds = *cpu_after - *cpu_before;
  result.server_peak_kb = peak_resident_kb(settings.server_pid);
  return result;
}

}  // namespace udpchat::bench
