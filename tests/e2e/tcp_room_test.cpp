// SPDX-License-Identifier: GPL-3.0-or-later
// udpchat-room driven by raw TCP clients and real udpchat --tcp terminals.
#include <signal.h>

#include <map>
#include <regex>
#include <thread>

#include "proc_status.hpp"
#include "server_fixture.hpp"
#include "tcp_keepalive.hpp"
#include "tcp_probe.hpp"
#include "tcp_server_fixture.hpp"

namespace udpchat::testing {
namespace {

// A room with a few hundred connections needs about 10 MiB. AddressSanitizer's shadow memory
// and its quarantine of freed blocks add several times that, so a sanitized build gets more room.
#ifdef UDPCHAT_SANITIZED
constexpr std::size_t many_connections_limit_kib = 256U * 1024U;
#else
constexpr std::size_t many_connections_limit_kib = 64U * 1024U;
#endif

auto starting_with(std::string start) {
  return [start = std::move(start)](const std::string& line) { return line.starts_with(start); };
}
auto equal_to(std::string wanted) {
  return [wanted = std::move(wanted)](const std::string& line) { return line == wanted; };
}

TEST(TcpRoomTest, RelaysEachLineToEveryOtherMemberAndNeverBack) {
  running_room room;
  auto a = joined_member(room);
  auto b = joined_member(room);
  auto c = joined_member(room);
  a->send("hello room\n");
  EXPECT_EQ(b->read_line_matching(is_member_message), a->address() + "____hello room");
  EXPECT_EQ(c->read_line_matching(is_member_message), a->address() + "____hello room");
  c->send("marker\r\n");
  // Lines reach a in order: had a been sent its own line, it would come before c's.
  EXPECT_EQ(a->read_line_matching(is_member_message), c->address() + "____marker");
}

TEST(TcpRoomTest, BurstsFromSeveralMembersAtOnceArriveWholeInOrderAndNeverBack) {
  running_room room{{"--quiet"}};
  auto a = joined_member(room);
  auto b = joined_member(room);
  auto c = joined_member(room);
  constexpr int lines_each = 300;
  constexpr int per_burst = 30;
  // Bursts of several lines each, from two members in turn: the room relays them in batches.
  for (int burst = 0; burst < lines_each / per_burst; ++burst) {
    for (tcp_probe* sender : {a.get(), b.get()}) {
      std::string lines;
      for (int i = burst * per_burst; i < (burst + 1) * per_burst; ++i) lines += "n" + std::to_string(i) + "\n";
      sender->send(lines);
    }
  }
  const std::string a_says = a->address() + "____n";
  const std::string b_says = b->address() + "____n";
  std::map<std::string, int> next_from_c;
  for (int i = 0; i < 2 * lines_each; ++i) {
    const auto line = c->read_line_matching(is_member_message);
    ASSERT_TRUE(line) << "line " << i;
    const std::string sender = line->substr(0, line->find("____"));
    EXPECT_EQ(*line, sender + "____n" + std::to_string(next_from_c[sender]++));
  }
  EXPECT_EQ(next_from_c[a->address()], lines_each);
  EXPECT_EQ(next_from_c[b->address()], lines_each);
  // a and b each hear only the other, in order.
  for (int i = 0; i < lines_each; ++i) {
    EXPECT_EQ(a->read_line_matching(is_member_message), b_says + std::to_string(i));
    EXPECT_EQ(b->read_line_matching(is_member_message), a_says + std::to_string(i));
  }
}

TEST(TcpRoomTest, JoinsAndDeparturesAreAnnounced) {
  running_room room;
  auto a = joined_member(room);
  auto b = joined_member(room);
  EXPECT_EQ(a->read_line(), "hub____" + b->address() + " joined");
  b->send("quit\n");
  EXPECT_EQ(b->read_line(), "hub____goodbye");
  EXPECT_TRUE(b->closed_by_peer());
  EXPECT_EQ(a->read_line(), b->address() + "____left____qq");
}

TEST(TcpRoomTest, VanishedMemberIsRemovedAndAnnounced) {
  running_room room;
  auto a = joined_member(room);
  auto b = joined_member(room);
  const std::string gone = b->address();
  b->close();
  EXPECT_TRUE(a->read_line_matching([&](const std::string& l) { return l.starts_with(gone + "____disconnected"); }));
  EXPECT_TRUE(room.logs(gone + " disconnected"));
}

TEST(TcpRoomTest, TextsAreMadeSafeAndCannotForgeASender) {
  running_room room;
  auto a = joined_member(room);
  auto b = joined_member(room);
  a->send("10.0.0.1:9____x____qq \x1b[2J\xff\n");
  EXPECT_EQ(b->read_line_matching(is_member_message),
            a->address() + "____10.0.0.1:9\xef\xbc\xbf\xef\xbc\xbf\xef\xbc\xbf\xef\xbc\xbfx"
                           "\xef\xbc\xbf\xef\xbc\xbf\xef\xbc\xbf\xef\xbc\xbfqq \\x1b[2J\\xff");
}

TEST(TcpRoomTest, OverlongLineGetsAnErrorAndTheConnectionGoesOn) {
  running_room room;
  auto a = joined_member(room);
  auto b = joined_member(room);
  a->send(std::string(70000, 'x') + "\nafter\n");
  EXPECT_EQ(a->read_line_matching([](const std::string& l) { return l.starts_with("hub____error"); }),
            "hub____error: line dropped: longer than 65536 bytes");
  EXPECT_EQ(b->read_line_matching(is_member_message), a->address() + "____after");
}

TEST(TcpRoomTest, LineTooLongOnceEscapedIsRefusedWithTheSizeTheMemberSent) {
  running_room room;
  auto a = joined_member(room);
  auto b = joined_member(room);
  // 20,000 control bytes: each is relayed as the four characters \x01.
  a->send(std::string(20000, '\x01') + "\nshort\n");
  const auto refusal = a->read_line_matching([](const std::string& l) { return l.starts_with("hub____error"); });
  ASSERT_TRUE(refusal);
  EXPECT_TRUE(refusal->starts_with("hub____error: message not relayed: it is 20000 bytes (80000 as relayed) and at most "))
      << *refusal;
  EXPECT_EQ(b->read_line_matching(is_member_message), a->address() + "____short");
}

TEST(TcpRoomTest, WelcomeStatesTheRateLimit) {
  running_room room{{"--rate-limit", "5", "--burst", "7"}};
  tcp_probe member{room.port};
  const auto welcome = member.read_line();
  ASSERT_TRUE(welcome);
  EXPECT_TRUE(welcome->ends_with("; idle timeout 30m; rate limit 5/s burst 7; send quit to leave")) << *welcome;
}

TEST(TcpRoomTest, RoomOnItsDefaultAddressServesIpv4AndIpv6MembersEachShownPlain) {
  running_server room{"udpchat-room", {"--port", "0"}};
  tcp_probe v4{room.port};
  tcp_probe v6{room.port, 0, true};
  ASSERT_TRUE(v4.read_line_matching([&](const std::string& l) { return l.starts_with("hub____welcome, you are " + v4.address() + ";"); }));
  ASSERT_TRUE(v6.read_line_matching([&](const std::string& l) { return l.starts_with("hub____welcome, you are " + v6.address() + ";"); }));
  v4.send("from v4\n");
  EXPECT_EQ(v6.read_line_matching(is_member_message), v4.address() + "____from v4");
  v6.send("from v6\n");
  EXPECT_EQ(v4.read_line_matching(is_member_message), v6.address() + "____from v6");
  v6.send("/who\n");
  EXPECT_TRUE(v6.read_line_matching(equal_to("hub____  " + v4.address() + "  idle 0s")));
  EXPECT_TRUE(room.logs(" " + v4.address() + " joined"));
  EXPECT_EQ(room.process.all_stdout().find("::ffff:"), std::string::npos) << room.process.all_stdout();
}

TEST(TcpRoomTest, WhoShowsIdleSinceTheLastLineNotTheLastKeepalive) {
  running_room room;
  auto talker = joined_member(room);
  auto asker = joined_member(room);
  EXPECT_TRUE(talker->read_line_matching(equal_to("hub____" + asker->address() + " joined")));
  talker->send("one thing\n");
  EXPECT_EQ(asker->read_line_matching(is_member_message), talker->address() + "____one thing");
  // Empty lines for over two seconds: they keep it a member, and are not talk.
  const auto said_at = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - said_at < std::chrono::milliseconds{2200}) {
    talker->send("\n");
    EXPECT_FALSE(talker->read_line(std::chrono::milliseconds{200}));
  }
  asker->send("/who\n");
  const std::string entry = "hub____  " + talker->address() + "  idle ";
  const auto line = asker->read_line_matching([&](const std::string& l) { return l.starts_with(entry); });
  ASSERT_TRUE(line);
  EXPECT_GE(std::stoi(line->substr(entry.size())), 2) << *line;
}

TEST(TcpRoomTest, LineThatFitsButNotWithItsSenderIsRefused) {
  running_room room;
  auto a = joined_member(room);
  auto b = joined_member(room);
  a->send(std::string(65530, 'y') + "\nshort\n");
  const auto refusal = a->read_line_matching([](const std::string& l) { return l.starts_with("hub____error"); });
  ASSERT_TRUE(refusal);
  EXPECT_TRUE(refusal->starts_with("hub____error: message not relayed: it is 65530 bytes")) << *refusal;
  EXPECT_EQ(b->read_line_matching(is_member_message), a->address() + "____short");
}

TEST(TcpRoomTest, HalfLineThenHangUpLeavesTheRoomRunning) {
  running_room room;
  auto a = joined_member(room);
  auto b = joined_member(room);
  {
    auto c = joined_member(room);
    c->send("no end of line");
  }
  a->send("still up?\n");
  const std::string expected = a->address() + "____still up?";
  EXPECT_TRUE(b->read_line_matching([&](const std::string& l) { return l == expected; }));
}

// The others wait for it at most the 5 s after which a member taking nothing is dropped (it holds
// the senders back meanwhile, as any reader above the high-water mark does), and lose nothing.
TEST(TcpRoomTest, MemberThatStopsReadingIsDroppedAndTheOthersLoseNothing) {
  running_room room{{"--max-queue", "65536"}};
  auto a = joined_member(room);
  auto b = joined_member(room);
  auto stalled = joined_member(room, 4096);  // joins, then never reads again
  const std::string dropped_notice = stalled->address() + "____disconnected (not reading";
  const std::string body(1000, 'm');
  // The stalled member is dropped once the kernel's buffers and its queue are full, a few MB
  // at most; b, reading, must get every line meanwhile and after.
  constexpr int max_lines = 20000;
  constexpr int lines_after_drop = 200;
  int dropped_at = -1;
  for (int i = 0; i < max_lines && (dropped_at < 0 || i < dropped_at + lines_after_drop); ++i) {
    a->send(std::to_string(i) + " " + body + "\n");
    const std::string expected = a->address() + "____" + std::to_string(i) + " " + body;
    const auto line = b->read_line_matching(
        [&](const std::string& l) {
          if (l.starts_with(dropped_notice)) dropped_at = i;
          return l == expected;
        },
        std::chrono::milliseconds{10000});
    ASSERT_TRUE(line) << "line " << i << " never reached b";
  }
  EXPECT_GE(dropped_at, 0) << "the stalled member was never dropped";
  EXPECT_TRUE(room.logs(stalled->address() + " disconnected (not reading"));
}

TEST(TcpRoomTest, HundredsOfConnectionsComeAndGoWithMemoryBounded) {
  running_room room;
  auto first = joined_member(room);
  std::vector<std::unique_ptr<tcp_probe>> crowd;
  for (int i = 0; i < 300; ++i) {
    crowd.push_back(std::make_unique<tcp_probe>(room.port));
    ASSERT_TRUE(crowd.back()->read_line()) << "connection " << i << " got no welcome";
  }
  first->send("to the crowd\n");
  for (auto& each : crowd) {
    EXPECT_EQ(each->read_line_matching(is_member_message), first->address() + "____to the crowd");
  }
  for (std::size_t i = 0; i < crowd.size(); ++i) {
    if (i % 2 == 0) crowd[i]->send("half a li");
    crowd[i]->close();
  }
  crowd.clear();
  auto last = joined_member(room);
  room.process.write_stdin("who\n");
  EXPECT_TRUE(room.logs(" 2 members"));
  EXPECT_LT(status_kib(room.process.pid(), "VmRSS"), many_connections_limit_kib);
}

TEST(TcpRoomTest, WhatALeavingMemberStillSendsIsNotKept) {
  running_room room{{"--max-queue", "67108864", "--rate-limit", "0"}};
  auto talker = joined_member(room);
  auto witness = joined_member(room);
  auto flooder = joined_member(room, 4096);  // never reads: lines for it pile up in the room
  const std::string body(1000, 't');
  // More than the system buffers between the room and the flooder (the room lets the kernel hold
  // 16 KiB unsent), and less than the 64 KiB high-water mark, past which the room would hold the
  // talker back for the flooder until it is dropped.
  constexpr int lines = 60;
  for (int i = 0; i < lines; ++i) {
    talker->send(std::to_string(i) + body + "\n");
    // Once the witness has a line, the room has queued it for the flooder too.
    ASSERT_TRUE(witness->read_line_matching([&](const std::string& l) { return l.ends_with(std::to_string(i) + body); }));
  }
  // The room now holds lines for the flooder, so after its quit the room lingers to send
  // them; whatever the flooder sends meanwhile must be dropped, not kept.
  flooder->send("quit\n");
  const std::string chunk(1024 * 1024, 'f');
  std::size_t flooded = 0;
  while (flooded < 80 && flooder->send_unless_closed(chunk)) ++flooded;
  EXPECT_LT(status_kib(room.process.pid(), "VmRSS"), many_connections_limit_kib) << flooded << " MiB flooded";
  EXPECT_EQ(flooded, 80U) << "the room did not linger: nothing was tested";
  EXPECT_TRUE(talker->read_line_matching([&](const std::string& l) { return l.starts_with(flooder->address() + "____left"); }));
}

TEST(TcpRoomTest, PipedInputFasterThanTheNetworkIsSentWhole) {
  running_room room{{"--rate-limit", "0"}};
  auto reader = joined_member(room);
  running_terminal writer{room, {"--tcp"}};
  constexpr int lines = 3000;
  const std::string body(1000, 'w');
  std::thread feeder{[&] {
    for (int i = 0; i < lines; ++i) writer.process.write_stdin(std::to_string(i) + " " + body + "\n");
    writer.process.close_stdin();
  }};
  int received = 0;
  for (int i = 0; i < lines; ++i) {
    const std::string expected = writer.address + "____" + std::to_string(i) + " " + body;
    if (!reader->read_line_matching([&](const std::string& l) { return l == expected; })) break;
    ++received;
  }
  feeder.join();
  EXPECT_EQ(received, lines);
  EXPECT_EQ(writer.process.wait_exit(), 0);
}

TEST(TcpRoomTest, ConsoleQuitAndSignalsTellEveryMemberAndExitWithinTwoSeconds) {
  for (const bool by_signal : {false, true}) {
    running_room room;
    auto a = joined_member(room);
    auto b = joined_member(room);
    const auto asked_at = std::chrono::steady_clock::now();
    if (by_signal) {
      room.process.send_signal(SIGTERM);
    } else {
      room.process.write_stdin("quit\n");
    }
    EXPECT_EQ(room.process.wait_exit(std::chrono::milliseconds{2000}), 0);
    EXPECT_LT(std::chrono::steady_clock::now() - asked_at, std::chrono::seconds{2});
    for (auto* member : {a.get(), b.get()}) {
      EXPECT_TRUE(member->read_line_matching([](const std::string& l) { return l == "hub____closing____qq"; }));
      EXPECT_TRUE(member->closed_by_peer());
    }
  }
}

TEST(TcpRoomTest, TerminalsChatThroughTheRoom) {
  running_room room;
  running_terminal a{room, {"--tcp"}};
  running_terminal b{room, {"--tcp"}};
  a.process.write_stdin("hi over tcp\n");
  EXPECT_EQ(b.shows("hi over tcp"), a.address + ": hi over tcp");
  b.process.write_stdin("quit\n");
  EXPECT_EQ(b.process.wait_exit(), 0);
  EXPECT_EQ(a.shows(" left"), "*** " + b.address + " left");
  room.process.write_stdin("quit\n");
  EXPECT_TRUE(a.shows("*** hub is closing"));
  EXPECT_EQ(a.process.wait_exit(), 0);
}

TEST(TcpRoomTest, ConnectionPastTheCapIsToldTheRoomIsFullAndClosed) {
  running_room room{{"--max-connections", "2"}};
  auto a = joined_member(room);
  auto b = joined_member(room);
  tcp_probe refused{room.port};
  EXPECT_EQ(refused.read_line(), "hub____error: the room is full (2 members); try again later");
  EXPECT_TRUE(refused.closed_by_peer());
  EXPECT_TRUE(room.logs("refused " + refused.address() + ": the room is full (2 members)"));
  // The members never heard of it, and go on.
  a->send("still two of us\n");
  EXPECT_EQ(b->read_line(), a->address() + "____still two of us");
  b->send("quit\n");
  EXPECT_TRUE(a->read_line_matching(equal_to(b->address() + "____left____qq")));
  auto c = joined_member(room);  // b's place is free again
}

TEST(TcpRoomTest, ConnectFloodIsLoggedAtMostOnceASecond) {
  running_room room{{"--max-connections", "2"}};
  auto a = joined_member(room);
  auto b = joined_member(room);
  constexpr int flood = 40;
  const auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < flood; ++i) {
    tcp_probe refused{room.port};
    ASSERT_EQ(refused.read_line(), "hub____error: the room is full (2 members); try again later") << i;
    ASSERT_TRUE(refused.closed_by_peer()) << i;
  }
  const auto flood_seconds =
      std::chrono::ceil<std::chrono::seconds>(std::chrono::steady_clock::now() - started).count();
  // The first refusal is logged with its address, the rest as counts, at most one a second.
  const std::regex count_line{"refused ([0-9]+) more connections?: the room is full \\(2 members\\)$"};
  int logged = 0;
  int lines = 0;
  const auto last = room.process.wait_for_stdout([&](const std::string& line) {
    std::smatch count;
    if (line.find(" refused 127.0.0.1:") != std::string::npos) {
      ++logged;
      ++lines;
    } else if (std::regex_search(line, count, count_line)) {
      logged += std::stoi(count[1]);
      ++lines;
    }
    return logged >= flood;
  });
  EXPECT_TRUE(last) << logged << " refusals logged";
  EXPECT_EQ(logged, flood);
  EXPECT_LE(lines, 2 + flood_seconds);
  a->send("through the flood\n");
  EXPECT_EQ(b->read_line(), a->address() + "____through the flood");
}

TEST(TcpRoomTest, TerminalIsToldTheRoomIsFull) {
  running_room room{{"--max-connections", "1"}};
  auto a = joined_member(room);
  child_process terminal{bin_path("udpchat"), {"--tcp", "--host", "127.0.0.1", "--port", std::to_string(room.port)}};
  EXPECT_TRUE(terminal.wait_for_stdout(equal_to("*** hub: error: the room is full (1 member); try again later")));
  EXPECT_EQ(terminal.wait_exit(), 0);
}

TEST(TcpRoomTest, SilentMemberIsToldAndClosedAndTheOthersHearItTimedOut) {
  running_room room{{"--idle-timeout", "300ms", "--line-timeout", "0"}};
  auto talker = joined_member(room);
  const keepalive talker_alive{*talker};
  auto listener = joined_member(room);
  const keepalive listener_alive{*listener};
  auto silent = joined_member(room);
  EXPECT_EQ(silent->read_line_matching(starting_with("hub____error")), "hub____error: silent for 300ms; closing");
  EXPECT_TRUE(silent->closed_by_peer());
  EXPECT_TRUE(listener->read_line_matching(equal_to(silent->address() + "____timed out (silent for 300ms)____qq")));
  EXPECT_TRUE(room.logs(silent->address() + " timed out (silent for 300ms), 2 members now"));
  talker->send("we are still here\n");
  EXPECT_EQ(listener->read_line(), talker->address() + "____we are still here");
}

TEST(TcpRoomTest, EmptyLinesKeepAMemberInAndAreNeitherRelayedNorAnswered) {
  running_room room{{"--idle-timeout", "300ms"}};
  auto a = joined_member(room);
  const keepalive a_alive{*a, std::chrono::milliseconds{100}};
  auto b = joined_member(room);
  const keepalive b_alive{*b, std::chrono::milliseconds{100}};
  EXPECT_EQ(a->read_line(), "hub____" + b->address() + " joined");
  // Over three idle timeouts of empty lines: nothing comes back, and nobody is closed.
  EXPECT_EQ(a->read_line(std::chrono::milliseconds{1000}), std::nullopt);
  EXPECT_EQ(b->read_line(std::chrono::milliseconds{10}), std::nullopt);
  a->send("from a\n");
  EXPECT_EQ(b->read_line(), a->address() + "____from a");
  b->send("from b\n");
  EXPECT_EQ(a->read_line(), b->address() + "____from b");
}

TEST(TcpRoomTest, ATerminalKeepsAliveOftenEnoughForTheRoomsIdleTimeout) {
  // The default keepalive is 20 s; the welcome says the room closes silent members after 600 ms.
  running_room room{{"--idle-timeout", "600ms", "--line-timeout", "0"}};
  running_terminal quiet{room, {"--tcp"}};
  ASSERT_TRUE(quiet.shows("; idle timeout 600ms; "));
  auto other = joined_member(room);
  const keepalive other_alive{*other};
  // Three idle timeouts pass with nothing typed at the terminal.
  EXPECT_EQ(other->read_line_matching(is_member_message, std::chrono::milliseconds{1800}), std::nullopt);
  other->send("still there?\n");
  EXPECT_TRUE(quiet.shows(other->address() + ": still there?"));
  EXPECT_EQ(room.process.all_stdout().find(quiet.address + " timed out"), std::string::npos);
}

TEST(TcpRoomTest, LineNotFinishedInTimeIsToldAndClosedAndTheOthersHearWhy) {
  running_room room{{"--line-timeout", "300ms", "--idle-timeout", "0"}};
  auto a = joined_member(room);
  auto b = joined_member(room);
  auto slow = joined_member(room);
  // A line finished within the deadline is relayed as usual.
  b->send("fin");
  EXPECT_EQ(a->read_line_matching(is_member_message, std::chrono::milliseconds{100}), std::nullopt);
  b->send("ished in time\n");
  EXPECT_EQ(a->read_line_matching(is_member_message), b->address() + "____finished in time");
  // One byte at a time never finishes the line: the deadline runs from its first byte.
  const auto first_byte = std::chrono::steady_clock::now();
  std::optional<std::string> reply;
  while (!reply && std::chrono::steady_clock::now() - first_byte < std::chrono::seconds{5} &&
         slow->send_unless_closed("x")) {
    reply = slow->read_line_matching(starting_with("hub____error"), std::chrono::milliseconds{50});
  }
  EXPECT_EQ(reply, "hub____error: line not finished within 300ms; closing");
  EXPECT_GE(std::chrono::steady_clock::now() - first_byte, std::chrono::milliseconds{300});
  EXPECT_TRUE(slow->closed_by_peer());
  EXPECT_TRUE(a->read_line_matching(
      equal_to(slow->address() + "____timed out (line not finished within 300ms)____qq")));
  EXPECT_TRUE(room.logs(slow->address() + " timed out (line not finished within 300ms)"));
  a->send("carry on\n");
  EXPECT_TRUE(b->read_line_matching(equal_to(a->address() + "____carry on")));
}

TEST(TcpRoomTest, CommandLineIsCheckedAndDescribed) {
  child_process help{bin_path("udpchat-room"), {"--help"}};
  EXPECT_EQ(help.wait_exit(), 0);
  help.drain();
  for (const char* word : {"--host", "--port", "--max-queue", "--max-connections", "--idle-timeout",
                           "--line-timeout", "(default: 1000)", "(default: 30m)", "(default: 30s)",
                           "--help", "--version", "who", "quit"}) {
    EXPECT_NE(help.all_stdout().find(word), std::string::npos) << word;
  }
  child_process refused{bin_path("udpchat-room"), {"--port", "65536"}};
  EXPECT_EQ(refused.wait_exit(), 2);
  child_process no_unit{bin_path("udpchat-room"), {"--idle-timeout", "10"}};
  EXPECT_EQ(no_unit.wait_exit(), 2);
  no_unit.drain();
  EXPECT_EQ(no_unit.all_stderr(),
            "udpchat-room: --idle-timeout must be a whole number with a unit (ms, s, m or h), such as 10m "
            "or 30s, or 0 for off; not '10'\n");
  child_process nobody{bin_path("udpchat-room"), {"--max-connections", "0"}};
  EXPECT_EQ(nobody.wait_exit(), 2);
  nobody.drain();
  EXPECT_EQ(nobody.all_stderr(), "udpchat-room: --max-connections must be 1 or more, not 0\n");
}

TEST(TcpRoomTest, NamesAndWhoWorkAsOnTheHub) {
  running_room room;
  auto a = joined_member(room);
  auto b = joined_member(room);
  ASSERT_TRUE(a->read_line_matching(equal_to("hub____" + b->address() + " joined")));
  a->send("/nick alice\n");
  const std::string renamed = "hub____" + a->address() + " is now called alice";
  EXPECT_EQ(a->read_line(), renamed);
  EXPECT_EQ(b->read_line(), renamed);
  a->send("hi\n/nick no way\n");
  EXPECT_EQ(b->read_line(), "alice (" + a->address() + ")____hi");
  EXPECT_TRUE(a->read_line_matching(starting_with("hub____error: name not changed: a name is 1 to 20")));
  b->send("/who\n");
  EXPECT_EQ(b->read_line(), "hub____who: 2 members");
  EXPECT_EQ(b->read_line(), "hub____  alice (" + a->address() + ")  idle 0s");
  EXPECT_EQ(b->read_line(), "hub____  " + b->address() + "  idle 0s");
  a->send("quit\n");
  EXPECT_EQ(b->read_line(), "alice (" + a->address() + ")____left____qq");
}

// The figure the README and udpchat(1) give for the room: 50 listed, one line each, then how
// many more (the hub lists fewer, in one datagram).
TEST(TcpRoomTest, WhoListsFiftyAtMost) {
  running_room room;
  std::vector<std::unique_ptr<tcp_probe>> members;
  for (int i = 0; i < 55; ++i) members.push_back(joined_member(room));
  tcp_probe& asker = *members.back();
  asker.send("/who\n");
  EXPECT_TRUE(asker.read_line_matching(equal_to("hub____who: 55 members")));
  for (int i = 0; i < 50; ++i) {
    const auto line = asker.read_line();
    ASSERT_TRUE(line) << "entry " << i;
    EXPECT_TRUE(line->starts_with("hub____  ") && line->find("  idle ") != std::string::npos) << *line;
  }
  EXPECT_EQ(asker.read_line(), "hub____  and 5 more");
}

TEST(TcpRoomTest, TheTerminalsNameIsAskedForOverTcpToo) {
  running_room room;
  auto other = joined_member(room);
  running_terminal alice{room, {"--tcp", "--name", "alice"}};
  EXPECT_TRUE(other->read_line_matching(equal_to("hub____" + alice.address + " is now called alice")));
  alice.process.write_stdin("over tcp\n");
  EXPECT_TRUE(other->read_line_matching(equal_to("alice (" + alice.address + ")____over tcp")));
}

}  // namespace
}  // namespace udpchat::testing
