// SPDX-License-Identifier: GPL-3.0-or-later
// udpchat-server.exe under Wine: its limits, each met by raw sockets, with the notices the Linux
// hub gives (tests/e2e/udp_limits_test.cpp), word for word.
#include "wine_programs.hpp"

namespace udpchat::testing {
namespace {

TEST(WindowsHubLimitsTest, NewcomerPastMaxMembersIsToldTheHubIsFull) {
  windows_hub hub{on_loopback({"--max-members", "2"})};
  ASSERT_NE(hub.port, 0) << hub.process.all_stdout() << hub.process.all_stderr();
  auto a = joined_probe(hub);
  auto b = joined_probe(hub);
  udp_probe late;
  late.send_to(hub.port, "let me in");
  EXPECT_EQ(late.receive(), "hub____error: the hub is full (2 members); try again later");
  expect_next_is_marker(hub, *a, *b);
  EXPECT_EQ(late.receive(milliseconds{200}), std::nullopt);
  EXPECT_TRUE(hub.logs("turned away 1 newcomer: the hub is full")) << hub.process.all_stdout();
  // A place that frees up can be taken.
  a->send_to(hub.port, "quit");
  EXPECT_EQ(b->receive(), a->address() + "____left____qq");
  late.send_to(hub.port, "now?");
  expect_welcome(late);
  EXPECT_EQ(b->receive(), late.address() + "____now?");
}

TEST(WindowsHubLimitsTest, MessagesOverTheRateAreDroppedAndTheSenderToldOnce) {
  windows_hub hub{on_loopback({"--rate-limit", "5", "--burst", "3"})};
  ASSERT_NE(hub.port, 0) << hub.process.all_stdout() << hub.process.all_stderr();
  auto fast = joined_probe(hub);
  auto watcher = joined_probe(hub);
  for (int i = 0; i < 10; ++i) fast->send_to(hub.port, "m" + std::to_string(i));
  EXPECT_EQ(fast->receive(), "hub____error: slow down: messages beyond 5 a second (bursts of 3) are not relayed");
  for (int i = 0; i < 3; ++i) EXPECT_EQ(watcher->receive(), fast->address() + "____m" + std::to_string(i));
  // Nothing more reached the watcher, and the sender was told only once.
  auto other = joined_probe(hub);
  other->send_to(hub.port, "marker");
  EXPECT_EQ(watcher->receive(), other->address() + "____marker");
  EXPECT_EQ(fast->receive(), other->address() + "____marker");
  EXPECT_TRUE(hub.logs("dropped 7 messages over the rate limit")) << hub.process.all_stdout();
}

}  // namespace
}  // namespace udpchat::testing
