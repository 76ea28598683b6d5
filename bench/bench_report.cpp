// SPDX-License-Identifier: GPL-3.0-or-later
#include "bench_report.hpp"

#include <cstdio>

namespace udpchat::bench {
namespace {

double cpu_us_per_delivery(const trial_result& result) {
  if (!result.server_cpu_seconds || result.delivered == 0) return -1;
  return *result.server_cpu_seconds * 1e6 / static_cast<double>(result.delivered);
}

}  // namespace

void print_trial(const report_style& style, std::string_view phase, const trial_result& r) {
  const double cpu = cpu_us_per_delivery(r);
  if (style.json) {
    std::printf(
        "{\"phase\":\"%.*s\",\"transport\":\"%s\",\"members\":%zu,\"senders\":%zu,\"size\":%zu,"
        "\"target_rate\":%.0f,\"offered_rate\":%.1f,\"sent\":%llu,\"expected\":%llu,\"delivered\":%llu,"
        "\"delivered_per_s\":%.1f,\"loss\":%.6f,\"p50_us\":%llu,\"p99_us\":%llu,\"max_us\":%llu,"
        "\"drain_s\":%.3f,\"server_cpu_s\":%.3f,\"server_cpu_us_per_delivery\":%.3f,"
        "\"server_peak_kb\":%lld,\"sustained\":%s}\n",
        static_cast<int>(phase.size()), phase.data(), style.tcp ? "tcp" : "udp", style.members,
        style.senders, style.message_bytes, r.target_rate, r.offered_rate(),
        static_cast<unsigned long long>(r.sent), static_cast<unsigned long long>(r.expected),
        static_cast<unsigned long long>(r.delivered), r.delivered_rate(), r.loss(),
        static_cast<unsigned long long>(r.p50_us), static_cast<unsigned long long>(r.p99_us),
        static_cast<unsigned long long>(r.max_us), r.drain_seconds, r.server_cpu_seconds.value_or(-1),
        cpu, r.server_peak_kb ? static_cast<long long>(*r.server_peak_kb) : -1LL,
        r.sustained() ? "true" : "false");
  } else {
    std::printf("%-8.*s target %8.0f/s  offered %9.1f msgs/s  delivered %10.1f/s (%llu of %llu)  loss %7.3f%%"
                "  latency p50 %llu us p99 %llu us max %llu us",
                static_cast<int>(phase.size()), phase.data(), r.target_rate, r.offered_rate(),
                r.delivered_rate(), static_cast<unsigned long long>(r.delivered),
                static_cast<unsigned long long>(r.expected), r.loss() * 100,
                static_cast<unsigned long long>(r.p50_us), static_cast<unsigned long long>(r.p99_us),
                static_cast<unsigned long long>(r.max_us));
    if (cpu >= 0) {
      std::printf("  server CPU %.2f us/delivery (%.2f s)", cpu, r.server_cpu_seconds.value_or(0));
    }
    if (r.server_peak_kb) std::printf("  server peak RSS %.1f MB", static_cast<double>(*r.server_peak_kb) / 1024);
    std::printf("%s\n", r.sustained() ? "" : "  [not sustained]");
  }
  std::fflush(stdout);
}

void print_summary(const report_style& style, const rate_search_result& found) {
  const double half_cpu = cpu_us_per_delivery(found.at_half);
  // The server's peak since it started (VmHWM), read last after the half-load trial.
  const auto& last = found.at_half.server_peak_kb ? found.at_half : found.at_max;
  const long long peak_kb = last.server_peak_kb ? static_cast<long long>(*last.server_peak_kb) : -1LL;
  if (style.json) {
    std::printf(
        "{\"phase\":\"summary\",\"transport\":\"%s\",\"members\":%zu,\"senders\":%zu,\"size\":%zu,"
        "\"max_rate\":%.1f,\"delivered_per_s_at_max\":%.1f,\"delivered_per_s_at_half\":%.1f,"
        "\"p50_us_at_half\":%llu,\"p99_us_at_half\":%llu,\"max_us_at_half\":%llu,"
        "\"server_cpu_us_per_delivery_at_half\":%.3f,\"server_peak_kb\":%lld}\n",
        style.tcp ? "tcp" : "udp", style.members, style.senders, style.message_bytes, found.max_rate,
        found.at_max.delivered_rate(), found.at_half.delivered_rate(),
        static_cast<unsigned long long>(found.at_half.p50_us),
        static_cast<unsigned long long>(found.at_half.p99_us),
        static_cast<unsigned long long>(found.at_half.max_us), half_cpu, peak_kb);
  } else {
    std::printf("max sustained rate %.0f msgs/s (%.0f deliveries/s, loss < 0.1 %%); at half load: %.0f deliveries/s,"
                " latency p50 %llu us, p99 %llu us, max %llu us",
                found.max_rate, found.at_max.delivered_rate(), found.at_half.delivered_rate(),
                static_cast<unsigned long long>(found.at_half.p50_us),
                static_cast<unsigned long long>(found.at_half.p99_us),
                static_cast<unsigned long long>(found.at_half.max_us));
    if (half_cpu >= 0) std::printf(", server CPU %.2f us/delivery", half_cpu);
    if (peak_kb >= 0) std::printf(", server peak RSS %.1f MB", static_cast<double>(peak_kb) / 1024);
    std::printf("\n");
  }
  std::fflush(stdout);
}

rate_search_result find_max_rate(load_driver& driver, trial_settings settings, const rate_search_settings& search,
                                 const report_style& style) {
  rate_search_result found;
  rate_search trials{search};
  while (const auto rate = trials.next_rate()) {
    const std::string_view phase = trials.confirming() ? "confirm" : "probe";
    settings.rate = *rate;
    const trial_result result = driver.run(settings);
    print_trial(style, phase, result);
    if (result.sustained()) found.at_max = result;
    trials.record(result.sustained());
  }
  const double good = trials.highest_sustained();
  found.max_rate = good;
  if (good > 0) {
    settings.rate = good / 2;
    found.at_half = driver.run(settings);
    print_trial(style, "half", found.at_half);
  }
  return found;
}

}  // namespace udpchat::bench
