// SPDX-License-Identifier: GPL-3.0-or-later
// The seed's TCP clients, which frame nothing (each message one write, no line ending), against
// the real desk and room, through a stand-in that behaves as they did.
#include "server_fixture.hpp"
#include "tcp_probe.hpp"

namespace udpchat::testing {
namespace {

std::string seed_script(const std::string& name) { return std::string{UDPCHAT_SEED_DIR} + "/" + name; }

struct seed_customer {
  explicit seed_customer(unsigned short port)
      : process{UDPCHAT_PYTHON, {"-u", seed_script("seed_customer.py"), "127.0.0.1", std::to_string(port)}} {
    const auto connected = process.wait_for_stdout([](const std::string& l) { return l.starts_with("connected as "); });
    if (connected) address = connected->substr(13);
  }
  // Whether it printed a line that is exactly `line`, within the deadline.
  bool shows(const std::string& line) {
    return process.wait_for_stdout([&](const std::string& l) { return l == line; }).has_value();
  }
  child_process process;
  std::string address;
};

TEST(SeedTcpCompatTest, SeedCustomerAndAgentTalkBothWays) {
  running_server desk{"udpchat-desk", on_loopback()};
  seed_customer seed{desk.port};
  ASSERT_FALSE(seed.address.empty()) << seed.process.all_stderr();
  EXPECT_TRUE(desk.logs("#1 " + seed.address + " arrived"));
  // Asked for a name first; the seed's client sends it as it sends everything, with no ending.
  seed.process.write_stdin("seedling\n");
  EXPECT_TRUE(seed.shows("hub____thank you, seedling: you are number 1 in the queue; no estimate of the wait yet"))
      << seed.process.all_stdout();
  seed.process.write_stdin("你好, seed-style message without newline\n");
  EXPECT_TRUE(desk.logs("#1 seedling: 你好, seed-style message without newline"));
  desk.process.write_stdin("/next\n");
  desk.process.write_stdin("hello from the agent\n");
  EXPECT_TRUE(seed.shows("agent____hello from the agent")) << seed.process.all_stdout();
  seed.process.write_stdin("thanks, that works\n");
  EXPECT_TRUE(desk.logs("#1 seedling: thanks, that works"));
  seed.process.write_stdin("quit\n");
  EXPECT_TRUE(desk.logs("#1 seedling left"));
  EXPECT_EQ(seed.process.wait_exit(), 0);
}

TEST(SeedTcpCompatTest, SeedClientTalksInTheRoomAndLeavesWithQuit) {
  running_server room{"udpchat-room", on_loopback()};
  tcp_probe member{room.port};
  ASSERT_TRUE(member.read_line());
  ASSERT_TRUE(room.saw_join(member.address()));
  seed_customer seed{room.port};
  ASSERT_FALSE(seed.address.empty()) << seed.process.all_stderr();
  ASSERT_TRUE(room.saw_join(seed.address));
  seed.process.write_stdin("hello room, from the seed\n");
  EXPECT_EQ(member.read_line_matching([](const std::string& l) { return !l.starts_with("hub____"); }),
            seed.address + "____hello room, from the seed");
  member.send("hello seed\n");
  EXPECT_TRUE(seed.shows(member.address() + "____hello seed")) << seed.process.all_stdout();
  seed.process.write_stdin("quit\n");
  EXPECT_EQ(member.read_line_matching([&](const std::string& l) { return l.starts_with(seed.address); }),
            seed.address + "____left____qq");
  EXPECT_EQ(seed.process.wait_exit(), 0);
}

}  // namespace
}  // namespace udpchat::testing
