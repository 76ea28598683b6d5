// SPDX-License-Identifier: GPL-3.0-or-later
// Nothing typed into udpchat is lost while its hub is away: a real hub killed with SIGKILL and
// restarted on the same port, a restarted hub that refuses the terminal for a while, and what
// the terminal says and returns when a line really is lost.
#include <signal.h>

#include "port_keeper.hpp"
#include "server_fixture.hpp"

namespace udpchat::testing {
namespace {

std::vector<std::string> on_port(unsigned short port, std::vector<std::string> extra = {}) {
  extra.insert(extra.begin(), {"--host", "127.0.0.1", "--port", std::to_string(port)});
  return extra;
}

TEST(UdpDeliveryTest, LineTypedJustAfterTheHubCrashedArrivesAfterItRestarts) {
  auto hub = std::make_unique<running_hub>();
  const unsigned short port = hub->port;
  running_terminal a{*hub};
  hub->process.send_signal(SIGKILL);
  ASSERT_TRUE(hub->process.wait_exit().has_value());
  hub.reset();
  // Sent to a port nobody listens on: the terminal learns it only from the refusal that comes back.
  a.process.write_stdin("typed after the crash\n");
  EXPECT_TRUE(a.shows("*** no hub is answering at 127.0.0.1:" + std::to_string(port)));
  {
    port_keeper keeper{port};
    ASSERT_TRUE(keeper.bound());
    ASSERT_TRUE(keeper.asked());
  }
  running_hub restarted{on_port(port)};
  ASSERT_EQ(restarted.port, port);
  auto other = joined_probe(restarted);
  EXPECT_EQ(other->receive_matching(is_member_message), a.address + "____typed after the crash");
  EXPECT_TRUE(a.shows("not yet confirmed by the hub will be sent again"));
  a.process.close_stdin();
  EXPECT_EQ(a.process.wait_exit(), 0);
}

TEST(UdpDeliveryTest, RefusalFromARestartedHubIsNotTakenForItsReturn) {
  auto hub = std::make_unique<running_hub>();
  const unsigned short port = hub->port;
  running_terminal a{*hub};
  hub->process.send_signal(SIGKILL);
  ASSERT_TRUE(hub->process.wait_exit().has_value());
  hub.reset();
  a.process.write_stdin("held through a refusal\n");
  EXPECT_TRUE(a.shows("*** no hub is answering"));
  {
    port_keeper keeper{port};
    ASSERT_TRUE(keeper.bound());
    ASSERT_TRUE(keeper.asked());
  }
  // Restarted full: the terminal's next joins are refused (the trace shows each).
  running_hub restarted{on_port(port, {"--max-members", "2", "--trace"})};
  ASSERT_EQ(restarted.port, port);
  auto other = joined_probe(restarted);
  auto filler = joined_probe(restarted);
  EXPECT_TRUE(a.shows("hub: error: the hub is full"));
  const auto sent_to_a = [&](const std::string& line) {
    return line.find(" send ") != std::string::npos && line.ends_with("-> " + a.address + " (58 bytes)");
  };
  EXPECT_TRUE(restarted.process.wait_for_stderr(sent_to_a));
  EXPECT_TRUE(restarted.process.wait_for_stderr(sent_to_a));
  filler->send_to(port, "quit");
  EXPECT_EQ(other->receive_matching([](const std::string& d) { return d.ends_with("held through a refusal"); },
                                    std::chrono::seconds{10}),
            a.address + "____held through a refusal");
  std::size_t refusals_shown = 0;
  for (const auto& line : a.process.stdout_lines()) refusals_shown += line.find("the hub is full") != std::string::npos;
  EXPECT_EQ(refusals_shown, 1U);
}

TEST(UdpDeliveryTest, LinesLeftUndeliveredAreNamedAndTheExitStatusSaysSo) {
  unsigned short unused_port = 0;
  {
    udp_probe placeholder;  // a port that was free a moment ago, and nobody listens on now
    unused_port = placeholder.port();
  }
  child_process lonely{bin_path("udpchat"), {"--host", "127.0.0.1", "--port", std::to_string(unused_port)}};
  lonely.write_stdin("nobody heard this\n");
  lonely.close_stdin();
  EXPECT_EQ(lonely.wait_exit(std::chrono::seconds{15}), 1);
  EXPECT_NE(lonely.all_stderr().find("udpchat: not delivered: nobody heard this"), std::string::npos)
      << lonely.all_stderr();
}

// The test stands in for a hub that welcomes, takes two lines and says it dropped some.
TEST(UdpDeliveryTest, HubSayingItDroppedLinesMakesTheExitStatusNonZero) {
  udp_probe fake_hub;
  child_process a{bin_path("udpchat"), {"--host", "127.0.0.1", "--port", std::to_string(fake_hub.port())}};
  const auto port = terminal_port(a);
  ASSERT_TRUE(port.has_value()) << a.all_stderr();
  const unsigned short member_port = *port;
  EXPECT_EQ(fake_hub.receive(), "");
  fake_hub.send_to(member_port, "hub____welcome, you are 127.0.0.1:" + std::to_string(member_port) +
                                      "; 2 members here; rate limit 20/s burst 60; send quit to leave");
  a.write_stdin("one\ntwo\n");
  a.close_stdin();
  EXPECT_EQ(fake_hub.receive_matching([](const std::string& d) { return !d.empty(); }), "one");
  EXPECT_EQ(fake_hub.receive_matching([](const std::string& d) { return !d.empty(); }), "two");
  fake_hub.send_to(member_port, "hub____error: slow down: messages beyond 20 a second (bursts of 60) are not relayed");
  EXPECT_EQ(a.wait_exit(std::chrono::seconds{10}), 1);
  EXPECT_NE(a.all_stderr().find("dropped messages sent faster than its rate limit"), std::string::npos)
      << a.all_stderr();
}

}  // namespace
}  // namespace udpchat::testing
