// SPDX-License-Identifier: GPL-3.0-or-later
// udpchat-server's network simulator (--loss, --delay, --duplicate, --reorder, --seed and the
// console's commands), seen by raw members on loopback: what reaches them, and when.
//
// The simulator acts on everything the hub sends, the welcome too, so members here join by the
// hub's log, not by their welcome. Member b reads on a thread of its own while a sends, so that
// neither b's receive buffer nor the hub's fills (loopback drops what does not fit, which would
// look like simulated loss). Where datagrams may be lost, the end of a run is marked by a
// message sent after the console's `normal`, which therefore arrives, after everything before
// it (the hub sends in order, and loopback keeps it).
#include <signal.h>

#include <algorithm>
#include <future>
#include <map>
#include <regex>
#include <set>

#include "deadline.hpp"
#include "external_program.hpp"
#include "server_fixture.hpp"

namespace udpchat::testing {
namespace {

using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

// Limits that would otherwise drop or pause what a test sends on purpose.
std::vector<std::string> simulated(std::vector<std::string> conditions) {
  conditions.insert(conditions.end(), {"--rate-limit", "0", "--unheard-limit", "0"});
  return on_loopback(conditions);
}

// A member whose join the hub logged; its welcome may be lost, delayed or doubled.
std::unique_ptr<udp_probe> joined_despite_conditions(running_hub& hub) {
  auto probe = std::make_unique<udp_probe>();
  // Runs of messages reach it faster than a slow build's reader may take them.
  probe->enlarge_receive_buffer(8 * 1024 * 1024);
  probe->send_to(hub.port, "");
  EXPECT_TRUE(hub.saw_join(probe->address())) << probe->address();
  return probe;
}

std::string numbered(int i) {
  std::string text = std::to_string(i);
  return "m" + std::string(4 - text.size(), '0') + text;
}

struct arrival {
  std::string text;  // the message, without the sender's prefix
  clock_type::time_point at;
};

struct received {
  std::vector<arrival> messages;
  int welcomes = 0;
};

// What `probe` receives until the message `last` from `sender` (left out), or `count` messages
// if `last` is empty, within `deadline`; the hub's notices are counted, not kept.
received receive_until(udp_probe& probe, const std::string& sender, const std::string& last, std::size_t count,
                       clock_type::duration deadline = 20s) {
  const auto until = clock_type::now() + deadline;
  const std::string prefix = sender + "____";
  received got;
  for (;;) {
    if (last.empty() && got.messages.size() == count) return got;
    const auto datagram = probe.receive(left_until(until));
    if (!datagram) break;
    const auto at = clock_type::now();
    if (datagram->starts_with("hub____welcome")) ++got.welcomes;
    if (!datagram->starts_with(prefix)) continue;
    std::string text = datagram->substr(prefix.size());
    if (!last.empty() && text == last) return got;
    got.messages.push_back({std::move(text), at});
  }
  ADD_FAILURE() << "b did not get " << (last.empty() ? std::to_string(count) + " messages" : "'" + last + "'")
                << " in time; it got " << got.messages.size();
  return got;
}

std::future<received> receive_in_background(udp_probe& probe, const std::string& sender, const std::string& last,
                                            std::size_t count = 0) {
  return std::async(std::launch::async, [&probe, sender, last, count] {
    return receive_until(probe, sender, last, count);
  });
}

// a sends m0000, m0001, ... in runs of 50, each run once the hub has logged the last one.
void send_numbered(running_hub& hub, udp_probe& a, int count) {
  for (int i = 0; i < count; ++i) {
    a.send_to(hub.port, numbered(i));
    if (i % 50 == 49 || i == count - 1) {
      ASSERT_TRUE(hub.logs(" said: " + numbered(i))) << numbered(i);
    }
  }
}

// Turns the conditions off at the console and marks the end with a message that must arrive.
void end_run(running_hub& hub, udp_probe& a) {
  hub.process.write_stdin("normal\n");
  ASSERT_TRUE(hub.logs("network conditions: normal"));
  a.send_to(hub.port, "end");
}

// The sums of the counts in the hub's "network simulator: lost L, delayed D, ..." lines.
std::map<std::string, int> simulator_counts(const std::vector<std::string>& log) {
  static const std::regex counts{
      R"(network simulator: lost (\d+), delayed (\d+), duplicated (\d+), reordered (\d+), overflowed (\d+))"};
  std::map<std::string, int> sums;
  for (const auto& line : log) {
    std::smatch parts;
    if (!std::regex_search(line, parts, counts)) continue;
    std::size_t field = 1;
    for (const char* name : {"lost", "delayed", "duplicated", "reordered", "overflowed"}) {
      sums[name] += std::stoi(parts[field++].str());
    }
  }
  return sums;
}

// One run of 1000 messages from a to b under --loss 30 --seed 1: which arrived, and whether the
// hub's log counted every loss, the welcomes' too.
std::vector<bool> delivered_under_loss() {
  constexpr int count = 1000;
  std::vector<bool> delivered(count, false);
  running_hub hub{simulated({"--loss", "30", "--seed", "1"})};
  EXPECT_TRUE(hub.logs("network conditions: loss 30%, delay 0 ms, duplicate 0%, reorder 0%; seed 1"));
  auto a = joined_despite_conditions(hub);
  auto b = joined_despite_conditions(hub);
  auto arriving = receive_in_background(*b, a->address(), "end");
  send_numbered(hub, *a, count);
  end_run(hub, *a);
  const received got = arriving.get();
  for (std::size_t i = 0; i < got.messages.size(); ++i) {
    const int number = std::stoi(got.messages[i].text.substr(1));
    EXPECT_FALSE(delivered[static_cast<std::size_t>(number)]) << "twice: " << got.messages[i].text;
    delivered[static_cast<std::size_t>(number)] = true;
    if (i > 0) {
      EXPECT_LT(got.messages[i - 1].text, got.messages[i].text) << "out of order";
    }
  }
  const bool a_welcomed = a->receive(0ms).has_value();
  hub.process.send_signal(SIGTERM);
  EXPECT_EQ(hub.process.wait_exit(), 0);
  // The log counts every datagram lost: the relays, and the welcomes that did not come.
  const auto lost_relays = static_cast<int>(std::count(delivered.begin(), delivered.end(), false));
  EXPECT_EQ(simulator_counts(hub.process.stdout_lines())["lost"],
            lost_relays + (a_welcomed ? 0 : 1) + (got.welcomes == 1 ? 0 : 1));
  return delivered;
}

TEST(NetworkSimulatorTest, LossDropsItsShareAndTheSameSeedDropsTheSameDatagrams) {
  const auto first = delivered_under_loss();
  const auto lost = std::count(first.begin(), first.end(), false);
  EXPECT_GE(lost, 250);
  EXPECT_LE(lost, 350);
  const auto second = delivered_under_loss();
  EXPECT_EQ(first, second);
}

// How late each of `count` messages from one member reached another through a hub started with
// `arguments`, shortest first; `welcomes` is how many welcomes the receiver got meanwhile.
struct delivery_delays {
  std::vector<clock_type::duration> sorted;
  int welcomes = 0;
};
delivery_delays delays_through(std::vector<std::string> arguments, std::size_t count, bool sender_hears_back = false) {
  running_hub hub{simulated(std::move(arguments))};
  auto a = joined_despite_conditions(hub);
  auto b = joined_despite_conditions(hub);
  auto arriving = receive_in_background(*b, a->address(), "", count);
  std::vector<clock_type::time_point> sent;
  for (std::size_t i = 0; i < count; ++i) {
    sent.push_back(clock_type::now());
    a->send_to(hub.port, numbered(static_cast<int>(i)));
  }
  const received got = arriving.get();
  delivery_delays result;
  result.welcomes = got.welcomes;
  EXPECT_EQ(got.messages.size(), count);
  for (const auto& each : got.messages) {
    result.sorted.push_back(each.at - sent[static_cast<std::size_t>(std::stoi(each.text.substr(1)))]);
  }
  std::sort(result.sorted.begin(), result.sorted.end());
  // The sender's own welcome was held too, and came.
  if (sender_hears_back) {
    EXPECT_TRUE(a->receive().has_value());
  }
  return result;
}

TEST(NetworkSimulatorTest, DelayHoldsEveryDatagramWithoutHoldingTheHub) {
  constexpr std::size_t count = 20;
  const auto delays = delays_through({"--delay", "200"}, count, true);
  ASSERT_EQ(delays.sorted.size(), count);
  EXPECT_GE(delays.sorted[count / 2], 200ms);
  EXPECT_GE(delays.sorted.front(), 200ms);
  // Were each held in turn, the last would come 4 s after the first.
  EXPECT_LT(delays.sorted.back(), 1000ms);
  // The welcomes were held too; every one arrived.
  EXPECT_EQ(delays.welcomes, 1);
}

TEST(NetworkSimulatorTest, JitterSpreadsTheDelayWithinItsBounds) {
  constexpr std::size_t count = 30;
  const auto delays = delays_through({"--delay", "300:100", "--seed", "3"}, count);
  ASSERT_EQ(delays.sorted.size(), count);
  EXPECT_GE(delays.sorted.front(), 200ms);
  EXPECT_LT(delays.sorted.back(), 1000ms);  // 400 ms at most, and the machine's own delays
  EXPECT_GE(delays.sorted.back() - delays.sorted.front(), 100ms);
}

TEST(NetworkSimulatorTest, DuplicateEverythingSendsEachMessageTwice) {
  running_hub hub{simulated({"--duplicate", "100"})};
  auto a = joined_despite_conditions(hub);
  auto b = joined_despite_conditions(hub);
  auto arriving = receive_in_background(*b, a->address(), "end");
  send_numbered(hub, *a, 10);
  end_run(hub, *a);
  std::vector<std::string> texts;
  for (const auto& each : arriving.get().messages) texts.push_back(each.text);
  std::vector<std::string> expected;
  for (int i = 0; i < 10; ++i) expected.insert(expected.end(), 2, numbered(i));
  EXPECT_EQ(texts, expected);
  // The welcome was sent twice too.
  EXPECT_TRUE(a->receive().has_value());
  EXPECT_TRUE(a->receive().has_value());
}

TEST(NetworkSimulatorTest, DuplicateHalfSendsSomeMessagesTwiceAndNoneThrice) {
  constexpr int count = 40;
  running_hub hub{simulated({"--duplicate", "50", "--seed", "1"})};
  auto a = joined_despite_conditions(hub);
  auto b = joined_despite_conditions(hub);
  auto arriving = receive_in_background(*b, a->address(), "end");
  send_numbered(hub, *a, count);
  end_run(hub, *a);
  std::map<std::string, int> times;
  for (const auto& each : arriving.get().messages) ++times[each.text];
  int twice = 0;
  for (int i = 0; i < count; ++i) {
    const int arrived = times[numbered(i)];
    EXPECT_TRUE(arrived == 1 || arrived == 2) << numbered(i) << " arrived " << arrived << " times";
    if (arrived == 2) ++twice;
  }
  EXPECT_GT(twice, 0);
  EXPECT_LT(twice, count);
}

TEST(NetworkSimulatorTest, ReorderedMessagesAreOvertakenByLaterOnes) {
  constexpr int count = 20;
  running_hub hub{simulated({"--reorder", "50", "--seed", "1"})};
  auto a = joined_despite_conditions(hub);
  auto b = joined_despite_conditions(hub);
  auto arriving = receive_in_background(*b, a->address(), "", count);
  for (int i = 0; i < count; ++i) a->send_to(hub.port, numbered(i));
  std::vector<std::string> texts;
  for (const auto& each : arriving.get().messages) texts.push_back(each.text);
  ASSERT_EQ(texts.size(), static_cast<std::size_t>(count));
  // Every message once, and not in the order sent.
  EXPECT_EQ(std::set<std::string>(texts.begin(), texts.end()).size(), texts.size());
  EXPECT_FALSE(std::is_sorted(texts.begin(), texts.end())) << ::testing::PrintToString(texts);
  EXPECT_TRUE(hub.logs("network simulator: lost 0, delayed 0, duplicated 0, reordered "));
}

TEST(NetworkSimulatorTest, ConsoleChangesTakeEffectAtOnceAndAreMarkedInTheTraceAndTheLog) {
  running_hub hub{simulated({"--trace", "--seed", "5"})};
  auto a = joined_probe(hub);
  auto b = joined_probe(hub);
  hub.process.write_stdin("loss 100\n");
  ASSERT_TRUE(hub.logs("network conditions: loss 100%, delay 0 ms, duplicate 0%, reorder 0%; seed 5"));
  a->send_to(hub.port, "into the void");
  ASSERT_TRUE(hub.logs(" said: into the void"));
  hub.process.write_stdin("normal\n");
  ASSERT_TRUE(hub.logs("network conditions: normal (no loss, delay, duplicates or reordering); seed 5"));
  a->send_to(hub.port, "heard");
  // Had the first been sent, it would come first.
  EXPECT_EQ(b->receive(), a->address() + "____heard");
  EXPECT_TRUE(hub.logs("network simulator: lost 1, delayed 0, duplicated 0, reordered 0, overflowed 0"));
  const std::string hub_end = "127.0.0.1:" + std::to_string(hub.port);
  const std::string size = std::to_string((a->address() + "____into the void").size());
  EXPECT_TRUE(hub.process.wait_for_stderr([&](const std::string& line) {
    return line.ends_with(" lost " + hub_end + " -> " + b->address() + " (" + size + " bytes), dropped by --loss");
  }));

  hub.process.write_stdin("conditions\n");
  EXPECT_TRUE(hub.logs("network conditions: normal (no loss, delay, duplicates or reordering); seed 5"));
  hub.process.write_stdin("delay 300:100\n");
  EXPECT_TRUE(hub.logs("network conditions: loss 0%, delay 300 ms, jitter 100 ms, duplicate 0%, reorder 0%; seed 5"));
  hub.process.write_stdin("loss 150\n");
  EXPECT_TRUE(hub.logs("loss: '150' is more than 100"));
  hub.process.write_stdin("lose 10\n");
  EXPECT_TRUE(hub.logs("console commands: who, quit, loss PERCENT, delay MS[:JITTER_MS], duplicate PERCENT, "
                       "reorder PERCENT, normal, conditions"));
  hub.process.write_stdin("who\n");
  EXPECT_TRUE(hub.logs("2 members"));
}

TEST(NetworkSimulatorTest, HeldDatagramsPastTheBoundAreDroppedAndCounted) {
  // 8 MiB of held datagrams is about 140 of 60000 bytes.
  constexpr int count = 160;
  running_hub hub{simulated({"--delay", "10000"})};
  auto a = joined_despite_conditions(hub);
  auto b = joined_despite_conditions(hub);
  const std::string filler(60000, 'x');
  for (int i = 0; i < count; ++i) {
    // One at a time: the hub's receive buffer may hold only a few this large.
    a->send_to(hub.port, numbered(i) + filler);
    ASSERT_TRUE(hub.logs(" said: " + numbered(i))) << numbered(i);
  }
  const auto counted = hub.process.wait_for_stdout([](const std::string& line) {
    static const std::regex overflowed{R"(network simulator: .*, overflowed [1-9]\d*$)"};
    return std::regex_search(line, overflowed);
  });
  ASSERT_TRUE(counted.has_value());
  // Closing sends what is held at once, earliest first: b's welcome, due 10 s after it joined.
  hub.process.send_signal(SIGTERM);
  EXPECT_EQ(hub.process.wait_exit(), 0);
  const auto first = b->receive(1s);
  ASSERT_TRUE(first.has_value());
  EXPECT_TRUE(first->starts_with("hub____welcome, you are " + b->address())) << first->substr(0, 80);
}

TEST(NetworkSimulatorTest, CaptureHoldsWhatLeftWhenItLeftAndNothingLost) {
  const auto tshark = program_on_path("tshark");
  if (!tshark) GTEST_SKIP() << "tshark is not installed (Debian: tshark; scripts/install-deps.sh installs it)";
  const std::string path = temporary_path("simulated.pcap");
  running_hub hub{simulated({"--delay", "300", "--pcap", path})};
  auto a = joined_despite_conditions(hub);
  auto b = joined_despite_conditions(hub);
  a->send_to(hub.port, "late");
  EXPECT_TRUE(b->receive_matching([&](const std::string& datagram) { return datagram == a->address() + "____late"; }));
  hub.process.write_stdin("loss 100\n");
  ASSERT_TRUE(hub.logs("network conditions: loss 100%"));
  a->send_to(hub.port, "gone!");
  ASSERT_TRUE(hub.logs(" said: gone!"));
  hub.process.send_signal(SIGTERM);
  ASSERT_EQ(hub.process.wait_exit(), 0);

  const auto read = run_program(*tshark, {"-r", path, "-T", "fields", "-e", "frame.time_epoch",
                                          "-e", "udp.srcport", "-e", "udp.dstport", "-e", "udp.length"});
  ASSERT_EQ(read.exit_status, 0) << read.stderr_text;
  const auto packet = [&](unsigned short from, unsigned short to, std::size_t datagram) -> std::optional<double> {
    const std::string ends = "\t" + std::to_string(from) + "\t" + std::to_string(to) + "\t" + std::to_string(8 + datagram);
    for (const auto& line : read.stdout_lines) {
      if (line.ends_with(ends)) return std::stod(line.substr(0, line.find('\t')));
    }
    return std::nullopt;
  };
  const auto message_in = packet(a->port(), hub.port, 4);
  const auto relay_out = packet(hub.port, b->port(), (a->address() + "____late").size());
  ASSERT_TRUE(message_in && relay_out) << ::testing::PrintToString(read.stdout_lines);
  // Captured when it went, not when the hub decided to send it.
  EXPECT_GE(*relay_out - *message_in, 0.3);
  // The lost one came in, and never went out.
  EXPECT_TRUE(packet(a->port(), hub.port, 5).has_value());
  EXPECT_FALSE(packet(hub.port, b->port(), (a->address() + "____gone!").size()).has_value());
  std::remove(path.c_str());
}

}  // namespace
}  // namespace udpchat::testing
