// SPDX-License-Identifier: GPL-3.0-or-later
// The hub's limits, each met by a raw socket: the reply that comes back, and that nobody else
// is affected.
#include <string>

#include "server_fixture.hpp"

namespace udpchat::testing {
namespace {

using std::chrono::milliseconds;

// Whether the hub's log holds `text`, already or within the deadline.
bool logged_at_some_point(running_hub& hub, const std::string& text) {
  if (hub.process.all_stdout().find(text) != std::string::npos) return true;
  return hub.process
      .wait_for_stdout([&](const std::string&) { return hub.process.all_stdout().find(text) != std::string::npos; })
      .has_value();
}

TEST(UdpLimitsTest, WelcomeStatesTheRateLimitSoATerminalCanPaceItself) {
  running_hub hub{on_loopback({"--rate-limit", "5", "--burst", "7", "--idle-timeout", "2m"})};
  udp_probe newcomer;
  newcomer.send_to(hub.port, "");
  const auto welcome = newcomer.receive();
  ASSERT_TRUE(welcome);
  EXPECT_TRUE(welcome->ends_with("; idle timeout 2m; rate limit 5/s burst 7; send quit to leave")) << *welcome;
  // Without a limit there is nothing to state.
  running_hub unlimited{on_loopback({"--rate-limit", "0"})};
  udp_probe other;
  other.send_to(unlimited.port, "");
  const auto plain = other.receive();
  ASSERT_TRUE(plain);
  EXPECT_TRUE(plain->ends_with("; idle timeout 10m; send quit to leave")) << *plain;
}

TEST(UdpLimitsTest, SilentMembersTimeOutAndOnlyThoseThatSpokeAreAnnounced) {
  running_hub hub{on_loopback({"--idle-timeout", "300ms"})};
  auto talker = joined_probe(hub);
  auto lurker = joined_probe(hub);
  auto watcher = joined_probe(hub);
  talker->send_to(hub.port, "hello");
  EXPECT_EQ(watcher->receive(), talker->address() + "____hello");
  // The watcher stays a member with empty datagrams; the other two say nothing more.
  const std::string timed_out = talker->address() + "____timed out (silent for 300ms)____qq";
  std::optional<std::string> announced;
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds{5};
  while (!announced && std::chrono::steady_clock::now() < until) {
    watcher->send_to(hub.port, "");
    announced = watcher->receive(milliseconds{50});
  }
  EXPECT_EQ(announced, timed_out);
  // Both are logged, in whichever order the sweep found them.
  EXPECT_TRUE(logged_at_some_point(hub, talker->address() + " timed out (silent for 300ms)"));
  EXPECT_TRUE(logged_at_some_point(hub, lurker->address() + " timed out (silent for 300ms)"));
  // The lurker never spoke, so its departure was not announced: the next datagram the watcher
  // gets is a newcomer's message.
  watcher->send_to(hub.port, "");
  udp_probe newcomer;
  newcomer.send_to(hub.port, "after");
  EXPECT_EQ(watcher->receive(), newcomer.address() + "____after");
}

TEST(UdpLimitsTest, EmptyDatagramsKeepAMemberPastTheIdleTimeout) {
  running_hub hub{on_loopback({"--idle-timeout", "300ms"})};
  auto quiet = joined_probe(hub);
  auto talker = joined_probe(hub);
  const auto until = std::chrono::steady_clock::now() + milliseconds{900};
  while (std::chrono::steady_clock::now() < until) {
    quiet->send_to(hub.port, "");
    talker->send_to(hub.port, "");
    // Nothing is relayed for either: nothing arrives in the meantime.
    EXPECT_EQ(quiet->receive(milliseconds{100}), std::nullopt);
  }
  expect_next_is_marker(hub, *talker, *quiet);
}

TEST(UdpLimitsTest, NewcomerPastMaxMembersIsToldTheHubIsFull) {
  running_hub hub{on_loopback({"--max-members", "2"})};
  auto a = joined_probe(hub);
  auto b = joined_probe(hub);
  udp_probe late;
  late.send_to(hub.port, "let me in");
  EXPECT_EQ(late.receive(), "hub____error: the hub is full (2 members); try again later");
  // Not relayed and not a member: the members' chat goes on as before.
  expect_next_is_marker(hub, *a, *b);
  EXPECT_EQ(late.receive(milliseconds{200}), std::nullopt);
  EXPECT_TRUE(hub.logs("turned away 1 newcomer: the hub is full"));
  // A place that frees up can be taken.
  a->send_to(hub.port, "quit");
  EXPECT_EQ(b->receive(), a->address() + "____left____qq");
  late.send_to(hub.port, "now?");
  expect_welcome(late);
  EXPECT_EQ(b->receive(), late.address() + "____now?");
}

TEST(UdpLimitsTest, NewcomerPastMaxPerIpIsTurnedAwayWhileOtherAddressesJoin) {
  running_hub hub{on_loopback({"--max-per-ip", "2"})};
  auto a = joined_probe(hub);
  auto b = joined_probe(hub);
  udp_probe third;
  third.send_to(hub.port, "");
  EXPECT_EQ(third.receive(), "hub____error: too many members from 127.0.0.1 (2); try again later");
  auto elsewhere = udp_probe::bound_to("127.0.0.2");
  elsewhere->send_to(hub.port, "from another host");
  expect_welcome(*elsewhere);
  EXPECT_EQ(a->receive(), elsewhere->address() + "____from another host");
  EXPECT_EQ(b->receive(), elsewhere->address() + "____from another host");
  EXPECT_TRUE(hub.logs("turned away 1 newcomer: too many from one address"));
}

TEST(UdpLimitsTest, RepliesToTurnedAwayNewcomersShareABudgetOfAHundredASecond) {
  running_hub hub{on_loopback({"--max-members", "1"})};
  auto member = joined_probe(hub);
  constexpr int newcomers = 400;
  std::vector<std::unique_ptr<udp_probe>> strangers;
  const auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < newcomers; ++i) {
    strangers.push_back(std::make_unique<udp_probe>());
    strangers.back()->send_to(hub.port, "");
  }
  // Counted once a second: the 400 may be split between two log lines.
  int turned_away = 0;
  while (turned_away < newcomers) {
    const auto line = hub.process.wait_for_stdout(
        [](const std::string& l) { return l.find("turned away ") != std::string::npos && l.ends_with(": the hub is full"); });
    ASSERT_TRUE(line) << turned_away << " turned away";
    turned_away += std::stoi(line->substr(line->find("turned away ") + 12));
  }
  EXPECT_EQ(turned_away, newcomers);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  int replies = 0;
  for (auto& each : strangers) {
    if (each->receive(milliseconds{0})) ++replies;
  }
  // The budget starts full (100) and refills at 100 a second.
  EXPECT_GE(replies, 100);
  EXPECT_LE(replies, 100 + static_cast<int>(100 * seconds) + 1) << seconds << " s";
}

TEST(UdpLimitsTest, NewcomersFromOneAddressPastTheJoinRateWaitTheirTurn) {
  running_hub hub{on_loopback({"--join-rate", "1"})};
  auto watcher = udp_probe::bound_to("127.0.0.2");
  watcher->send_to(hub.port, "");
  expect_welcome(*watcher);
  // A first 50 at once, then one a second: the 51st is turned away, and leaving does not help.
  // Sent together, so the budget has no time to refill before the 51st.
  std::vector<std::unique_ptr<udp_probe>> joined;
  for (int i = 0; i < 50; ++i) {
    joined.push_back(std::make_unique<udp_probe>());
    joined.back()->send_to(hub.port, "");
  }
  for (auto& each : joined) expect_welcome(*each);
  joined.front()->send_to(hub.port, "quit");
  udp_probe late;
  late.send_to(hub.port, "hello?");
  EXPECT_EQ(late.receive(), "hub____error: too many new members from 127.0.0.1 at once; try again in a few seconds");
  // Another address is not held up.
  auto elsewhere = udp_probe::bound_to("127.0.0.3");
  elsewhere->send_to(hub.port, "from elsewhere");
  expect_welcome(*elsewhere);
  EXPECT_TRUE(watcher->receive_matching(
      [&](const std::string& d) { return d == elsewhere->address() + "____from elsewhere"; }));
  EXPECT_TRUE(hub.logs("turned away 1 newcomer: joining too fast from one address"));
}

TEST(UdpLimitsTest, MessagesOverTheRateAreDroppedAndTheSenderToldOnce) {
  running_hub hub{on_loopback({"--rate-limit", "5", "--burst", "3"})};
  auto fast = joined_probe(hub);
  auto watcher = joined_probe(hub);
  for (int i = 0; i < 10; ++i) fast->send_to(hub.port, "m" + std::to_string(i));
  EXPECT_EQ(fast->receive(),
            "hub____error: slow down: messages beyond 5 a second (bursts of 3) are not relayed");
  // The burst of three went through, then nothing: after them the watcher's next datagram is
  // a marker from another member.
  for (int i = 0; i < 3; ++i) EXPECT_EQ(watcher->receive(), fast->address() + "____m" + std::to_string(i));
  // Nothing more reached the watcher, and the sender was told only once: for both, the next
  // datagram is another member's marker.
  auto other = joined_probe(hub);
  other->send_to(hub.port, "marker");
  EXPECT_EQ(watcher->receive(), other->address() + "____marker");
  EXPECT_EQ(fast->receive(), other->address() + "____marker");
  EXPECT_TRUE(hub.logs("dropped 7 messages over the rate limit"));
  // The bucket refills at 5 a second: a later message goes through again.
  bool relayed = false;
  for (int tries = 0; tries < 30 && !relayed; ++tries) {
    fast->send_to(hub.port, "again");
    relayed = watcher->receive(milliseconds{100}) == fast->address() + "____again";
  }
  EXPECT_TRUE(relayed);
}

TEST(UdpLimitsTest, AnAddressThatNeverAnswersGetsAtMostTheUnheardLimit) {
  // The reflection case: one datagram from `victim`, which never sends again.
  running_hub hub{on_loopback({"--unheard-limit", "5", "--rate-limit", "0"})};
  auto speaker = joined_probe(hub);
  udp_probe victim;
  victim.send_to(hub.port, "");
  ASSERT_TRUE(hub.saw_join(victim.address()));
  for (int i = 0; i < 20; ++i) speaker->send_to(hub.port, "m" + std::to_string(i));
  expect_welcome(victim);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(victim.receive(), speaker->address() + "____m" + std::to_string(i));
  EXPECT_EQ(victim.receive(),
            "hub____paused: 5 messages sent to you without a word back; send anything to get new messages again");
  EXPECT_EQ(victim.receive(milliseconds{300}), std::nullopt);
  EXPECT_TRUE(hub.logs("paused 1 member that did not answer 5 messages"));
  // Speaking again resumes it; what was said meanwhile is not replayed.
  victim.send_to(hub.port, "");
  expect_next_is_marker(hub, *speaker, victim);
}

TEST(UdpLimitsTest, BadLimitValuesAreRefusedWithAReason) {
  for (const std::vector<std::string>& arguments :
       {std::vector<std::string>{"--idle-timeout", "10"}, {"--idle-timeout", "soon"},
        {"--max-members", "many"}, {"--rate-limit", "-1"}, {"--rate-limit", "5", "--burst", "0"}}) {
    child_process hub{bin_path("udpchat-server"), on_loopback(arguments)};
    EXPECT_EQ(hub.wait_exit(), 2) << arguments[1];
    hub.drain();
    EXPECT_NE(hub.all_stderr().find(arguments[0]), std::string::npos) << hub.all_stderr();
  }
}

}  // namespace
}  // namespace udpchat::testing
