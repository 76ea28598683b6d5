// SPDX-License-Identifier: GPL-3.0-or-later
// The reference hub (udpchat-bench --reference-hub) through raw sockets: the wire format of a
// udpchat hub's core and nothing else. Then udpchat-bench measuring it, and
// bench/compare_hubs.sh setting it beside udpchat-server.
#include <signal.h>

#include <cstring>
#include <regex>

#include "json_field.hpp"
#include "server_fixture.hpp"

namespace udpchat::testing {
namespace {

struct running_reference_hub : running_server {
  explicit running_reference_hub(const std::string& host = "127.0.0.1")
      : running_server{"udpchat-bench", {"--reference-hub", "--host", host, "--port", "0"}} {}
};

// Makes every probe a member: each sends an empty datagram (which the hub relays to nobody) and
// is welcomed, then the first says something, which every other hears only if it is a member.
void join(running_server& hub, const std::vector<udp_probe*>& probes) {
  for (udp_probe* probe : probes) {
    probe->send_to(hub.port, "");
    ASSERT_EQ(probe->receive(), "hub____welcome, you are " + probe->address());
  }
  probes.front()->send_to(hub.port, "roll call");
  for (std::size_t i = 1; i < probes.size(); ++i) {
    ASSERT_EQ(probes[i]->receive(), probes.front()->address() + "____roll call") << probes[i]->address();
  }
}

TEST(ReferenceHubTest, SaysWhereItListens) {
  running_reference_hub hub;
  ASSERT_NE(hub.port, 0);
  ASSERT_FALSE(hub.process.stdout_lines().empty());
  EXPECT_EQ(hub.process.stdout_lines().front(), "reference hub listening on 127.0.0.1:" + std::to_string(hub.port));
}

TEST(ReferenceHubTest, RelaysEachTextToEveryOtherMember) {
  running_reference_hub hub;
  udp_probe a;
  udp_probe b;
  udp_probe c;
  join(hub, {&a, &b, &c});
  b.send_to(hub.port, "hello there");
  EXPECT_EQ(a.receive(), b.address() + "____hello there");
  EXPECT_EQ(c.receive(), b.address() + "____hello there");
  // A line ending is not part of the text, as for udpchat-server.
  c.send_to(hub.port, "a line\r\n");
  EXPECT_EQ(a.receive(), c.address() + "____a line");
  // The sender is not sent its own text: what b gets next is c's.
  EXPECT_EQ(b.receive(), c.address() + "____a line");
}

TEST(ReferenceHubTest, QuitLeavesAndTellsTheOthers) {
  running_reference_hub hub;
  udp_probe a;
  udp_probe b;
  udp_probe c;
  join(hub, {&a, &b, &c});
  c.send_to(hub.port, "quit");
  EXPECT_EQ(a.receive(), c.address() + "____left____qq");
  EXPECT_EQ(b.receive(), c.address() + "____left____qq");
  a.send_to(hub.port, "after");
  EXPECT_EQ(b.receive(), a.address() + "____after");
  // Only a member can leave: a stranger's quit is not relayed.
  udp_probe stranger;
  stranger.send_to(hub.port, "quit");
  // c comes back, and is welcomed again: the next thing it hears is what is said now, not "after".
  c.send_to(hub.port, "");
  EXPECT_EQ(c.receive(), "hub____welcome, you are " + c.address());
  a.send_to(hub.port, "again");
  EXPECT_EQ(c.receive(), a.address() + "____again");
  EXPECT_EQ(b.receive(), a.address() + "____again");
}

TEST(ReferenceHubTest, ServesIpv4AndIpv6MembersOnAnIpv6Address) {
  running_reference_hub hub{"::"};
  ASSERT_NE(hub.port, 0);
  udp_probe v4;
  udp_probe v6{true};
  join(hub, {&v4, &v6});
  v6.send_to(hub.port, "from v6");
  EXPECT_EQ(v4.receive(), v6.address() + "____from v6");
  v4.send_to(hub.port, "from v4");
  // An IPv4 member is named by its IPv4 address, as udpchat-server names it.
  EXPECT_EQ(v6.receive(), v4.address() + "____from v4");
}

TEST(ReferenceHubTest, EndsCleanlyOnSigintAndSigterm) {
  for (const int signal_number : {SIGINT, SIGTERM}) {
    running_reference_hub hub;
    ASSERT_NE(hub.port, 0);
    udp_probe a;
    udp_probe b;
    join(hub, {&a, &b});
    hub.process.send_signal(signal_number);
    EXPECT_EQ(hub.process.wait_exit(), 0) << strsignal(signal_number);
    EXPECT_EQ(hub.process.all_stderr(), "");
  }
}

TEST(ReferenceHubTest, TheBenchMeasuresItWithoutLoss) {
  running_reference_hub hub;
  child_process bench{bin_path("udpchat-bench"),
                      {"--port", std::to_string(hub.port), "--members", "3", "--rate", "200", "--seconds", "1",
                       "--json", "--server-pid", std::to_string(hub.process.pid())}};
  const auto result = bench.wait_for_stdout(
      [](const std::string& line) { return line.find("\"phase\":\"run\"") != std::string::npos; },
      std::chrono::milliseconds{20000});
  ASSERT_TRUE(result) << bench.all_stderr();
  EXPECT_EQ(bench.wait_exit(), 0);
  const auto sent = std::stoull(json_field(*result, "sent"));
  EXPECT_GT(sent, 150U) << *result;
  EXPECT_EQ(json_field(*result, "expected"), std::to_string(sent * 2)) << *result;
  EXPECT_EQ(json_field(*result, "delivered"), json_field(*result, "expected")) << *result;
  EXPECT_EQ(json_field(*result, "loss"), "0.000000") << *result;
  EXPECT_GT(std::stoll(json_field(*result, "server_peak_kb")), 0) << *result;
  EXPECT_GE(std::stod(json_field(*result, "server_cpu_us_per_delivery")), 0) << *result;
}

// One shape, once, for a second: a table with both hubs' figures and their ratios.
TEST(ReferenceHubTest, CompareHubsPrintsATableOfBothHubs) {
  const std::string bin = bin_path("udpchat-bench").substr(0, bin_path("udpchat-bench").rfind('/'));
  child_process script{"/bin/bash", {UDPCHAT_COMPARE_HUBS, "--bin", bin, "--reps", "1", "--seconds", "1", "3x1@200"}};
  EXPECT_EQ(script.wait_exit(std::chrono::milliseconds{40000}), 0) << script.all_stderr();
  const std::string table = script.all_stdout();
  EXPECT_NE(table.find("### 3 members, 1 sender, 200 msgs/s\n"), std::string::npos) << table;
  EXPECT_NE(table.find("| figure | reference hub | udpchat-server | udpchat ÷ reference (median) |"), std::string::npos)
      << table;
  const std::string number = R"([0-9]+(\.[0-9]+)?)";
  for (const std::string row : {"delivered datagrams/s", "hub CPU µs per delivered datagram", "latency p50, µs",
                                "latency p99, µs", "hub peak resident size, kB"}) {
    // Both hubs measured: a figure for each, and a ratio where the reference's is not zero.
    const std::regex wanted{"\\| " + row + " \\| " + number + " \\| " + number + " \\| (" + number + "|–) \\|"};
    EXPECT_TRUE(std::regex_search(table, wanted)) << row << "\n" << table;
  }
  EXPECT_TRUE(std::regex_search(table, std::regex{R"(\| delivered datagrams/s \| [0-9.]+ \| [0-9.]+ \| (0\.9[5-9]|1\.0[0-5]) \|)"}))
      << table;
  EXPECT_NE(script.all_stderr().find("repetition 1 of 1: reference on 127.0.0.1:"), std::string::npos)
      << script.all_stderr();
  EXPECT_NE(script.all_stderr().find("repetition 1 of 1: udpchat on 127.0.0.1:"), std::string::npos)
      << script.all_stderr();
}

}  // namespace
}  // namespace udpchat::testing
