// SPDX-License-Identifier: GPL-3.0-or-later
// udpchat.exe, the cross-built Windows terminal, under Wine against the Linux hub and room: what
// a student on a Windows laptop meets when the teacher's hub runs on Linux. Its stdin and
// stdout are pipes, as a class's script would have them.
#include <signal.h>

#include "port_keeper.hpp"
#include "wine_programs.hpp"

namespace udpchat::testing {
namespace {

auto ending_with(std::string end) {
  return [end = std::move(end)](const std::string& datagram) { return datagram.ends_with(end); };
}

TEST(WindowsTerminalTest, ChatsBothWaysWithALinuxTerminalAndSeesItLeave) {
  running_hub hub;
  running_terminal linux_side{hub};
  windows_terminal windows_side{hub};
  ASSERT_FALSE(windows_side.address.empty()) << windows_side.process.all_stderr();
  linux_side.process.write_stdin("hello from linux\n");
  EXPECT_EQ(windows_side.shows("hello from linux"), linux_side.address + ": hello from linux");
  windows_side.process.write_stdin("hello from windows\n");
  EXPECT_EQ(linux_side.shows("hello from windows"), windows_side.address + ": hello from windows");
  // A script on Windows pipes its lines with CRLF: the CR is the line's end, not its text.
  windows_side.process.write_stdin("written on windows\r\n");
  EXPECT_EQ(linux_side.shows("written on windows"), windows_side.address + ": written on windows");
  linux_side.process.write_stdin("quit\n");
  EXPECT_EQ(linux_side.process.wait_exit(), 0);
  EXPECT_EQ(windows_side.shows(" left"), "*** " + linux_side.address + " left");
}

TEST(WindowsTerminalTest, EndOfInputSendsQuitAndExitsZero) {
  running_hub hub;
  running_terminal linux_side{hub};
  windows_terminal windows_side{hub};
  ASSERT_FALSE(windows_side.address.empty()) << windows_side.process.all_stderr();
  windows_side.process.write_stdin("last words");  // no line end: still sent
  windows_side.process.close_stdin();
  EXPECT_EQ(windows_side.process.wait_exit(std::chrono::seconds{10}), 0) << windows_side.process.all_stderr();
  EXPECT_EQ(linux_side.shows("last words"), windows_side.address + ": last words");
  EXPECT_EQ(linux_side.shows(" left"), "*** " + windows_side.address + " left");
}

// Whatever the console's code page, what goes out and what is shown is UTF-8, byte for byte.
TEST(WindowsTerminalTest, Utf8TextRoundTripsWithChineseAndEmoji) {
  running_hub hub;
  auto member = joined_probe(hub);
  windows_terminal windows_side{hub};
  ASSERT_FALSE(windows_side.address.empty()) << windows_side.process.all_stderr();
  const std::string typed = "你好，世界 🎉 café";
  windows_side.process.write_stdin(typed + "\n");
  EXPECT_EQ(member->receive_matching(ending_with(typed)), windows_side.address + "____" + typed);
  const std::string sent = "收到 😀👍 señor";
  member->send_to(hub.port, sent);
  EXPECT_EQ(windows_side.shows("收到"), member->address() + ": " + sent) << windows_side.process.all_stdout();
}

TEST(WindowsTerminalTest, JsonPrintsOneObjectPerEvent) {
  running_hub hub;
  auto other = joined_probe(hub);
  windows_terminal windows_side{hub, {"--json"}};
  ASSERT_FALSE(windows_side.address.empty()) << windows_side.process.all_stderr();
  other->send_to(hub.port, "/nick bob");
  other->send_to(hub.port, "say \"hi\" 你好");
  const auto message = windows_side.shows("\"event\":\"message\"");
  ASSERT_TRUE(message) << windows_side.process.all_stdout();
  EXPECT_TRUE(message->ends_with("\"event\":\"message\",\"sender\":\"bob (" + other->address() +
                                 ")\",\"name\":\"bob\",\"address\":\"" + other->address() +
                                 "\",\"text\":\"say \\\"hi\\\" 你好\"}"))
      << *message;
  other->send_to(hub.port, "quit");
  const auto departure = windows_side.shows("\"event\":\"departure\"");
  ASSERT_TRUE(departure) << windows_side.process.all_stdout();
  EXPECT_TRUE(departure->ends_with("\"address\":\"" + other->address() + "\",\"reason\":\"left\"}")) << *departure;
  for (const auto& line : windows_side.process.stdout_lines()) {
    const auto object = without_cr(line);
    EXPECT_TRUE(object->starts_with("{\"time\":\"") && object->ends_with("}")) << line;
  }
}

// The hub killed (a crash, a pulled plug) and started again on its port: the terminal finds out
// from the refusal of what it sends, holds the line typed meanwhile, rejoins, and sends it.
TEST(WindowsTerminalTest, RejoinsARestartedHubAndSendsTheLineTypedMeanwhile) {
  auto hub = std::make_unique<running_hub>();
  const unsigned short port = hub->port;
  windows_terminal windows_side{*hub};
  ASSERT_FALSE(windows_side.address.empty()) << windows_side.process.all_stderr();
  hub->process.send_signal(SIGKILL);
  ASSERT_TRUE(hub->process.wait_exit().has_value());
  hub.reset();
  windows_side.process.write_stdin("typed while the hub was down\n");
  EXPECT_TRUE(windows_side.shows("*** no hub is answering at 127.0.0.1:" + std::to_string(port)))
      << windows_side.process.all_stdout();
  {
    port_keeper keeper{port};
    ASSERT_TRUE(keeper.bound());
    ASSERT_TRUE(keeper.asked());
  }
  running_hub restarted{std::vector<std::string>{"--host", "127.0.0.1", "--port", std::to_string(port)}};
  ASSERT_EQ(restarted.port, port);
  auto other = joined_probe(restarted);
  EXPECT_EQ(other->receive_matching(ending_with("typed while the hub was down")),
            windows_side.address + "____typed while the hub was down");
  windows_side.process.close_stdin();
  EXPECT_EQ(windows_side.process.wait_exit(std::chrono::seconds{10}), 0) << windows_side.process.all_stderr();
}

// Discovery from Windows: udpchat.exe without --host probes the local networks and hears the
// Linux hub on this machine. Other tests' hubs may answer too, so the test looks for its own,
// by a name no other has, among the servers --json reports found.
TEST(WindowsTerminalTest, FindsALinuxHubOnThisMachineWithoutAnAddress) {
  const std::string name = "wine-" + std::to_string(::getpid());
  running_hub hub{on_loopback({"--name", name})};
  ASSERT_NE(hub.port, 0);
  const auto command = under_wine("udpchat", {"--json"});
  child_process finder{command.path, command.arguments};
  const auto found = finder.wait_for_stdout(
      [&](const std::string& line) { return line.find("\"name\":\"" + name + "\"") != std::string::npos; },
      wine_start_deadline);
  ASSERT_TRUE(found) << finder.all_stderr();
  EXPECT_NE(found->find("\"event\":\"found\""), std::string::npos) << *found;
  EXPECT_NE(found->find("\"kind\":\"hub\""), std::string::npos) << *found;
  EXPECT_NE(found->find("\"port\":" + std::to_string(hub.port)), std::string::npos) << *found;
  finder.close_stdin();
  // Alone, it joined and leaves at the end of input (0); beside other tests' hubs, a script does
  // not choose (1). Either way it ends.
  const auto status = finder.wait_exit(wine_start_deadline);
  ASSERT_TRUE(status);
  EXPECT_TRUE(*status == 0 || *status == 1) << *status;
}

TEST(WindowsTerminalTest, ChatsThroughTheLinuxTcpRoom) {
  running_server room{"udpchat-room", on_loopback()};
  running_terminal linux_side{room, {"--tcp"}};
  windows_terminal windows_side{room, {"--tcp"}};
  ASSERT_FALSE(windows_side.address.empty()) << windows_side.process.all_stderr();
  windows_side.process.write_stdin("over tcp from windows 你好\n");
  EXPECT_EQ(linux_side.shows("over tcp from windows"), windows_side.address + ": over tcp from windows 你好");
  linux_side.process.write_stdin("over tcp from linux\n");
  EXPECT_EQ(windows_side.shows("over tcp from linux"), linux_side.address + ": over tcp from linux");
  linux_side.process.write_stdin("quit\n");
  EXPECT_EQ(linux_side.process.wait_exit(), 0);
  EXPECT_EQ(windows_side.shows(" left"), "*** " + linux_side.address + " left");
  room.process.write_stdin("quit\n");
  EXPECT_TRUE(windows_side.shows("*** hub is closing"));
  EXPECT_EQ(windows_side.process.wait_exit(std::chrono::seconds{10}), 0) << windows_side.process.all_stderr();
}

}  // namespace
}  // namespace udpchat::testing
