// SPDX-License-Identifier: GPL-3.0-or-later
// udpchat's life follows the person's terminal: Ctrl-Z and fg, a closed window, kill.
#include <signal.h>
#include <sys/types.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <thread>

#include "external_program.hpp"
#include "server_fixture.hpp"
#include "tcp_probe.hpp"
#include "tmux_screen.hpp"

namespace udpchat::testing {
namespace {

using std::chrono::milliseconds;

bool last_row_is(const tmux_screen::rows& screen, const std::string& wanted) {
  return !screen.empty() && screen.back() == wanted;
}

// A shell script that writes its process id to `pid_file` and then becomes `command`, so a test
// can follow a program tmux started.
std::string script_recording_pid(const std::string& pid_file, const std::vector<std::string>& command) {
  const std::string path = temporary_path("run-" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + ".sh");
  std::ofstream script{path};
  script << "echo $$ > '" << pid_file << "'\nexec";
  for (const auto& word : command) script << " '" << word << "'";
  script << '\n';
  return path;
}

std::optional<pid_t> read_pid(const std::string& pid_file, milliseconds deadline = milliseconds{5000}) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  for (;;) {
    std::ifstream file{pid_file};
    pid_t pid = 0;
    if (file >> pid && pid > 0) return pid;
    if (std::chrono::steady_clock::now() >= until) return std::nullopt;
    std::this_thread::sleep_for(milliseconds{20});
  }
}

// Whether process `pid` has ended (gone, or a zombie nobody has reaped yet) within the deadline.
bool ends(pid_t pid, milliseconds deadline = milliseconds{5000}) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  for (;;) {
    std::ifstream stat{"/proc/" + std::to_string(pid) + "/stat"};
    std::string line;
    if (!std::getline(stat, line)) return true;
    const auto name_end = line.rfind(')');
    if (name_end != std::string::npos && name_end + 2 < line.size() && line[name_end + 2] == 'Z') return true;
    if (std::chrono::steady_clock::now() >= until) return false;
    std::this_thread::sleep_for(milliseconds{20});
  }
}

TEST(TerminalLifeTest, CtrlZThenFgRedrawsThePromptAndTheHalfTypedLine) {
  if (!tmux_available()) GTEST_SKIP() << "tmux is not installed";
  running_hub hub;
  auto other = joined_probe(hub);
  // An interactive shell with job control, as a person has.
  tmux_screen screen{"/bin/bash", {"--norc", "--noprofile", "-i"}};
  ASSERT_TRUE(screen.wait_until([](const auto& rows) { return !rows.empty(); })) << screen_text(screen.last_capture());
  screen.type(bin_path("udpchat") + " --host 127.0.0.1 --port " + std::to_string(hub.port));
  screen.press("Enter");
  ASSERT_TRUE(screen.wait_until([](const auto& rows) { return last_row_is(rows, ">"); }))
      << screen_text(screen.last_capture());
  ASSERT_TRUE(hub.logs(" joined, 2 members"));

  screen.type("half a li");
  ASSERT_TRUE(screen.wait_until([](const auto& rows) { return last_row_is(rows, "> half a li"); }))
      << screen_text(screen.last_capture());
  screen.press("C-z");
  ASSERT_TRUE(screen.wait_until([](const auto& rows) {
    return std::any_of(rows.begin(), rows.end(), [](const std::string& row) { return row.find("Stopped") != std::string::npos; });
  })) << screen_text(screen.last_capture());
  screen.type("fg");
  screen.press("Enter");
  // Back in the foreground: the prompt and the half-typed text are drawn again, at the bottom.
  ASSERT_TRUE(screen.wait_until([](const auto& rows) { return last_row_is(rows, "> half a li"); }))
      << screen_text(screen.last_capture());

  // Keys go to the line editor, not echoed by the terminal on a line of their own.
  screen.type("ne");
  const auto typed = screen.wait_until([](const auto& rows) { return last_row_is(rows, "> half a line"); });
  ASSERT_TRUE(typed) << screen_text(screen.last_capture());
  EXPECT_EQ(std::count(typed->begin(), typed->end(), "ne"), 0) << screen_text(*typed);
  screen.press("Enter");
  const auto sent = other->receive_matching([](const std::string& d) { return !d.starts_with("hub____"); });
  ASSERT_TRUE(sent);
  EXPECT_TRUE(sent->ends_with("____half a line")) << *sent;

  screen.type("quit");
  screen.press("Enter");
  EXPECT_TRUE(other->receive_matching(is_departure));
}

TEST(TerminalLifeTest, ClosingTheWindowLeavesTheHubAndEnds) {
  if (!tmux_available()) GTEST_SKIP() << "tmux is not installed";
  running_hub hub;
  auto other = joined_probe(hub);
  const std::string pid_file = temporary_path("udpchat-hangup-udp.pid");
  tmux_screen screen{"/bin/sh",
                     {script_recording_pid(pid_file, {bin_path("udpchat"), "--host", "127.0.0.1", "--port", std::to_string(hub.port)})}};
  ASSERT_TRUE(screen.wait_until([](const auto& rows) { return last_row_is(rows, ">"); }))
      << screen_text(screen.last_capture());
  ASSERT_TRUE(hub.logs(" joined, 2 members"));
  const auto pid = read_pid(pid_file);
  ASSERT_TRUE(pid);

  screen.kill_session();
  EXPECT_TRUE(other->receive_matching(is_departure, milliseconds{3000}));
  EXPECT_TRUE(ends(*pid));
}

TEST(TerminalLifeTest, ClosingTheWindowLeavesTheRoomAndEnds) {
  if (!tmux_available()) GTEST_SKIP() << "tmux is not installed";
  running_server room{"udpchat-room", on_loopback()};
  tcp_probe member{room.port};
  ASSERT_TRUE(member.read_line());  // the welcome
  ASSERT_TRUE(room.saw_join(member.address()));
  const std::string pid_file = temporary_path("udpchat-hangup-tcp.pid");
  tmux_screen screen{"/bin/sh", {script_recording_pid(pid_file, {bin_path("udpchat"), "--tcp", "--host", "127.0.0.1", "--port",
                                                                 std::to_string(room.port)})}};
  ASSERT_TRUE(screen.wait_until([](const auto& rows) { return last_row_is(rows, ">"); }))
      << screen_text(screen.last_capture());
  ASSERT_TRUE(room.logs(" joined"));
  const auto pid = read_pid(pid_file);
  ASSERT_TRUE(pid);

  screen.kill_session();
  EXPECT_TRUE(member.read_line_matching(is_departure, milliseconds{3000}));
  EXPECT_TRUE(ends(*pid));
}

// Not on a terminal: a hang-up or SIGTERM from a process manager, with exit status 0.
class EndingSignalTest : public ::testing::TestWithParam<int> {};

TEST_P(EndingSignalTest, LeavesTheChatAndExitsWithStatusZero) {
  running_hub hub;
  auto other = joined_probe(hub);
  running_terminal person{hub};
  ASSERT_FALSE(person.address.empty());
  person.process.send_signal(GetParam());
  EXPECT_EQ(person.process.wait_exit(), 0);
  const auto left = other->receive_matching(is_departure);
  ASSERT_TRUE(left);
  EXPECT_EQ(*left, person.address + "____left____qq");
}

std::string signal_name(const ::testing::TestParamInfo<int>& signal) { return sigabbrev_np(signal.param); }

INSTANTIATE_TEST_SUITE_P(Signals, EndingSignalTest, ::testing::Values(SIGHUP, SIGTERM, SIGINT), signal_name);

// A server whose terminal is closed closes as after quit: its members are told.
TEST(TerminalLifeTest, AHubWhoseTerminalHangsUpTellsEveryMemberAndExitsZero) {
  running_hub hub;
  auto member = joined_probe(hub);
  hub.process.send_signal(SIGHUP);
  EXPECT_EQ(hub.process.wait_exit(), 0);
  EXPECT_EQ(member->receive(), "hub____closing____qq");
}

TEST(TerminalLifeTest, ARoomWhoseTerminalHangsUpTellsEveryMemberAndExitsZero) {
  running_server room{"udpchat-room", on_loopback()};
  tcp_probe member{room.port};
  ASSERT_TRUE(member.read_line());  // the welcome
  ASSERT_TRUE(room.saw_join(member.address()));
  room.process.send_signal(SIGHUP);
  EXPECT_EQ(room.process.wait_exit(), 0);
  EXPECT_TRUE(member.read_line_matching([](const std::string& line) { return line == "hub____closing____qq"; }));
}

}  // namespace
}  // namespace udpchat::testing
