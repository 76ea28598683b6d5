// SPDX-License-Identifier: GPL-3.0-or-later
// udpchat on a pseudo-terminal: messages arriving while a person types.
#include "server_fixture.hpp"
#include "pty_process.hpp"

namespace udpchat::testing {
namespace {

TEST(InteractiveTest, IncomingMessageDoesNotGarbleTheLineBeingTyped) {
  running_hub hub;
  auto other = joined_probe(hub);
  pty_process person{bin_path("udpchat"), {"--host", "127.0.0.1", "--port", std::to_string(hub.port)}};
  ASSERT_TRUE(person.wait_for("> ")) << person.output();
  ASSERT_TRUE(hub.process.wait_for_stdout([](const std::string& line) {
    return line.find(" joined, 2 members") != std::string::npos;
  }));

  person.type("half a sen");
  const auto typed = person.wait_for("half a sen");
  ASSERT_TRUE(typed);
  other->send_to(hub.port, "interrupting you");
  const auto shown = person.wait_for("interrupting you", *typed);
  ASSERT_TRUE(shown) << person.output();
  // After the message, the prompt and the half-typed text are drawn again below it.
  EXPECT_TRUE(person.wait_for("> half a sen", *shown)) << person.output();

  person.type("tence\r");
  const auto sent = other->receive();
  ASSERT_TRUE(sent);
  EXPECT_TRUE(sent->ends_with("____half a sentence")) << *sent;

  person.type("quit\r");
  EXPECT_EQ(person.wait_exit(), 0);
  EXPECT_TRUE(other->receive_matching([](const std::string& d) { return d.ends_with("____left____qq"); }));
}

TEST(InteractiveTest, EveryLineOfABurstIsShownEvenWhenTheTerminalIsSlow) {
  running_hub hub{on_loopback({"--rate-limit", "0"})};
  auto other = joined_probe(hub);
  pty_process person{bin_path("udpchat"), {"--host", "127.0.0.1", "--port", std::to_string(hub.port)}};
  ASSERT_TRUE(person.wait_for("> "));
  ASSERT_TRUE(hub.process.wait_for_stdout([](const std::string& line) {
    return line.find(" joined, 2 members") != std::string::npos;
  }));
  // Nobody reads the terminal while the burst arrives, so its output buffer fills up.
  constexpr int burst = 100;  // fits the socket's receive buffer: UDP losses are not the point
  const std::string padding(200, 'p');
  for (int i = 0; i < burst; ++i) other->send_to(hub.port, "burst " + std::to_string(i) + " " + padding);
  ASSERT_TRUE(person.wait_for("burst " + std::to_string(burst - 1) + " ")) << person.output().size();
  for (int i = 0; i < burst; ++i) {
    EXPECT_NE(person.output().find("burst " + std::to_string(i) + " "), std::string::npos) << i;
  }
}

TEST(InteractiveTest, CtrlDLeavesTheChat) {
  running_hub hub;
  auto other = joined_probe(hub);
  pty_process person{bin_path("udpchat"), {"--host", "127.0.0.1", "--port", std::to_string(hub.port)}};
  ASSERT_TRUE(person.wait_for("> "));
  person.type("\x04");
  EXPECT_EQ(person.wait_exit(), 0);
  EXPECT_TRUE(other->receive_matching([](const std::string& d) { return d.ends_with("____left____qq"); }));
}

}  // namespace
}  // namespace udpchat::testing
