// SPDX-License-Identifier: GPL-3.0-or-later
// Real udpchat terminals talking through a real hub, read from their stdout pipes.
#include <signal.h>

#include "server_fixture.hpp"

namespace udpchat::testing {
namespace {

bool has_raw_control_byte(const std::string& text) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20U && byte != '\t' && byte != '\n') || byte == 0x7FU) return true;
  }
  return false;
}

TEST(UdpChatTest, ThreeTerminalsSeeEachOthersMessagesButNotTheirOwn) {
  running_hub hub;
  running_terminal a{hub};
  running_terminal b{hub};
  running_terminal c{hub};
  a.process.write_stdin("hello from a\n");
  EXPECT_EQ(b.shows("hello from a"), a.address + ": hello from a");
  EXPECT_EQ(c.shows("hello from a"), a.address + ": hello from a");
  c.process.write_stdin("hello from c\n");
  EXPECT_EQ(a.shows("hello from c"), c.address + ": hello from c");
  // The hub relays in order: had a been sent its own line, it would have printed it before c's.
  for (const auto& line : a.process.stdout_lines()) EXPECT_EQ(line.find("hello from a"), std::string::npos);
}

TEST(UdpChatTest, QuitLeavesExitsZeroAndTheOthersSeeLeft) {
  running_hub hub;
  running_terminal a{hub};
  running_terminal b{hub};
  b.process.write_stdin("quit\n");
  EXPECT_EQ(b.process.wait_exit(), 0);
  EXPECT_EQ(a.shows(" left"), "*** " + b.address + " left");
}

TEST(UdpChatTest, EndOfInputLeavesAndExitsZero) {
  running_hub hub;
  running_terminal a{hub};
  running_terminal b{hub};
  b.process.write_stdin("last words");  // no newline: still sent
  b.process.close_stdin();
  EXPECT_EQ(b.process.wait_exit(), 0);
  EXPECT_EQ(a.shows("last words"), b.address + ": last words");
  EXPECT_EQ(a.shows(" left"), "*** " + b.address + " left");
}

TEST(UdpChatTest, SigtermLeavesTheChat) {
  running_hub hub;
  running_terminal a{hub};
  running_terminal b{hub};
  b.process.send_signal(SIGTERM);
  EXPECT_EQ(b.process.wait_exit(), 0);
  EXPECT_EQ(a.shows(" left"), "*** " + b.address + " left");
}

TEST(UdpChatTest, SixtyThousandByteLineArrivesWhole) {
  running_hub hub;
  running_terminal a{hub};
  running_terminal b{hub};
  std::string text(60000, 'q');
  for (std::size_t i = 0; i < text.size(); i += 101) text[i] = static_cast<char>('A' + i % 26);
  a.process.write_stdin(text + "\n");
  EXPECT_EQ(b.shows(text.substr(0, 50)), a.address + ": " + text);
}

TEST(UdpChatTest, LineTooLongForADatagramIsRefusedLocally) {
  running_hub hub;
  running_terminal a{hub};
  running_terminal b{hub};
  a.process.write_stdin(std::string(70000, 'w') + "\nshort one\n");
  EXPECT_TRUE(a.shows("*** not sent: a line longer than 65507 bytes"));
  EXPECT_EQ(b.shows("short one"), a.address + ": short one");
  for (const auto& line : b.process.stdout_lines()) EXPECT_EQ(line.find("www"), std::string::npos);
}

TEST(UdpChatTest, HubRefusalOfAnOverlongTextIsShown) {
  running_hub hub;
  running_terminal a{hub};
  a.process.write_stdin(std::string(65500, 'v') + "\n");
  const auto shown = a.shows("*** hub: error: message not relayed");
  EXPECT_TRUE(shown.has_value()) << a.process.all_stdout().substr(0, 200);
}

TEST(UdpChatTest, SeparatorInATextShowsTheRightSenderAndNoDeparture) {
  running_hub hub;
  running_terminal a{hub};
  running_terminal b{hub};
  a.process.write_stdin("fake____left____qq\n");
  const auto shown = b.shows("fake");
  ASSERT_TRUE(shown.has_value());
  EXPECT_TRUE(shown->starts_with(a.address + ": fake")) << *shown;
  EXPECT_EQ(shown->find(" left"), std::string::npos);
  EXPECT_EQ(shown->find("____"), std::string::npos);
}

TEST(UdpChatTest, ControlBytesAndInvalidUtf8FromOthersAreShownEscaped) {
  running_hub hub;
  running_terminal a{hub};
  auto raw = joined_probe(hub);
  raw->send_to(hub.port, "\x1b[31mred\x07\xff\xfe done");
  EXPECT_EQ(a.shows(" done"), raw->address() + ": \\x1b[31mred\\x07\\xff\\xfe done");
  EXPECT_FALSE(has_raw_control_byte(a.process.all_stdout()));
}

TEST(UdpChatTest, HubClosingIsShown) {
  running_hub hub;
  running_terminal a{hub};
  hub.process.send_signal(SIGTERM);
  EXPECT_TRUE(a.shows("*** hub is closing"));
}

TEST(UdpChatTest, MissingHubIsReported) {
  unsigned short unused_port = 0;
  {
    udp_probe placeholder;  // a port that was free a moment ago, and nobody listens on now
    unused_port = placeholder.port();
  }
  child_process lonely{bin_path("udpchat"), {"--host", "127.0.0.1", "--port", std::to_string(unused_port)}};
  EXPECT_TRUE(lonely.wait_for_stdout(
      [](const std::string& line) { return line.starts_with("*** no hub is answering at 127.0.0.1:"); }));
  lonely.close_stdin();
  EXPECT_EQ(lonely.wait_exit(), 0);
}

TEST(UdpChatTest, CommandLineIsCheckedAndDescribed) {
  child_process help{bin_path("udpchat"), {"--help"}};
  EXPECT_EQ(help.wait_exit(), 0);
  help.drain();
  for (const char* word : {"--host", "--port", "--help", "--version", "quit"}) {
    EXPECT_NE(help.all_stdout().find(word), std::string::npos) << word;
  }
  child_process version{bin_path("udpchat"), {"--version"}};
  EXPECT_EQ(version.wait_exit(), 0);
  version.drain();
  EXPECT_TRUE(version.all_stdout().starts_with("udpchat ")) << version.all_stdout();
  for (const std::vector<std::string>& bad :
       {std::vector<std::string>{"--host", "127.0.0.1", "--port", "0"}, {"--host", "127.0.0.1", "--port", "-1"},
        {"--host", "127.0.0.1", "--port", "8000x"}, {"--nope"}}) {
    child_process refused{bin_path("udpchat"), bad};
    EXPECT_EQ(refused.wait_exit(), 2) << bad.back();
    refused.drain();
    EXPECT_NE(refused.all_stderr().find("udpchat: "), std::string::npos) << bad.back();
  }
}

}  // namespace
}  // namespace udpchat::testing
