// SPDX-License-Identifier: GPL-3.0-or-later
// How the room and the desk cut a peer's bytes into messages: every line ending a real client
// sends, and clients that send none (the seed's, which write each message in one write).
#include <chrono>
#include <string>
#include <string_view>

#include "server_fixture.hpp"
#include "tcp_probe.hpp"
#include "tcp_server_fixture.hpp"

namespace udpchat::testing {
namespace {

using namespace std::literals;

// A customer that has been welcomed, given its name ("c" and its number) and been seen joining
// the queue.
std::unique_ptr<tcp_probe> arrived_customer(running_desk& desk, int number) {
  auto customer = std::make_unique<tcp_probe>(desk.port);
  EXPECT_TRUE(customer->read_line());
  const std::string name = "c" + std::to_string(number);
  customer->send(name + "\n");
  EXPECT_TRUE(customer->read_line());  // thanked, with a place in the queue
  EXPECT_TRUE(desk.logs("#" + std::to_string(number) + " " + name + " (" + customer->address() + ") is waiting"));
  return customer;
}

TEST(TcpFramingTest, EveryLineEndingARealClientSendsEndsARoomMessage) {
  running_room room;
  auto sender = joined_member(room);
  auto reader = joined_member(room);
  // nc: LF. telnet (RFC 854): CR LF, and CR NUL for Return when not set to send CR LF. A few
  // clients: a bare CR, which ends its line at once. The last ending is split across writes.
  sender->send("lf\ncr lf\r\ncr nul\r\0bare cr\r"sv);
  const std::string from = sender->address() + "____";
  for (const std::string text : {"lf", "cr lf", "cr nul", "bare cr"}) {
    EXPECT_EQ(reader->read_line_matching(is_member_message), from + text);
  }
  sender->send("split\r");
  EXPECT_EQ(reader->read_line_matching(is_member_message), from + "split");
  sender->send("\nafter the split\r\n");
  // The LF completed the CR before it: no empty message, nothing else in between.
  EXPECT_EQ(reader->read_line_matching(is_member_message), from + "after the split");
}

TEST(TcpFramingTest, EveryLineEndingARealClientSendsEndsADeskLine) {
  running_desk desk;
  auto customer = arrived_customer(desk, 1);
  customer->send("one\r\0two\rthree\r\nfour\n"sv);
  for (const std::string text : {"one", "two", "three", "four"}) EXPECT_TRUE(desk.logs("#1 c1: " + text)) << text;
  customer->send("quit\r\0"sv);
  EXPECT_EQ(customer->read_line(), "hub____goodbye");
  EXPECT_TRUE(desk.logs("#1 c1 left"));
}

TEST(TcpFramingTest, AWriteWithoutAnEndingIsOneRoomMessageOnceTheSenderIsQuiet) {
  running_room room;
  auto sender = joined_member(room);
  auto reader = joined_member(room);
  const auto sent = std::chrono::steady_clock::now();
  sender->send("你好, seed-style message without newline");
  EXPECT_EQ(reader->read_line_matching(is_member_message), sender->address() + "____你好, seed-style message without newline");
  EXPECT_GE(std::chrono::steady_clock::now() - sent, 400ms);  // only once it has been quiet
  // A line written in two writes a moment apart is still one line.
  sender->send("first half, ");
  EXPECT_EQ(reader->read_line_matching(is_member_message, 150ms), std::nullopt);
  sender->send("second half\n");
  EXPECT_EQ(reader->read_line_matching(is_member_message), sender->address() + "____first half, second half");
  // A bare quit leaves.
  sender->send("quit");
  EXPECT_TRUE(sender->read_line_matching([](const std::string& l) { return l == "hub____goodbye"; }));
  EXPECT_TRUE(sender->closed_by_peer());
  EXPECT_EQ(reader->read_line_matching([&](const std::string& l) { return l.starts_with(sender->address()); }),
            sender->address() + "____left____qq");
}

TEST(TcpFramingTest, AWriteWithoutAnEndingIsOneDeskLineAndABareQuitLeaves) {
  running_desk desk{{"--line-timeout", "1s"}};
  auto customer = arrived_customer(desk, 1);
  customer->send("你好, seed-style message without newline");
  EXPECT_TRUE(desk.logs("#1 c1: 你好, seed-style message without newline"));
  customer->send("second message");
  EXPECT_TRUE(desk.logs("#1 c1: second message"));
  // Past the line timeout, the customer is still there: its messages were whole.
  customer->send("third message");
  EXPECT_TRUE(desk.logs("#1 c1: third message"));
  desk.agent_types("/next");
  EXPECT_EQ(customer->read_line(), "hub____an agent is with you now");
  desk.agent_types("the agent's reply");
  EXPECT_EQ(customer->read_line(), "agent____the agent's reply");
  customer->send("quit");
  EXPECT_EQ(customer->read_line(), "hub____goodbye");
  EXPECT_TRUE(customer->closed_by_peer());
  EXPECT_TRUE(desk.logs("#1 c1 left"));
}

// The last write before a hang-up is a message too: the seed's client sends `quit` and closes.
TEST(TcpFramingTest, AQuitWithoutAnEndingJustBeforeAHangUpLeaves) {
  running_desk desk;
  auto customer = arrived_customer(desk, 1);
  customer->send("bye now");
  EXPECT_TRUE(desk.logs("#1 c1: bye now"));
  customer->send("quit");
  customer->close();
  EXPECT_TRUE(desk.logs("#1 c1 left"));
  EXPECT_EQ(desk.process.all_stdout().find("#1 c1 disconnected"), std::string::npos);
}

// The terminal reads its standard input with the same framer: piped text from any system.
TEST(TcpFramingTest, PipedTextWithAnyLineEndingGivesOneMessageALine) {
  running_room room;
  auto reader = joined_member(room);
  running_terminal writer{room, {"--tcp"}};
  ASSERT_FALSE(writer.address.empty());
  writer.process.write_stdin("windows\r\nold mac\runix\nlast, with no ending");
  writer.process.close_stdin();
  const std::string from = writer.address + "____";
  for (const std::string text : {"windows", "old mac", "unix", "last, with no ending"}) {
    EXPECT_EQ(reader->read_line_matching(is_member_message), from + text);
  }
  EXPECT_EQ(reader->read_line_matching(is_member_message), from + "left____qq");
  EXPECT_EQ(writer.process.wait_exit(), 0);
}

// Flow control holds a peer back with part of a line read and the rest unread in its socket:
// its quiet then is the room's doing, and the part must not go out as a message of its own.
TEST(TcpFramingTest, APartOfALineReadBeforeAHoldIsNotCutOffByTheHold) {
  running_room room{{"--rate-limit", "1", "--burst", "1"}};
  auto sender = joined_member(room);
  auto reader = joined_member(room);
  const std::string from = sender->address() + "____";
  const auto sent = std::chrono::steady_clock::now();
  sender->send("l1\nl2\nl3\nhalf");  // l2 goes out 1 s later, l3 2 s later
  EXPECT_EQ(reader->read_line_matching(is_member_message), from + "l1");
  // Well past the quiet time, while l2 and l3 still wait: the rest of the line, and a message
  // without an ending.
  EXPECT_EQ(reader->read_line_matching(is_member_message, 700ms), std::nullopt);
  ASSERT_LT(std::chrono::steady_clock::now() - sent, 950ms) << "too slow to send within the hold";
  sender->send("-done\ntail");
  for (const std::string text : {"l2", "l3", "half-done", "tail"}) {
    EXPECT_EQ(reader->read_line_matching(is_member_message), from + text);
  }
}

}  // namespace
}  // namespace udpchat::testing
