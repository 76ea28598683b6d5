// SPDX-License-Identifier: GPL-3.0-or-later
// udpchat.exe in a Windows console, as a student at a laptop has it: Wine gives the program
// started in a tmux pane its console on the pane's terminal, so keys typed in the pane reach
// the program as console input events and what it draws is read back from the screen. Against
// the Linux hub, with a raw socket as the other member.

#include <algorithm>
#include <fstream>
#include <thread>

#include "external_program.hpp"
#include "tmux_screen.hpp"
#include "wine_programs.hpp"

namespace udpchat::testing {
namespace {

using rows = tmux_screen::rows;

bool last_row_is(const rows& screen, const std::string& wanted) { return !screen.empty() && screen.back() == wanted; }

bool has_row(const rows& screen, const std::string& wanted) {
  return std::find(screen.begin(), screen.end(), wanted) != screen.end();
}

// udpchat.exe run by Wine in a tmux pane of its own, through a shell script that then writes
// its exit status to a file (tmux keeps no exit status).
class windows_console {
 public:
  explicit windows_console(running_server& hub)
      : status_file_{temporary_path("udpchat-exe-status-" + unique_suffix())},
        screen_{"/bin/sh", {script(hub.port)}} {
    // The hub's log names it: " <address> joined, ...".
    const auto joined = hub.process.wait_for_stdout(
        [](const std::string& line) { return line.find(" joined") != std::string::npos; }, wine_start_deadline);
    if (joined) {
      const auto end = joined->find(" joined");
      address = joined->substr(joined->rfind(' ', end - 1) + 1, end - joined->rfind(' ', end - 1) - 1);
    }
  }

  tmux_screen& screen() { return screen_; }

  // The exit status of udpchat.exe, once it has exited within the deadline.
  std::optional<int> exit_status(milliseconds deadline = milliseconds{10000}) const {
    const auto until = std::chrono::steady_clock::now() + deadline;
    for (;;) {
      std::ifstream file{status_file_};
      int status = -1;
      if (file >> status) return status;
      if (std::chrono::steady_clock::now() >= until) return std::nullopt;
      std::this_thread::sleep_for(milliseconds{20});
    }
  }

  std::string address;

 private:
  static std::string unique_suffix() {
    return std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
  }

  std::string script(unsigned short port) const {
    const std::string path = temporary_path("udpchat-exe-" + unique_suffix() + ".sh");
    const auto wine = under_wine("udpchat", {"--host", "127.0.0.1", "--port", std::to_string(port)});
    std::ofstream out{path};
    // The shell itself stays out of Ctrl-C's way: a trap (unlike an ignored signal) is not
    // passed on to Wine. The status file appears whole (renamed into place), never half written.
    out << "trap : INT\n'" << wine.path << "'";
    for (const auto& word : wine.arguments) out << " '" << word << "'";
    out << "\necho $? > '" << status_file_ << ".part' && mv '" << status_file_ << ".part' '" << status_file_
        << "'\n";
    return path;
  }

  std::string status_file_;
  tmux_screen screen_;
};

// The console's prompt, with the program joined, on the last row.
::testing::AssertionResult ready(windows_console& console) {
  if (console.address.empty()) return ::testing::AssertionFailure() << "the hub never logged its join";
  if (!console.screen().wait_until([](const rows& shown) { return last_row_is(shown, ">"); }, wine_start_deadline)) {
    return ::testing::AssertionFailure() << "no prompt:\n" << screen_text(console.screen().last_capture());
  }
  return ::testing::AssertionSuccess();
}

// Wine's console takes a program's first key only once Wine's desktop process runs. In a prefix
// where it had ended, Wine was seen to start it again on that key and, with no display, to wait
// 10 s for an RPC service before going on: the first wait on a key's effect allows for that.
constexpr milliseconds first_key_deadline{30000};

TEST(WindowsConsoleTest, LinesArrivingWhileALineIsTypedLeaveItWholeAndEnterSendsIt) {
  running_hub hub;
  auto other = joined_probe(hub);
  windows_console console{hub};
  ASSERT_TRUE(ready(console));
  auto& screen = console.screen();

  screen.type("half a sen");
  ASSERT_TRUE(screen.wait_until([](const rows& shown) { return last_row_is(shown, "> half a sen"); }, first_key_deadline))
      << screen_text(screen.last_capture());
  other->send_to(hub.port, "interrupting you");
  other->send_to(hub.port, "and again");
  // Each line above the prompt, and the prompt with the half-typed text drawn again below them.
  const auto shown = screen.wait_until([&](const rows& now) {
    return now.size() >= 3 && now[now.size() - 3] == other->address() + ": interrupting you" &&
           now[now.size() - 2] == other->address() + ": and again" && now.back() == "> half a sen";
  });
  ASSERT_TRUE(shown) << screen_text(screen.last_capture());
  EXPECT_FALSE(has_row(*shown, ">")) << screen_text(*shown);

  screen.type("tence");
  screen.press("Enter");
  EXPECT_EQ(other->receive(), console.address + "____half a sentence");
  EXPECT_TRUE(screen.wait_until([](const rows& now) {
    return now.size() >= 2 && now[now.size() - 2] == "> half a sentence" && now.back() == ">";
  })) << screen_text(screen.last_capture());

  // Chinese and an emoji come from the console as UTF-16 key events: they go out as UTF-8.
  const std::string typed = "你好，世界 🎉 café";
  screen.type(typed);
  screen.press("Enter");
  EXPECT_EQ(other->receive(), console.address + "____" + typed) << screen_text(screen.capture());
}

TEST(WindowsConsoleTest, CtrlCLeavesLikeQuitAndExitsZero) {
  running_hub hub;
  auto other = joined_probe(hub);
  windows_console console{hub};
  ASSERT_TRUE(ready(console));
  console.screen().press("C-c");
  EXPECT_EQ(other->receive_matching([](const std::string& d) { return d.ends_with("____left____qq"); },
                                    first_key_deadline),
            console.address + "____left____qq");
  EXPECT_TRUE(hub.logs(" " + console.address + " left")) << hub.process.all_stdout();
  EXPECT_EQ(console.exit_status(), 0) << screen_text(console.screen().capture());
}

}  // namespace
}  // namespace udpchat::testing
