// SPDX-License-Identifier: GPL-3.0-or-later
// A short, light run of udpchat-bench against a real hub and a real room. It checks that the
// bench works and reports what it saw; the figures themselves are for BENCHMARKS.md, not here.
#include <signal.h>

#include <algorithm>

#include "json_field.hpp"
#include "server_fixture.hpp"

namespace udpchat::testing {
namespace {

void expect_clean_run(running_server& server, std::vector<std::string> extra) {
  std::vector<std::string> arguments = {"--port", std::to_string(server.port), "--members", "4",
                                        "--senders", "2", "--rate", "200", "--seconds", "0.5",
                                        "--json", "--server-pid", std::to_string(server.process.pid())};
  arguments.insert(arguments.end(), extra.begin(), extra.end());
  child_process bench{bin_path("udpchat-bench"), arguments};
  const auto result = bench.wait_for_stdout([](const std::string& l) { return l.find("\"phase\":\"run\"") != std::string::npos; },
                                            std::chrono::milliseconds{15000});
  ASSERT_TRUE(result) << bench.all_stderr();
  const auto sent = std::stoull(json_field(*result, "sent"));
  EXPECT_GT(sent, 50U) << *result;
  EXPECT_EQ(json_field(*result, "expected"), std::to_string(sent * 3)) << *result;
  EXPECT_EQ(json_field(*result, "delivered"), json_field(*result, "expected")) << *result;
  EXPECT_EQ(json_field(*result, "sustained"), "true") << *result;
  EXPECT_NE(json_field(*result, "p99_us"), "") << *result;
  EXPECT_EQ(bench.wait_exit(), 0);
}

TEST(BenchSmokeTest, MeasuresAHubWithoutLoss) {
  running_hub hub{on_loopback({"--quiet", "--rate-limit", "0"})};
  expect_clean_run(hub, {});
}

TEST(BenchSmokeTest, SaysSoWhenTheHubsRateLimitSetThePace) {
  running_hub hub{on_loopback({"--quiet", "--rate-limit", "20", "--burst", "5"})};
  child_process bench{bin_path("udpchat-bench"), {"--port", std::to_string(hub.port), "--members", "3",
                                                  "--rate", "200", "--seconds", "0.5", "--json"}};
  const auto result = bench.wait_for_stdout([](const std::string& l) { return l.find("\"phase\":\"run\"") != std::string::npos; },
                                            std::chrono::milliseconds{15000});
  ASSERT_TRUE(result) << bench.all_stderr();
  EXPECT_EQ(json_field(*result, "sustained"), "false") << *result;
  EXPECT_EQ(bench.wait_exit(), 0);
  bench.drain();
  EXPECT_NE(bench.all_stderr().find("start it with --rate-limit 0"), std::string::npos) << bench.all_stderr();
}

TEST(BenchSmokeTest, MeasuresARoomOverTcp) {
  running_server room{"udpchat-room", on_loopback()};
  expect_clean_run(room, {"--tcp"});
}

// The search drives the room past what the bench's own receivers can take; with backpressure
// the room paces the sender instead of dropping them, so the default --max-queue serves.
TEST(BenchSmokeTest, FindsARoomsMaximumWithTheDefaultQueueLimit) {
  running_server room{"udpchat-room", on_loopback({"--quiet", "--rate-limit", "0"})};
  child_process bench{bin_path("udpchat-bench"), {"--tcp", "--port", std::to_string(room.port), "--members", "4",
                                                  "--find-max", "--seconds", "0.2", "--json"}};
  const auto summary = bench.wait_for_stdout(
      [](const std::string& l) { return l.find("\"phase\":\"summary\"") != std::string::npos; },
      std::chrono::milliseconds{50000});
  ASSERT_TRUE(summary) << bench.all_stderr();
  EXPECT_EQ(bench.wait_exit(), 0);
  for (const auto& line : bench.stdout_lines()) {
    if (line.find("\"phase\":\"probe\"") == std::string::npos) continue;
    // A trial may fall short of its rate, but never because a receiver was dropped.
    EXPECT_EQ(json_field(line, "delivered"), json_field(line, "expected")) << line;
  }
  room.process.send_signal(SIGTERM);
  EXPECT_EQ(room.process.wait_exit(), 0);
  for (const auto& line : room.process.stdout_lines()) {
    EXPECT_EQ(line.find("disconnected (not reading"), std::string::npos) << line;
  }
}

// Every search ends in a failing rate; with --confirm 1 each failure is tried once more, at the
// same rate, before the search moves below it.
TEST(BenchSmokeTest, ASearchConfirmsAFailingRateBeforeBelievingIt) {
  running_hub hub{on_loopback({"--quiet", "--rate-limit", "0"})};
  child_process bench{bin_path("udpchat-bench"), {"--port", std::to_string(hub.port), "--members", "4", "--find-max",
                                                  "--seconds", "0.2", "--precision", "2", "--confirm", "1", "--json"}};
  const auto summary = bench.wait_for_stdout(
      [](const std::string& l) { return l.find("\"phase\":\"summary\"") != std::string::npos; },
      std::chrono::milliseconds{50000});
  ASSERT_TRUE(summary) << bench.all_stderr();
  EXPECT_EQ(bench.wait_exit(), 0);
  std::string previous;
  int confirmations = 0;
  double highest_sustained = 0;
  for (const auto& line : bench.stdout_lines()) {
    const bool probe = line.find("\"phase\":\"probe\"") != std::string::npos;
    const bool confirm = line.find("\"phase\":\"confirm\"") != std::string::npos;
    if (confirm) {
      ++confirmations;
      ASSERT_FALSE(previous.empty()) << line;
      EXPECT_EQ(json_field(previous, "sustained"), "false") << previous << "\n" << line;
      EXPECT_EQ(json_field(previous, "target_rate"), json_field(line, "target_rate")) << previous << "\n" << line;
    }
    if ((probe || confirm) && json_field(line, "sustained") == "true") {
      highest_sustained = std::max(highest_sustained, std::stod(json_field(line, "target_rate")));
    }
    // A confirmation follows only a failed probe: a failed confirmation moves the search on.
    previous = probe && json_field(line, "sustained") == "false" ? line : std::string{};
  }
  EXPECT_GE(confirmations, 1) << bench.all_stdout();
  EXPECT_NEAR(std::stod(json_field(*summary, "max_rate")), highest_sustained, 1) << bench.all_stdout();
}

TEST(BenchSmokeTest, RefusesASearchNoMachineCanMeasure) {
  const std::vector<std::vector<std::string>> bad_settings = {
      {"--precision", "1.001"}, {"--precision", "3"}, {"--confirm=-1"}, {"--confirm", "10"}};
  for (const auto& bad : bad_settings) {
    std::vector<std::string> arguments = {"--port", "9", "--find-max"};
    arguments.insert(arguments.end(), bad.begin(), bad.end());
    child_process bench{bin_path("udpchat-bench"), arguments};
    EXPECT_EQ(bench.wait_exit(std::chrono::milliseconds{15000}), 2) << bad[0];
    bench.drain();
    EXPECT_NE(bench.all_stderr().find("need 1.01 <= --precision <= 2 and 0 <= --confirm <= 9"), std::string::npos)
        << bench.all_stderr();
  }
}

TEST(BenchSmokeTest, TracesWhatItsMembersSendAndReceive) {
  running_hub hub{on_loopback({"--quiet"})};
  child_process bench{bin_path("udpchat-bench"), {"--port", std::to_string(hub.port), "--members", "2",
                                                  "--rate", "10", "--seconds", "0.3", "--json", "--trace"}};
  const auto result = bench.wait_for_stdout([](const std::string& l) { return l.find("\"phase\":\"run\"") != std::string::npos; },
                                            std::chrono::milliseconds{15000});
  ASSERT_TRUE(result) << bench.all_stderr();
  EXPECT_EQ(bench.wait_exit(), 0);
  const std::string trace = bench.all_stderr();
  const std::string hub_end = "127.0.0.1:" + std::to_string(hub.port);
  EXPECT_NE(trace.find(" send "), std::string::npos) << trace;
  EXPECT_NE(trace.find(" -> " + hub_end + " (0 bytes)"), std::string::npos) << trace;  // a join
  EXPECT_NE(trace.find(" recv " + hub_end + " -> "), std::string::npos) << trace;
  EXPECT_NE(trace.find("|hub____welcome, |"), std::string::npos) << trace;
  // Standard output holds only the results.
  for (const auto& line : bench.stdout_lines()) EXPECT_TRUE(line.starts_with("{\"phase\":")) << line;
}

TEST(BenchSmokeTest, SaysSoWhenNoServerAnswers) {
  unsigned short unused_port = 0;
  {
    udp_probe placeholder;
    unused_port = placeholder.port();
  }
  child_process bench{bin_path("udpchat-bench"), {"--port", std::to_string(unused_port), "--members", "2"}};
  EXPECT_EQ(bench.wait_exit(std::chrono::milliseconds{15000}), 1);
  bench.drain();
  EXPECT_NE(bench.all_stderr().find("is the server running?"), std::string::npos) << bench.all_stderr();
}

}  // namespace
}  // namespace udpchat::testing
