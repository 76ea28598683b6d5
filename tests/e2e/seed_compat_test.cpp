// SPDX-License-Identifier: GPL-3.0-or-later
// Wire compatibility with the original Python programs, through stand-ins that behave as they did.
#include "seed_terminal.hpp"
#include "server_fixture.hpp"

namespace udpchat::testing {
namespace {

// What the original Python hub says of a member that sent quit: "went offline".
const std::string seed_departure_notice = "下线了😯";

// The stand-in for the original Python hub, on 127.0.0.1 and a port the system picked.
struct seed_hub_process {
  seed_hub_process() : process{UDPCHAT_PYTHON, {"-u", seed_script("seed_hub.py"), "127.0.0.1", "0"}} {
    const auto listening =
        process.wait_for_stdout([](const std::string& l) { return l.starts_with("listening on "); });
    if (listening) port = port_from_listening_line(*listening).value_or(0);
  }
  child_process process;
  unsigned short port = 0;
};

TEST(SeedCompatTest, SeedTerminalReadsOurHubsMessagesAndDepartures) {
  running_hub hub;
  seed_terminal seed{hub};
  ASSERT_FALSE(seed.address.empty()) << seed.process.all_stderr();
  auto member = joined_probe(hub);
  seed.process.write_stdin("hi from the seed\n");  // the seed terminal joins by speaking
  EXPECT_EQ(member->receive(), seed.address + "____hi from the seed");
  member->send_to(hub.port, "hello seed");
  EXPECT_TRUE(seed.process.wait_for_stdout(
      [&](const std::string& l) { return l == member->address() + " sent hello seed"; }));
  member->send_to(hub.port, "quit");
  EXPECT_TRUE(seed.process.wait_for_stdout(
      [&](const std::string& l) { return l == member->address() + " went offline"; }));
}

TEST(SeedCompatTest, HostileTextsNeitherForgeALineNorEndTheSeedTerminal) {
  running_hub hub;
  seed_terminal seed{hub};
  seed.process.write_stdin("joining\n");
  ASSERT_TRUE(hub.saw_join(seed.address));
  auto member = joined_probe(hub);
  for (const std::string text : {"x____qq", "a______b____c", "line\n10.0.0.1:9 sent forged",
                                 "cr\r10.0.0.1:9 sent forged", "bad \xff utf-8"}) {
    member->send_to(hub.port, text);
  }
  member->send_to(hub.port, "end");
  EXPECT_TRUE(seed.process.wait_for_stdout(
      [&](const std::string& l) { return l == member->address() + " sent end"; }));
  for (const auto& line : seed.process.stdout_lines()) {
    // The seed terminal shows our hub's welcome as a message from "hub".
    if (line.starts_with("ready as ") || line.starts_with("hub sent welcome, ")) continue;
    EXPECT_TRUE(line.starts_with(member->address() + " sent ")) << line;
    EXPECT_EQ(line.find("went offline"), std::string::npos) << line;
    EXPECT_EQ(line.find('\r'), std::string::npos) << line;
  }
  EXPECT_EQ(seed.process.stdout_lines().size(), 8U) << seed.process.all_stdout();
}

TEST(SeedCompatTest, OurTerminalTalksThroughTheSeedHub) {
  seed_hub_process seed;
  ASSERT_NE(seed.port, 0) << seed.process.all_stderr();
  child_process& seed_hub = seed.process;
  const unsigned short hub_port = seed.port;

  child_process ours{bin_path("udpchat"), {"--host", "127.0.0.1", "--port", std::to_string(hub_port)}};
  ASSERT_TRUE(ours.wait_for_stderr([](const std::string& l) { return l.find(" as 127.0.0.1:") != std::string::npos; }));
  ASSERT_TRUE(seed_hub.wait_for_stdout([](const std::string& l) { return l.find("first time") != std::string::npos; }));

  udp_probe other;
  other.send_to(hub_port, "hello udpchat");
  EXPECT_TRUE(ours.wait_for_stdout([&](const std::string& l) { return l == other.address() + ": hello udpchat"; }))
      << ours.all_stdout();
  ours.write_stdin("hello seed world\n");
  const auto relayed = other.receive_matching([](const std::string& d) { return d.ends_with("hello seed world"); });
  ASSERT_TRUE(relayed);
  EXPECT_TRUE(relayed->starts_with("('127.0.0.1', ")) << *relayed;
  other.send_to(hub_port, "quit");
  // The seed hub words a departure its own way; the line still says "left", with those words.
  EXPECT_TRUE(ours.wait_for_stdout(
      [&](const std::string& l) { return l == "*** " + other.address() + " left (" + seed_departure_notice + ")"; }))
      << ours.all_stdout();
  ours.close_stdin();
  EXPECT_EQ(ours.wait_exit(), 0);
}

TEST(SeedCompatTest, OurTerminalsJsonKeepsTheSeedHubsDepartureNoticeAsTheReason) {
  seed_hub_process seed;
  ASSERT_NE(seed.port, 0) << seed.process.all_stderr();
  udp_probe other;
  other.send_to(seed.port, "here first");
  child_process ours{bin_path("udpchat"), {"--host", "127.0.0.1", "--port", std::to_string(seed.port), "--json"}};
  // The terminal's empty join makes it the seed hub's second member.
  ASSERT_TRUE(seed.process.wait_for_stdout([](const std::string& l) { return l.ends_with("members now 2"); }))
      << seed.process.all_stdout();
  other.send_to(seed.port, "quit");
  const auto departure =
      ours.wait_for_stdout([](const std::string& l) { return l.find("\"event\":\"departure\"") != std::string::npos; });
  ASSERT_TRUE(departure) << ours.all_stdout();
  EXPECT_TRUE(departure->ends_with("\"event\":\"departure\",\"sender\":\"" + other.address() + "\",\"address\":\"" +
                                   other.address() + "\",\"reason\":\"" + seed_departure_notice + "\"}"))
      << *departure;
  ours.close_stdin();
  EXPECT_EQ(ours.wait_exit(), 0);
}

TEST(SeedCompatTest, OurTerminalSendsNoKeepalivesToTheSeedHub) {
  seed_hub_process seed;
  ASSERT_NE(seed.port, 0) << seed.process.all_stderr();
  child_process& seed_hub = seed.process;
  const unsigned short hub_port = seed.port;
  udp_probe other;
  other.send_to(hub_port, "here first");
  ASSERT_TRUE(seed_hub.wait_for_stdout([](const std::string& l) { return l.find("first time") != std::string::npos; }));

  child_process ours{bin_path("udpchat"), {"--host", "127.0.0.1", "--port", std::to_string(hub_port), "--keepalive", "50ms"}};
  // The seed hub relays the terminal's join as an empty message, once; no keepalive follows,
  // though ten keepalive intervals pass.
  const auto join = other.receive();
  ASSERT_TRUE(join);
  EXPECT_TRUE(join->starts_with("('127.0.0.1', ") && join->ends_with(")____")) << *join;
  EXPECT_EQ(other.receive(std::chrono::milliseconds{500}), std::nullopt);
  ours.close_stdin();
  EXPECT_EQ(ours.wait_exit(), 0);
}

TEST(SeedCompatTest, SeedTerminalShowsANamedSender) {
  running_hub hub;
  seed_terminal seed{hub};
  seed.process.write_stdin("here\n");
  ASSERT_TRUE(hub.saw_join(seed.address));
  auto member = joined_probe(hub);
  member->send_to(hub.port, "/nick dave");
  member->send_to(hub.port, "hello seed");
  EXPECT_TRUE(seed.process.wait_for_stdout(
      [&](const std::string& l) { return l == "dave (" + member->address() + ") sent hello seed"; }))
      << seed.process.all_stdout();
}

}  // namespace
}  // namespace udpchat::testing
