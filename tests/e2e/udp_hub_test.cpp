// SPDX-License-Identifier: GPL-3.0-or-later
// The hub driven by raw sockets: what arrives, byte for byte.
#include <signal.h>

#include <chrono>

#include "server_fixture.hpp"

namespace udpchat::testing {
namespace {

constexpr std::string_view fullwidth_low_line = "\xef\xbc\xbf";

TEST(UdpHubTest, RelaysToEveryOtherMemberAndNeverBack) {
  running_hub hub;
  auto a = joined_probe(hub);
  auto b = joined_probe(hub);
  auto c = joined_probe(hub);
  a->send_to(hub.port, "hello");
  EXPECT_EQ(b->receive(), a->address() + "____hello");
  EXPECT_EQ(c->receive(), a->address() + "____hello");
  // Had the hub echoed a's message, it would reach a before c's.
  expect_next_is_marker(hub, *c, *a);
}

TEST(UdpHubTest, FirstMessageMakesAMember) {
  running_hub hub;
  auto a = joined_probe(hub);
  udp_probe newcomer;
  newcomer.send_to(hub.port, "hi all");
  EXPECT_EQ(a->receive(), newcomer.address() + "____hi all");
  expect_welcome(newcomer);
  a->send_to(hub.port, "hello newcomer");
  EXPECT_EQ(newcomer.receive(), a->address() + "____hello newcomer");
}

TEST(UdpHubTest, EmptyDatagramJoinsWithoutBeingRelayed) {
  running_hub hub;
  auto a = joined_probe(hub);
  auto b = joined_probe(hub);  // b's empty datagram must not reach a
  expect_next_is_marker(hub, *b, *a);
}

TEST(UdpHubTest, TrailingNewlineIsNotPartOfTheMessage) {
  running_hub hub;
  auto a = joined_probe(hub);
  auto b = joined_probe(hub);
  a->send_to(hub.port, "from nc\r\n");
  EXPECT_EQ(b->receive(), a->address() + "____from nc");
}

TEST(UdpHubTest, QuitWithNewlineRemovesTheSenderAndTellsTheOthers) {
  running_hub hub;
  auto a = joined_probe(hub);
  auto b = joined_probe(hub);
  auto c = joined_probe(hub);
  b->send_to(hub.port, "quit\n");
  EXPECT_EQ(a->receive(), b->address() + "____left____qq");
  EXPECT_EQ(c->receive(), b->address() + "____left____qq");
  EXPECT_TRUE(hub.process.wait_for_stdout([&](const std::string& line) {
    return line.find(b->address() + " left") != std::string::npos;
  }));
  // b is no longer a member: a's next message reaches c, not b.
  a->send_to(hub.port, "still here");
  EXPECT_EQ(c->receive(), a->address() + "____still here");
  EXPECT_EQ(b->receive(std::chrono::milliseconds{300}), std::nullopt);
}

TEST(UdpHubTest, QuitFromANonMemberAnnouncesNothing) {
  running_hub hub;
  auto a = joined_probe(hub);
  auto b = joined_probe(hub);
  udp_probe stranger;
  stranger.send_to(hub.port, "quit");
  expect_next_is_marker(hub, *b, *a);
}

TEST(UdpHubTest, SixtyThousandByteTextArrivesWhole) {
  running_hub hub;
  auto a = joined_probe(hub);
  auto b = joined_probe(hub);
  std::string text(60000, 'x');
  for (std::size_t i = 0; i < text.size(); i += 97) text[i] = static_cast<char>('a' + i % 26);
  a->send_to(hub.port, text);
  EXPECT_EQ(b->receive(), a->address() + "____" + text);
}

TEST(UdpHubTest, TextTooLongToRelayGetsTheSenderAnErrorAndIsNeverRelayedCut) {
  running_hub hub;
  auto a = joined_probe(hub);
  auto b = joined_probe(hub);
  a->send_to(hub.port, std::string(65507, 'y'));
  const auto error = a->receive();
  ASSERT_TRUE(error.has_value());
  EXPECT_TRUE(error->starts_with("hub____error: message not relayed")) << *error;
  EXPECT_NE(error->find("65507 bytes"), std::string::npos) << *error;
  expect_next_is_marker(hub, *a, *b);
}

TEST(UdpHubTest, LongestRelayableTextStillFits) {
  running_hub hub;
  auto a = joined_probe(hub);
  auto b = joined_probe(hub);
  const std::size_t room = 65507 - (a->address().size() + 4);
  const std::string text(room, 'z');
  a->send_to(hub.port, text);
  EXPECT_EQ(b->receive(), a->address() + "____" + text);
}

TEST(UdpHubTest, UnderscoreRunsAreRewrittenSoNoClientSeesADepartureOrAnotherSender) {
  running_hub hub;
  auto a = joined_probe(hub);
  auto b = joined_probe(hub);
  a->send_to(hub.port, "10.9.8.7:1____x____qq");
  const auto got = b->receive();
  ASSERT_TRUE(got.has_value());
  std::string four;
  for (int i = 0; i < 4; ++i) four += fullwidth_low_line;
  EXPECT_EQ(*got, a->address() + "____10.9.8.7:1" + four + "x" + four + "qq");
  a->send_to(hub.port, "a___b");  // three underscores are no separator and stay as they are
  EXPECT_EQ(b->receive(), a->address() + "____a___b");
}

TEST(UdpHubTest, ControlBytesNewlinesAndInvalidUtf8AreRelayedEscaped) {
  running_hub hub;
  auto a = joined_probe(hub);
  auto b = joined_probe(hub);
  a->send_to(hub.port, std::string{"\x1b[2Jred\xff\nfake:\0x", 16});
  EXPECT_EQ(b->receive(), a->address() + "____\\x1b[2Jred\\xff\\nfake:\\x00x");
}

TEST(UdpHubTest, StaysAliveAfterEveryKindOfBadInput) {
  running_hub hub;
  auto a = joined_probe(hub);
  auto b = joined_probe(hub);
  udp_probe stranger;
  const std::vector<std::string> bad_inputs = {
      std::string(65507, '\xff'), std::string(1, '\0'), "____", "quit", "\xc0\xaf\xed\xa0\x80",
      std::string(3000, '\x1b'), "hub____closing____qq"};
  for (const auto& bad : bad_inputs) {
    stranger.send_to(hub.port, bad);
    a->send_to(hub.port, "alive?");
    EXPECT_TRUE(b->receive_matching([&](const std::string& d) { return d == a->address() + "____alive?"; }))
        << "after " << bad.substr(0, 16);
  }
}

TEST(UdpHubTest, SigtermTellsEveryMemberAndExitsZeroWithinTwoSeconds) {
  for (int signal_number : {SIGTERM, SIGINT}) {
    running_hub hub;
    auto a = joined_probe(hub);
    auto b = joined_probe(hub);
    const auto sent_at = std::chrono::steady_clock::now();
    hub.process.send_signal(signal_number);
    EXPECT_EQ(hub.process.wait_exit(std::chrono::milliseconds{2000}), 0);
    EXPECT_LT(std::chrono::steady_clock::now() - sent_at, std::chrono::seconds{2});
    EXPECT_EQ(a->receive(), "hub____closing____qq");
    EXPECT_EQ(b->receive(), "hub____closing____qq");
  }
}

TEST(UdpHubTest, ExitsPromptlyEvenWhenNobodyReadsItsLog) {
  running_hub hub{on_loopback({"--rate-limit", "0", "--unheard-limit", "0"})};
  auto a = joined_probe(hub);
  auto b = joined_probe(hub);
  // Far more log than a pipe holds, and nobody reading it from here on.
  const std::string text(300, 'l');
  for (int i = 0; i < 1000; ++i) {
    a->send_to(hub.port, text);
    ASSERT_TRUE(b->receive()) << "message " << i;
  }
  const auto asked_at = std::chrono::steady_clock::now();
  hub.process.send_signal(SIGTERM);
  EXPECT_EQ(hub.process.wait_exit(std::chrono::milliseconds{2000}, false), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - asked_at, std::chrono::seconds{2});
  EXPECT_TRUE(b->receive_matching([](const std::string& d) { return d == "hub____closing____qq"; }));
}

TEST(UdpHubTest, ConsoleWhoListsMembersAndQuitCloses) {
  running_hub hub;
  auto a = joined_probe(hub);
  auto b = joined_probe(hub);
  hub.process.write_stdin("who\n");
  EXPECT_TRUE(hub.process.wait_for_stdout([](const std::string& line) { return line.ends_with(" 2 members"); }));
  EXPECT_TRUE(hub.process.wait_for_stdout([&](const std::string& l) { return l.find("  " + a->address()) != std::string::npos; }));
  EXPECT_TRUE(hub.process.wait_for_stdout([&](const std::string& l) { return l.find("  " + b->address()) != std::string::npos; }));
  hub.process.write_stdin("quit\n");
  EXPECT_EQ(hub.process.wait_exit(std::chrono::milliseconds{2000}), 0);
  EXPECT_EQ(a->receive(), "hub____closing____qq");
}

TEST(UdpHubTest, KeepsServingWhenItsStdinEnds) {
  running_hub hub;
  hub.process.close_stdin();
  auto a = joined_probe(hub);
  auto b = joined_probe(hub);
  a->send_to(hub.port, "after eof");
  EXPECT_EQ(b->receive(), a->address() + "____after eof");
}

TEST(UdpHubTest, ServesIpv4AndIpv6MembersTogetherOnDualStack) {
  running_hub hub{{"--host", "::", "--port", "0"}};
  ASSERT_NE(hub.port, 0) << hub.process.all_stderr();
  auto v4 = joined_probe(hub);
  auto v6 = joined_probe(hub, true);
  v4->send_to(hub.port, "from v4");
  EXPECT_EQ(v6->receive(), v4->address() + "____from v4");
  v6->send_to(hub.port, "from v6");
  EXPECT_EQ(v4->receive(), v6->address() + "____from v6");
}

TEST(UdpHubTest, CommandLineIsCheckedAndDescribed) {
  child_process help{bin_path("udpchat-server"), {"--help"}};
  EXPECT_EQ(help.wait_exit(), 0);
  help.drain();
  for (const char* word : {"--host", "--port", "--help", "--version", "who", "quit", "SIGTERM"}) {
    EXPECT_NE(help.all_stdout().find(word), std::string::npos) << word;
  }
  child_process version{bin_path("udpchat-server"), {"--version"}};
  EXPECT_EQ(version.wait_exit(), 0);
  version.drain();
  EXPECT_TRUE(version.all_stdout().starts_with("udpchat-server ")) << version.all_stdout();
  for (const std::vector<std::string>& bad :
       {std::vector<std::string>{"--port", "70000"}, {"--port", "eight"}, {"--bogus"}, {"stray"}}) {
    child_process refused{bin_path("udpchat-server"), bad};
    EXPECT_EQ(refused.wait_exit(), 2) << bad.back();
    refused.drain();
    EXPECT_NE(refused.all_stderr().find("udpchat-server: "), std::string::npos) << bad.back();
  }
}

TEST(UdpHubTest, PortInUseIsAClearError) {
  running_hub first;
  child_process second{bin_path("udpchat-server"), {"--host", "127.0.0.1", "--port", std::to_string(first.port)}};
  EXPECT_EQ(second.wait_exit(), 1);
  second.drain();
  EXPECT_NE(second.all_stderr().find("cannot listen on 127.0.0.1:" + std::to_string(first.port)),
            std::string::npos)
      << second.all_stderr();
}

}  // namespace
}  // namespace udpchat::testing
