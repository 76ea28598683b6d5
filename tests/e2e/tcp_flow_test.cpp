// SPDX-License-Identifier: GPL-3.0-or-later
// One member's flood must never cost a reading member its seat: the room and the desk pace the
// sender (its budget, then backpressure), and drop only readers that do not read.
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <map>
#include <mutex>
#include <thread>

#include "proc_status.hpp"
#include "server_fixture.hpp"
#include "tcp_probe.hpp"

namespace udpchat::testing {
namespace {

using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

#ifdef UDPCHAT_SANITIZED
constexpr std::size_t flooded_room_limit_kib = 256U * 1024U;
#else
// A room under a flood holds at most --max-queue for a reader that does not read and about the
// high-water mark for each that does: a few MiB here, however much is sent.
constexpr std::size_t flooded_room_limit_kib = 16U * 1024U;
#endif

// The flood of the scenario: 200-byte lines, numbered, 40 MB in all.
constexpr int flood_lines = 200000;
std::string flood_line(int number) {
  char digits[16];
  std::snprintf(digits, sizeof digits, "%07d ", number);
  return digits + std::string(191, 'x') + "\n";
}
int flood_number(std::string_view text) { return std::stoi(std::string{text.substr(0, 7)}); }

// A member reading its lines at about `bytes_per_second` on a thread of its own, noting what it
// gets: the numbers of the flooder's lines and when each ping arrived.
class paced_reader {
 public:
  paced_reader(unsigned short port, std::size_t bytes_per_second, std::string flooder_prefix)
      : probe_{port}, rate_{bytes_per_second}, flooder_prefix_{std::move(flooder_prefix)} {}

  void start(int fd) {
    fd_ = fd;
    thread_ = std::thread{[this] { run(); }};
  }
  ~paced_reader() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  void stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }

  tcp_probe probe_;
  std::vector<int> flood_numbers;
  std::map<std::string, clock_type::time_point> pings;  // ping text -> arrival
  bool closed = false;
  std::mutex mutex;

 private:
  void run() {
    std::string pending;
    char chunk[4096];
    while (!stop_) {
      pollfd ready{fd_, POLLIN, 0};
      if (::poll(&ready, 1, 100) <= 0) continue;
      const auto began = clock_type::now();
      const ssize_t size = ::recv(fd_, chunk, sizeof chunk, 0);
      if (size <= 0) {
        const std::lock_guard lock{mutex};
        closed = true;
        return;
      }
      pending.append(chunk, static_cast<std::size_t>(size));
      std::size_t newline;
      while ((newline = pending.find('\n')) != std::string::npos) {
        const std::string line = pending.substr(0, newline);
        pending.erase(0, newline + 1);
        const std::lock_guard lock{mutex};
        if (line.starts_with(flooder_prefix_)) {
          flood_numbers.push_back(flood_number(std::string_view{line}.substr(flooder_prefix_.size())));
        } else if (const auto at = line.find("ping-"); at != std::string::npos) {
          pings.emplace(line.substr(at), clock_type::now());
        }
      }
      // Reading at its pace: a byte takes 1/rate of a second.
      std::this_thread::sleep_until(began + std::chrono::microseconds{static_cast<long>(size) * 1'000'000 /
                                                                      static_cast<long>(rate_)});
    }
  }

  std::size_t rate_;
  std::string flooder_prefix_;
  int fd_ = -1;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// The probe's socket, for the reader's thread: the test's thread only sends pings on it after
// this, which only write.
int probe_fd(tcp_probe& probe) { return probe.native_handle(); }

struct flood_outcome {
  std::vector<std::vector<int>> numbers;  // per reader
  std::vector<bool> closed;
  std::vector<std::string> late_pings;
  bool flooder_told_to_slow_down = false;
  bool silent_one_dropped = false;  // within the scenario's time
  std::size_t peak_kib = 0;
};

// The scenario: readers reading at 200 KB/s, S never reading, A sending 40 MB at once and
// keeping its socket open; for `length`, a reader pings every half second.
flood_outcome run_flood(running_server& room, std::chrono::milliseconds length) {
  tcp_probe flooder{room.port};
  EXPECT_TRUE(flooder.read_line());
  const std::string prefix = flooder.address() + "____";
  // A small receive buffer so that S is seen not to read within the test's 10 s even at the
  // default rate limit, which lets only 4 KB a second of the flood through to it.
  tcp_probe never_reads{room.port, 4096};
  std::vector<std::unique_ptr<paced_reader>> readers;
  for (int i = 0; i < 5; ++i) {
    readers.push_back(std::make_unique<paced_reader>(room.port, 200 * 1000, prefix));
    EXPECT_TRUE(readers.back()->probe_.read_line());
  }
  for (auto& each : readers) each->start(probe_fd(each->probe_));
  std::thread flood{[&] {
    std::string all;
    all.reserve(static_cast<std::size_t>(flood_lines) * 200);
    for (int i = 0; i < flood_lines; ++i) all += flood_line(i);
    flooder.send_unless_closed(all);
  }};
  std::map<std::string, std::pair<std::size_t, clock_type::time_point>> sent_pings;
  const auto until = clock_type::now() + length;
  for (int ping = 0; clock_type::now() < until; ++ping) {
    std::this_thread::sleep_for(500ms);
    const std::size_t from = static_cast<std::size_t>(ping) % readers.size();
    const std::string text = "ping-" + std::to_string(ping);
    sent_pings[text] = {from, clock_type::now()};
    readers[from]->probe_.send(text + "\n");
  }
  std::this_thread::sleep_for(1s);  // the last ping's second to arrive
  flood_outcome outcome;
  outcome.silent_one_dropped = room.process
                                   .wait_for_stdout(
                                       [&](const std::string& l) {
                                         return l.find(never_reads.address() + " disconnected (not reading") !=
                                                std::string::npos;
                                       },
                                       10ms)
                                   .has_value();
  outcome.peak_kib = status_kib(room.process.pid(), "VmHWM");
  for (auto& each : readers) each->stop();
  // A dropped reader may still be reading what its socket held when the test ends: the log says.
  room.process.wait_for_stdout([](const std::string&) { return false; }, 200ms);
  for (auto& each : readers) {
    outcome.numbers.push_back(each->flood_numbers);
    bool dropped = each->closed;
    for (const auto& line : room.process.stdout_lines()) {
      if (line.find(each->probe_.address() + " disconnected") != std::string::npos) dropped = true;
    }
    outcome.closed.push_back(dropped);
  }
  for (const auto& [text, sent] : sent_pings) {
    for (std::size_t i = 0; i < readers.size(); ++i) {
      if (i == sent.first) continue;
      const auto arrived = readers[i]->pings.find(text);
      if (arrived == readers[i]->pings.end() || arrived->second - sent.second > 1s) {
        outcome.late_pings.push_back(text + " to reader " + std::to_string(i));
      }
    }
  }
  // The flooder reads what it was told only now; its socket was open all along.
  outcome.flooder_told_to_slow_down =
      flooder.read_line_matching([](const std::string& l) { return l.starts_with("hub____error: slow down: "); }, 2s)
          .has_value();
  // Ends the flooder's blocked send as well as its connection.
  ::shutdown(probe_fd(flooder), SHUT_RDWR);
  flood.join();
  return outcome;
}

void expect_every_reader_kept_up(const flood_outcome& outcome, int at_least) {
  for (std::size_t i = 0; i < outcome.numbers.size(); ++i) {
    EXPECT_FALSE(outcome.closed[i]) << "reader " << i << " was dropped";
    const auto& numbers = outcome.numbers[i];
    EXPECT_GE(numbers.size(), static_cast<std::size_t>(at_least)) << "reader " << i;
    for (std::size_t n = 0; n < numbers.size(); ++n) {
      ASSERT_EQ(numbers[n], static_cast<int>(n)) << "reader " << i << ": a gap or a line out of order";
    }
  }
}

TEST(TcpFlowTest, AFloodAtTheDefaultLimitsCostsNoReaderItsSeatNorAnyDelay) {
  running_server room{"udpchat-room", on_loopback({"--quiet"})};
  const flood_outcome outcome = run_flood(room, 10s);
  // The burst of 60, then 20 a second.
  expect_every_reader_kept_up(outcome, 60 + 20 * 8);
  EXPECT_TRUE(outcome.late_pings.empty()) << outcome.late_pings.front();
  EXPECT_TRUE(outcome.flooder_told_to_slow_down);
  EXPECT_TRUE(outcome.silent_one_dropped);
  EXPECT_LT(outcome.peak_kib, flooded_room_limit_kib);
}

TEST(TcpFlowTest, WithoutARateLimitTheFlooderIsPacedAtTheReadersSpeed) {
  running_server room{"udpchat-room", on_loopback({"--quiet", "--rate-limit", "0"})};
  const flood_outcome outcome = run_flood(room, 10s);
  // Far more than the default budget lets through, and no reader left behind or dropped.
  expect_every_reader_kept_up(outcome, 2000);
  EXPECT_TRUE(outcome.silent_one_dropped);
  EXPECT_LT(outcome.peak_kib, flooded_room_limit_kib);
}

TEST(TcpFlowTest, ASmallMaxQueueJudgesWhatAReaderFailsToTakeNotWhatItIsHandedAtOnce) {
  // The relay batch, up to 256 KiB, used to be counted against --max-queue before anything was
  // written, so one 150 KB burst got a reader that reads all the time dropped.
  running_server room{"udpchat-room", on_loopback({"--max-queue", "65536", "--rate-limit", "0"})};
  tcp_probe sender{room.port};
  ASSERT_TRUE(sender.read_line());
  tcp_probe reader{room.port};
  ASSERT_TRUE(reader.read_line());
  constexpr int lines = 750;  // 150 KB
  std::string burst;
  for (int i = 0; i < lines; ++i) burst += flood_line(i);
  sender.send(burst);
  const std::string prefix = sender.address() + "____";
  for (int i = 0; i < lines; ++i) {
    const auto line = reader.read_line_matching([&](const std::string& l) { return l.starts_with(prefix); });
    ASSERT_TRUE(line) << "line " << i << " never came";
    ASSERT_EQ(flood_number(std::string_view{*line}.substr(prefix.size())), i);
  }
  sender.send("still here?\n");
  EXPECT_EQ(reader.read_line(), prefix + "still here?");
}

TEST(TcpFlowTest, PacingNeverDelaysAMemberWithinItsBudget) {
  running_server room{"udpchat-room", on_loopback({"--quiet"})};
  tcp_probe sender{room.port};
  ASSERT_TRUE(sender.read_line());
  tcp_probe reader{room.port};
  ASSERT_TRUE(reader.read_line());
  ASSERT_TRUE(sender.read_line());  // the reader's join
  // A whole burst at once (the default 60), then the 61st line, which must wait its turn.
  std::string burst;
  for (int i = 0; i <= 60; ++i) burst += flood_line(i);
  const auto sent_at = clock_type::now();
  sender.send(burst);
  const std::string prefix = sender.address() + "____";
  for (int i = 0; i < 60; ++i) {
    const auto line = reader.read_line_matching([&](const std::string& l) { return l.starts_with(prefix); });
    ASSERT_TRUE(line) << "line " << i << " never came";
    ASSERT_EQ(flood_number(std::string_view{*line}.substr(prefix.size())), i);
  }
  const auto burst_took = clock_type::now() - sent_at;
  // The 61st is over the budget: the sender is told, and the line comes a refill (50 ms) later.
  EXPECT_EQ(sender.read_line(), "hub____error: slow down: lines beyond 20 a second (bursts of 60) wait, unread; "
                                "held back for 60s on end, you will be disconnected");
  const auto last = reader.read_line_matching([&](const std::string& l) { return l.starts_with(prefix); });
  ASSERT_TRUE(last);
  EXPECT_EQ(flood_number(std::string_view{*last}.substr(prefix.size())), 60);
  const auto last_took = clock_type::now() - sent_at;
  // Within the budget nothing waited for a refill: the whole burst came before the first refill.
  EXPECT_LT(burst_took, 50ms);
  EXPECT_GE(last_took, 50ms);
}

void flood_the_desk(std::vector<std::string> limits) {
  running_server desk{"udpchat-desk", on_loopback(std::move(limits))};
  // Each is welcomed, gives its name and is told its place in the queue.
  const auto named = [](tcp_probe& customer, const std::string& name) {
    return customer.read_line() && (customer.send(name + "\n"), customer.read_line());
  };
  tcp_probe flooder{desk.port};
  ASSERT_TRUE(named(flooder, "f"));
  tcp_probe first{desk.port};
  ASSERT_TRUE(named(first, "a"));
  tcp_probe second{desk.port};
  ASSERT_TRUE(named(second, "b"));
  std::thread flood{[&] {
    std::string all;
    for (int i = 0; i < 20000; ++i) all += flood_line(i);  // 4 MB: far more than the console shows in the test
    flooder.send_unless_closed(all);
  }};
  constexpr int each_says = 20;
  for (int i = 0; i < each_says; ++i) {
    first.send("first " + std::to_string(i) + "\n");
    second.send("second " + std::to_string(i) + "\n");
    std::this_thread::sleep_for(100ms);  // a person typing, not a second flood
  }
  // Each customer's lines in order; the two customers' lines may interleave either way.
  std::vector<std::string> awaited;
  for (int i = 0; i < each_says; ++i) {
    awaited.push_back("#2 a: first " + std::to_string(i));
    awaited.push_back("#3 b: second " + std::to_string(i));
  }
  std::size_t next_first = 0;
  std::size_t next_second = 1;
  const auto all_shown = desk.process.wait_for_stdout(
      [&](const std::string& line) {
        if (next_first < awaited.size() && line.ends_with(awaited[next_first])) next_first += 2;
        if (next_second < awaited.size() && line.ends_with(awaited[next_second])) next_second += 2;
        return next_first >= awaited.size() && next_second >= awaited.size();
      },
      10s);
  EXPECT_TRUE(all_shown) << "first got to " << next_first / 2 << ", second to " << next_second / 2;
  // The agent answers a customer while the flood goes on, and the customer gets it.
  desk.process.write_stdin("/take 2\nwe are with you\n");
  EXPECT_EQ(first.read_line_matching([](const std::string& l) { return l.starts_with("agent____"); }),
            "agent____we are with you");
  // The flooder's lines that were shown came in order with none missing; the rest wait unread.
  int shown = 0;
  for (const auto& line : desk.process.stdout_lines()) {
    const std::string_view flooders = "#1 f: ";
    const auto at = line.find(flooders);
    if (at == std::string::npos) continue;
    EXPECT_EQ(flood_number(std::string_view{line}.substr(at + flooders.size())), shown) << line;
    ++shown;
  }
  EXPECT_GE(shown, 60);
  for (const auto& line : desk.process.stdout_lines()) {
    EXPECT_EQ(line.find("not shown"), std::string::npos) << line;
    EXPECT_EQ(line.find("disconnected"), std::string::npos) << line;
  }
  ::shutdown(probe_fd(flooder), SHUT_RDWR);
  flood.join();
}

TEST(TcpFlowTest, AFloodingCustomerCostsTheDeskNoOtherCustomersLine) { flood_the_desk({}); }

// Without a rate limit the flood reaches the console as fast as the desk can read it: the
// console, not the budget, must then hold the customers back, or it would drop their lines.
TEST(TcpFlowTest, WithoutARateLimitTheAgentsConsoleHoldsTheFloodBackAndDropsNothing) {
  flood_the_desk({"--rate-limit", "0"});
}

TEST(TcpFlowTest, AMemberHeldBackForAMinuteOnEndIsDisconnectedAndTheOthersHearWhy) {
  running_server room{"udpchat-room", on_loopback({"--quiet"})};
  tcp_probe flooder{room.port};
  ASSERT_TRUE(flooder.read_line());
  tcp_probe witness{room.port};
  ASSERT_TRUE(witness.read_line());
  // 2,000 lines: at 20 a second after the burst of 60, more than the 60 s the room allows.
  std::string all;
  for (int i = 0; i < 2000; ++i) all += flood_line(i);
  flooder.send(all);
  const auto departure = witness.read_line_matching(
      [&](const std::string& l) { return l.starts_with(flooder.address() + "____disconnected ("); }, 75s);
  ASSERT_TRUE(departure);
  EXPECT_EQ(*departure, flooder.address() + "____disconnected (flooding (over the rate limit for 60s))____qq");
  EXPECT_TRUE(flooder.read_line_matching(
      [](const std::string& l) { return l == "hub____error: flooding (over the rate limit for 60s); closing"; }, 5s));
  EXPECT_TRUE(flooder.closed_by_peer());
}

// Held back by its budget, a member's next line is half read: the time it waits must not count
// against --line-timeout (or --idle-timeout), or pacing would cut a paste off.
TEST(TcpFlowTest, TimeHeldBackByTheBudgetDoesNotCountAgainstTheLineTimeout) {
  running_server room{"udpchat-room", on_loopback({"--quiet", "--line-timeout", "1s"})};
  tcp_probe sender{room.port};
  ASSERT_TRUE(sender.read_line());
  tcp_probe reader{room.port};
  ASSERT_TRUE(reader.read_line());
  constexpr int lines = 120;  // the burst of 60, then 3 s at 20 a second
  std::string burst;
  for (int i = 0; i < lines; ++i) burst += flood_line(i);
  sender.send(burst);
  const std::string prefix = sender.address() + "____";
  for (int i = 0; i < lines; ++i) {
    const auto line = reader.read_line_matching(
        [&](const std::string& l) { return l.starts_with(prefix) || l.find("timed out") != std::string::npos; });
    ASSERT_TRUE(line) << "line " << i << " never came";
    ASSERT_TRUE(line->starts_with(prefix)) << "at line " << i << ": " << *line;
    ASSERT_EQ(flood_number(std::string_view{*line}.substr(prefix.size())), i);
  }
}

// A terminal fed from a pipe leaves at the end of its input while the room still holds its lines
// back: it must wait for the room to take them all and say goodbye, not reset the connection
// and lose them.
TEST(TcpFlowTest, APipedTerminalLeavesOnlyOnceTheRoomHasTakenEveryLine) {
  running_server room{"udpchat-room", on_loopback({"--quiet"})};
  tcp_probe reader{room.port};
  ASSERT_TRUE(reader.read_line());
  running_terminal writer{room, {"--tcp"}};
  constexpr int lines = 100;
  for (int i = 0; i < lines; ++i) writer.process.write_stdin(std::to_string(i) + "\n");
  writer.process.close_stdin();
  const std::string prefix = writer.address + "____";
  for (int i = 0; i < lines; ++i) {
    const auto line = reader.read_line_matching([&](const std::string& l) { return l.starts_with(prefix); });
    ASSERT_TRUE(line) << "line " << i << " never came";
    ASSERT_EQ(*line, prefix + std::to_string(i));
  }
  EXPECT_EQ(reader.read_line_matching([&](const std::string& l) { return l.starts_with(prefix); }), prefix + "left____qq");
  EXPECT_TRUE(writer.shows("*** hub: goodbye"));
  EXPECT_EQ(writer.process.wait_exit(), 0);
}

}  // namespace
}  // namespace udpchat::testing
