// SPDX-License-Identifier: GPL-3.0-or-later
// A hub whose send buffer stays full, in a network namespace the test makes itself: what the hub
// sends leaves its loopback through a slow token bucket (an htb class picked by the hub's source
// port), so relaying one member's large messages keeps the hub waiting for room, and reading
// nothing, for several idle timeouts. Members that keep alive all along must stay members; a
// member that falls silent must still be timed out. Needs root and iproute2 (ip, tc).
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <memory>
#include <optional>
#include <thread>

#include "external_program.hpp"
#include "network_namespace.hpp"
#include "server_fixture.hpp"

namespace udpchat::testing {
namespace {

using std::chrono::steady_clock;

constexpr milliseconds idle_timeout{2000};
constexpr milliseconds keepalive_interval{250};
constexpr std::size_t keepers = 26;
// Within the default rate limit (20 a second, bursts of 60): every one of them is relayed.
constexpr int flood_messages = 60;
constexpr milliseconds flood_interval{50};
// Each relay of a message this long, plus the sender's address, is near the largest UDP
// payload (65,507 bytes); 27 members get each.
constexpr std::size_t flood_bytes = 65400;

// A network namespace with only its loopback, up; removed with the object.
struct loopback_namespace {
  loopback_namespace() : name{"udpchat-deaf-" + std::to_string(::getpid())} {
    ok = run({"netns", "add", name}) && run({"-n", name, "link", "set", "lo", "up"});
  }
  ~loopback_namespace() { run({"netns", "del", name}); }
  loopback_namespace(const loopback_namespace&) = delete;
  loopback_namespace& operator=(const loopback_namespace&) = delete;

  bool run(const std::vector<std::string>& arguments) const {
    return ip_path && run_program(*ip_path, arguments).exit_status == 0;
  }
  bool tc(std::vector<std::string> arguments) const {
    arguments.insert(arguments.begin(), {"-n", name});
    return tc_path && run_program(*tc_path, arguments).exit_status == 0;
  }
  // Datagrams from UDP port `port` leave at `rate` (tc's units); all others as fast as ever.
  // The queue holds far more than the sender's send buffer (16 MB for the hub's 8 MB asked),
  // so the buffer fills before anything is dropped.
  bool slow_down_port(unsigned short port, const std::string& rate) const {
    return tc({"qdisc", "add", "dev", "lo", "root", "handle", "1:", "htb", "default", "20"}) &&
           tc({"class", "add", "dev", "lo", "parent", "1:", "classid", "1:10", "htb", "rate", rate, "burst", "256k"}) &&
           tc({"class", "add", "dev", "lo", "parent", "1:", "classid", "1:20", "htb", "rate", "10gbit"}) &&
           tc({"qdisc", "add", "dev", "lo", "parent", "1:10", "bfifo", "limit", "64mb"}) &&
           tc({"filter", "add", "dev", "lo", "parent", "1:", "protocol", "ip", "u32", "match", "ip", "sport",
               std::to_string(port), "0xffff", "flowid", "1:10"});
  }

  std::optional<std::string> ip_path = program_on_path("ip");
  std::optional<std::string> tc_path = program_on_path("tc");
  std::string name;
  bool ok = false;
};

// `count` raw sockets on 127.0.0.1 of namespace `netns`; each stays in it whichever thread uses it.
std::vector<std::unique_ptr<udp_probe>> probes_in(const std::string& netns, std::size_t count) {
  std::vector<std::unique_ptr<udp_probe>> probes;
  in_network_namespace(netns, [&] {
    for (std::size_t i = 0; i < count; ++i) probes.push_back(std::make_unique<udp_probe>());
  });
  return probes;
}

// 1500 from "... stopped receiving for 1500ms since the last sweep"; format_duration's forms.
milliseconds deaf_time_in(const std::string& line) {
  const std::string marker = "stopped receiving for ";
  const auto at = line.find(marker);
  if (at == std::string::npos) return milliseconds{0};
  std::size_t end = at + marker.size();
  long long number = 0;
  for (; end < line.size() && line[end] >= '0' && line[end] <= '9'; ++end) number = number * 10 + (line[end] - '0');
  const std::string unit = line.substr(end, line.find(' ', end) - end);
  if (unit == "ms") return milliseconds{number};
  if (unit == "s") return milliseconds{number * 1000};
  if (unit == "m") return milliseconds{number * 60000};
  return milliseconds{0};
}

TEST(UdpDeafHubTest, SilenceTheHubDidNotReadIsNotSilence) {
  if (::geteuid() != 0 || !program_on_path("ip") || !program_on_path("tc")) {
    GTEST_SKIP() << "needs root and iproute2 (ip, tc) for a network namespace with a slow loopback";
  }
  const loopback_namespace netns;
  ASSERT_TRUE(netns.ok) << "cannot make the namespace";
  child_process hub{*netns.ip_path,
                    {"netns", "exec", netns.name, bin_path("udpchat-server"), "--host", "127.0.0.1", "--port", "0",
                     "--idle-timeout", "2s"}};
  const auto listening =
      hub.wait_for_stdout([](const std::string& line) { return line.find("listening on ") != std::string::npos; });
  ASSERT_TRUE(listening);
  const unsigned short port = port_from_listening_line(*listening).value_or(0);
  ASSERT_NE(port, 0);
  // 80 Mbit/s: 10 MB/s against the 35 MB/s the flood asks for, which takes some 10 s to send.
  ASSERT_TRUE(netns.slow_down_port(port, "80mbit")) << "cannot slow the namespace's loopback down";

  auto probes = probes_in(netns.name, keepers + 2);
  ASSERT_EQ(probes.size(), keepers + 2) << "cannot make sockets in the namespace";
  for (auto& probe : probes) {
    probe->send_to(port, "");
    const auto welcome = probe->receive();
    ASSERT_TRUE(welcome && welcome->starts_with("hub____welcome")) << probe->address();
  }
  udp_probe& silent = *probes[keepers];
  udp_probe& flooder = *probes[keepers + 1];

  // Until the hub has been deaf for three idle timeouts in all, one idle timeout more has passed,
  // and the silent member has been timed out; or 18 s, whichever comes first. The flooder is done
  // after 3 s, the hub's relays of it some 10 s after the start.
  const auto start = steady_clock::now();
  const auto deadline = start + milliseconds{18000};
  const std::string message(flood_bytes, 'x');
  int flooded = 0;
  auto next_keepalive = start;
  milliseconds deaf_in_all{0};
  std::optional<steady_clock::time_point> deaf_enough_at;
  std::optional<milliseconds> silent_left_after;
  std::vector<std::string> keepers_timed_out;
  std::size_t read_lines = 0;
  while (steady_clock::now() < deadline) {
    const auto now = steady_clock::now();
    if (now >= next_keepalive) {
      for (std::size_t i = 0; i < keepers; ++i) probes[i]->send_to(port, "");
      next_keepalive += keepalive_interval;
    }
    const auto next_message = start + flood_interval * flooded;
    if (flooded < flood_messages && now >= next_message) {
      flooder.send_to(port, message);
      ++flooded;
    }
    const auto next_turn = flooded < flood_messages ? std::min(next_keepalive, start + flood_interval * flooded)
                                                    : next_keepalive;
    // The hub's log, until it is time to send again.
    hub.wait_for_stdout([](const std::string&) { return false; },
                        std::chrono::duration_cast<milliseconds>(
                            std::max(next_turn - steady_clock::now(), steady_clock::duration::zero())));
    const auto& lines = hub.stdout_lines();
    for (; read_lines < lines.size(); ++read_lines) {
      const std::string& line = lines[read_lines];
      deaf_in_all += deaf_time_in(line);
      if (line.find(" timed out ") == std::string::npos) continue;
      if (line.find(" " + silent.address() + " timed out") != std::string::npos) {
        silent_left_after = std::chrono::duration_cast<milliseconds>(steady_clock::now() - start);
      } else {
        keepers_timed_out.push_back(line);
      }
    }
    if (!deaf_enough_at && deaf_in_all >= 3 * idle_timeout) deaf_enough_at = steady_clock::now();
    if (deaf_enough_at && steady_clock::now() >= *deaf_enough_at + idle_timeout && silent_left_after) break;
  }
  // The flood did what it is for: the hub read nothing for three idle timeouts or more.
  EXPECT_GE(deaf_in_all.count(), (3 * idle_timeout).count()) << "the hub's send buffer did not stay full";
  EXPECT_TRUE(keepers_timed_out.empty()) << keepers_timed_out.size() << " members that kept alive timed out, first "
                                         << (keepers_timed_out.empty() ? "" : keepers_timed_out.front());
  // Heard from last just before the flood began: silent for an idle timeout while the hub was
  // deaf most of the time, and timed out all the same, well before the flood's relays are sent.
  EXPECT_TRUE(silent_left_after) << "the silent member was never timed out";
  EXPECT_LT(silent_left_after.value_or(milliseconds::max()).count(), (3 * idle_timeout).count());
  hub.send_signal(SIGTERM);
  EXPECT_EQ(hub.wait_exit(), 0);
  if (::testing::Test::HasFailure()) {
    for (const auto& line : hub.stdout_lines()) {
      if (line.find(" said: ") == std::string::npos) std::cerr << line << "\n";
    }
  }
}

}  // namespace
}  // namespace udpchat::testing
