// SPDX-License-Identifier: GPL-3.0-or-later
// --history of the hub and the room: a late joiner gets the last messages, marked, after its
// welcome; on the hub the replay counts against the unheard limit.
#include <chrono>
#include <regex>

#include "external_program.hpp"
#include "server_fixture.hpp"
#include "tcp_probe.hpp"
#include "tcp_server_fixture.hpp"
#include "udpchat/history_mark.hpp"

namespace udpchat::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::system_clock;

// A replayed message: "[history <time>] <sender>____<text>", the time within [before, after]
// (to the second, as the mark writes it). Returns what it stood for: "<sender>____<text>".
std::string unmarked(const std::optional<std::string>& replayed, system_clock::time_point before,
                     system_clock::time_point after) {
  if (!replayed) {
    ADD_FAILURE() << "no replayed message";
    return {};
  }
  static const std::regex mark{R"(^\[history (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)\] (.*)$)"};
  std::smatch parts;
  if (!std::regex_match(*replayed, parts, mark)) {
    ADD_FAILURE() << "not marked as history: " << *replayed;
    return {};
  }
  const auto said_at = parse_utc_time(parts[1].str());
  EXPECT_TRUE(said_at.has_value()) << *replayed;
  if (said_at) {
    EXPECT_GE(*said_at, std::chrono::floor<std::chrono::seconds>(before)) << *replayed;
    EXPECT_LE(*said_at, after) << *replayed;
  }
  return parts[2].str();
}

TEST(HubHistoryTest, ALateJoinerGetsTheLastMessagesMarkedAfterItsWelcome) {
  running_hub hub{on_loopback({"--history", "3"})};
  const auto before = system_clock::now();
  auto speaker = joined_probe(hub);
  for (const char* text : {"one", "two", "three", "four"}) speaker->send_to(hub.port, text);
  ASSERT_TRUE(hub.logs(speaker->address() + " said: four"));
  const auto after = system_clock::now();

  udp_probe late;
  late.send_to(hub.port, "");
  expect_welcome(late);
  for (const char* text : {"two", "three", "four"}) {
    EXPECT_EQ(unmarked(late.receive(), before, after), speaker->address() + "____" + text);
  }
  // What is said from now on is live, unmarked.
  speaker->send_to(hub.port, "five");
  EXPECT_EQ(late.receive(), speaker->address() + "____five");
}

TEST(HubHistoryTest, NoHistoryIsReplayedWithHistoryZero) {
  running_hub hub{on_loopback({"--history", "0"})};
  auto speaker = joined_probe(hub);
  speaker->send_to(hub.port, "before");
  ASSERT_TRUE(hub.logs(speaker->address() + " said: before"));
  auto late = joined_probe(hub);
  speaker->send_to(hub.port, "after");
  EXPECT_EQ(late->receive(), speaker->address() + "____after");
}

TEST(HubHistoryTest, TheUnheardLimitCapsTheReplayToAForgedJoin) {
  // With an unheard limit of 5, a newcomer that never answers (a forged source address) is
  // sent the welcome and the newest 3 of the history, then the next live message and the paused
  // notice, then nothing: 5 datagrams and the notice, as without history.
  running_hub hub{on_loopback({"--history", "20", "--unheard-limit", "5"})};
  auto speaker = joined_probe(hub);
  for (int i = 0; i < 10; ++i) speaker->send_to(hub.port, "m" + std::to_string(i));
  ASSERT_TRUE(hub.logs(speaker->address() + " said: m9"));

  udp_probe victim;
  victim.send_to(hub.port, "");
  expect_welcome(victim);
  for (const char* text : {"m7", "m8", "m9"}) {
    const auto replayed = victim.receive();
    ASSERT_TRUE(replayed.has_value());
    EXPECT_TRUE(replayed->starts_with("[history ")) << *replayed;
    EXPECT_TRUE(replayed->ends_with("] " + speaker->address() + "____" + text)) << *replayed;
  }
  speaker->send_to(hub.port, "next");
  EXPECT_EQ(victim.receive(), speaker->address() + "____next");
  const auto paused = victim.receive();
  ASSERT_TRUE(paused.has_value());
  EXPECT_TRUE(paused->starts_with("hub____paused: 5 messages sent to you")) << *paused;
  // The hub handles one socket's datagrams in order: once the speaker has its answer to /who,
  // anything "beyond" would bring the victim has been sent.
  speaker->send_to(hub.port, "beyond");
  speaker->send_to(hub.port, "/who");
  const auto who = speaker->receive();
  ASSERT_TRUE(who.has_value());
  EXPECT_TRUE(who->starts_with("hub____who: ")) << *who;
  EXPECT_EQ(victim.receive(milliseconds{300}), std::nullopt);
}

TEST(HubHistoryTest, TheTerminalShowsAReplayedMessageAsHistory) {
  running_hub hub{on_loopback({"--history", "2"})};
  auto speaker = joined_probe(hub);
  speaker->send_to(hub.port, "earlier");
  ASSERT_TRUE(hub.logs(speaker->address() + " said: earlier"));
  running_terminal reader{hub, {"--json"}};
  const auto event = reader.shows("\"event\":\"history\"");
  ASSERT_TRUE(event.has_value()) << reader.process.all_stdout();
  EXPECT_NE(event->find("\"said_at\":\""), std::string::npos) << *event;
  EXPECT_NE(event->find("\"sender\":\"" + speaker->address() + "\""), std::string::npos) << *event;
  EXPECT_NE(event->find("\"text\":\"earlier\""), std::string::npos) << *event;
}

TEST(RoomHistoryTest, ALateJoinerGetsTheLastMessagesMarkedAfterItsWelcome) {
  running_room room{{"--history", "2"}};
  const auto before = system_clock::now();
  tcp_probe speaker{room.port};
  ASSERT_TRUE(speaker.read_line());  // the welcome
  ASSERT_TRUE(room.saw_join(speaker.address()));
  speaker.send("/nick ann\nfirst\nsecond\nthird\n");
  const std::string ann = "ann (" + speaker.address() + ")";
  ASSERT_TRUE(room.logs(ann + " said: third"));
  const auto after = system_clock::now();

  tcp_probe late{room.port};
  const auto welcome = late.read_line();
  ASSERT_TRUE(welcome.has_value());
  EXPECT_TRUE(welcome->starts_with("hub____welcome, you are " + late.address())) << *welcome;
  EXPECT_EQ(unmarked(late.read_line(), before, after), ann + "____second");
  EXPECT_EQ(unmarked(late.read_line(), before, after), ann + "____third");
  speaker.send("fourth\n");
  EXPECT_EQ(late.read_line(), ann + "____fourth");
}

TEST(HistoryOptionTest, MoreThanAThousandOrNotANumberIsRefused) {
  for (const char* program : {"udpchat-server", "udpchat-room"}) {
    const auto too_many = run_program(bin_path(program), {"--history", "1001"}, {}, milliseconds{5000});
    EXPECT_EQ(too_many.exit_status, 2) << program;
    EXPECT_EQ(too_many.stderr_text, std::string{program} + ": --history is at most 1000\n");
    const auto not_a_number = run_program(bin_path(program), {"--history", "ten"}, {}, milliseconds{5000});
    EXPECT_EQ(not_a_number.exit_status, 2) << program;
    EXPECT_EQ(not_a_number.stderr_text,
              std::string{program} + ": --history must be a whole number (0 or more, digits only), not 'ten'\n");
  }
}

}  // namespace
}  // namespace udpchat::testing
