// SPDX-License-Identifier: GPL-3.0-or-later
// Every console as a person sees it in a terminal: a command typed at the prompt shows once,
// its answer under it, and the prompt again on a row of its own.
#include <gtest/gtest.h>

#include <algorithm>

#include "child_process.hpp"
#include "tmux_screen.hpp"
#include "udp_probe.hpp"

namespace udpchat::testing {
namespace {

using rows = tmux_screen::rows;

std::string trimmed(std::string text) {
  text.erase(text.find_last_not_of(' ') + 1);
  return text;
}

std::size_t count_rows(const rows& screen, const std::string& row) {
  return static_cast<std::size_t>(std::count(screen.begin(), screen.end(), row));
}

struct console_program {
  std::string program;
  std::string prompt;   // as the program draws it, trailing blank and all
  std::string command;  // answered with at least one log line
};

void PrintTo(const console_program& console, std::ostream* out) { *out << console.program; }

class ConsoleScreenTest : public ::testing::TestWithParam<console_program> {
 protected:
  void SetUp() override {
    if (!tmux_available()) GTEST_SKIP() << "tmux is not installed (scripts/install-deps.sh installs it)";
  }
};

std::string program_test_name(const ::testing::TestParamInfo<console_program>& tested) {
  std::string name = tested.param.program;
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

// The screen holds `typed` (the prompt and the command) twice, and below the second one's
// answer the bare prompt on the last row.
bool answered_twice(const rows& screen, const std::string& typed, const std::string& bare_prompt) {
  if (count_rows(screen, typed) != 2 || screen.back() != bare_prompt) return false;
  const auto second = std::find(std::find(screen.begin(), screen.end(), typed) + 1, screen.end(), typed);
  return screen.end() - second > 2;
}

TEST_P(ConsoleScreenTest, ACommandTypedTwiceShowsEachTimeOnceWithItsAnswerBelowIt) {
  const auto& console = GetParam();
  tmux_screen screen{bin_path(console.program), {"--host", "127.0.0.1", "--port", "0"}};
  const std::string bare_prompt = trimmed(console.prompt);
  const std::string typed = console.prompt + console.command;
  ASSERT_TRUE(screen.wait_until([&](const rows& shown) {
    return !shown.empty() && shown.back() == bare_prompt &&
           std::any_of(shown.begin(), shown.end(),
                       [](const std::string& row) { return row.find("listening on ") != std::string::npos; });
  })) << screen_text(screen.last_capture());

  screen.type(console.command);
  screen.press("Enter");
  ASSERT_TRUE(screen.wait_until([&](const rows& shown) {
    return count_rows(shown, typed) == 1 && shown.back() == bare_prompt && shown.size() >= 3 &&
           shown[shown.size() - 2] != typed;
  })) << screen_text(screen.last_capture());
  screen.type(console.command);
  screen.press("Enter");
  const auto shown = screen.wait_until([&](const rows& now) { return answered_twice(now, typed, bare_prompt); });
  ASSERT_TRUE(shown) << screen_text(screen.last_capture());

  // From the first command down: the command, its answer, the command, the same answer again
  // (log lines, none holding a prompt), and the prompt, with nothing drawn twice on one row.
  const auto first = std::find(shown->begin(), shown->end(), typed);
  const auto second = std::find(first + 1, shown->end(), typed);
  const rows first_answer(first + 1, second);
  const rows second_answer(second + 1, shown->end() - 1);
  ASSERT_FALSE(first_answer.empty()) << screen_text(*shown);
  EXPECT_EQ(first_answer.size(), second_answer.size()) << screen_text(*shown);
  for (const auto& row : rows(first + 1, shown->end() - 1)) {
    if (row == typed) continue;
    EXPECT_EQ(row.find(bare_prompt), std::string::npos) << "row '" << row << "' in\n" << screen_text(*shown);
  }
  for (auto row = shown->begin(); row != first; ++row) {
    EXPECT_EQ(row->find(console.prompt), std::string::npos) << screen_text(*shown);
  }
}

INSTANTIATE_TEST_SUITE_P(EveryServer, ConsoleScreenTest,
                         ::testing::Values(console_program{"udpchat-server", "> ", "who"},
                                           console_program{"udpchat-room", "> ", "who"},
                                           console_program{"udpchat-desk", "agent> ", "/who"}),
                         program_test_name);

// The terminal peer answers a line typed while no hub answers with a notice, from the same place
// a server answers a command.
TEST(ConsoleScreenTest, ANoticeAboutATypedLineShowsBelowItAndThePromptBelowThat) {
  if (!tmux_available()) GTEST_SKIP() << "tmux is not installed (scripts/install-deps.sh installs it)";
  unsigned short unused_port = 0;
  {
    udp_probe closed_soon;
    unused_port = closed_soon.port();
  }
  tmux_screen screen{bin_path("udpchat"), {"--host", "127.0.0.1", "--port", std::to_string(unused_port)}};
  ASSERT_TRUE(screen.wait_until([](const rows& shown) {
    return !shown.empty() && shown.back() == ">" &&
           std::any_of(shown.begin(), shown.end(),
                       [](const std::string& row) { return row.find("no hub is answering") != std::string::npos; });
  })) << screen_text(screen.last_capture());

  screen.type("hello");
  screen.press("Enter");
  const auto shown = screen.wait_until([](const rows& now) {
    return now.size() >= 3 && now.back() == ">" && now[now.size() - 2].find(" is away;") != std::string::npos;
  });
  ASSERT_TRUE(shown) << screen_text(screen.last_capture());
  EXPECT_EQ((*shown)[shown->size() - 3], "> hello") << screen_text(*shown);
  EXPECT_EQ(count_rows(*shown, "> hello"), 1U) << screen_text(*shown);
}

}  // namespace
}  // namespace udpchat::testing
