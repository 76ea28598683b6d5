// SPDX-License-Identifier: GPL-3.0-or-later
// A peer pads its text to the width of the screen and then writes what looks like somebody
// else's line. Whatever the width, every console and the terminal must show the rest of a line
// on rows that cannot be taken for a line of their own.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "child_process.hpp"
#include "server_fixture.hpp"
#include "tcp_probe.hpp"
#include "tmux_screen.hpp"
#include "udp_probe.hpp"

namespace udpchat::testing {
namespace {

using rows = tmux_screen::rows;

constexpr std::string_view forged_tail = "send the files to 10.9.9.9";

// The rows run together: a text the screen wrapped, found whichever way it was wrapped.
std::string run_together(const rows& screen) {
  std::string text;
  for (const auto& row : screen) text += row;
  return text;
}

// The shown lines, each put together again from its rows (less the blanks that ended a row).
std::vector<std::string> logical_lines(const rows& screen) {
  constexpr std::string_view mark = "  \xE2\x94\x86 ";
  std::vector<std::string> lines;
  for (const auto& row : screen) {
    if (row.starts_with(mark) && !lines.empty()) {
      lines.back() += row.substr(mark.size());
    } else {
      lines.push_back(row);
    }
  }
  return lines;
}

bool shows_forged_tail(const rows& screen) {
  return run_together(screen).find("10.9.9.9") != std::string::npos;
}

// Blanks that bring a shown line whose own part takes `taken` columns to the end of the row.
std::string padding(std::size_t columns, std::size_t taken) {
  return std::string(columns - taken % columns, ' ');
}

// The forged part was shown, on a row that says it continues the line above.
void expect_marked(const rows& screen, std::string_view forged_start) {
  const auto forged = std::find_if(screen.begin(), screen.end(), [&](const std::string& row) {
    return row.find(forged_start) != std::string::npos;
  });
  ASSERT_NE(forged, screen.end()) << screen_text(screen);
  EXPECT_TRUE(forged->starts_with("  ")) << screen_text(screen);
}

class TerminalForgeryTest : public ::testing::TestWithParam<std::size_t> {
 protected:
  void SetUp() override {
    if (!tmux_available()) GTEST_SKIP() << "tmux is not installed (scripts/install-deps.sh installs it)";
  }
};

// The terminal of a member: a raw socket's text, padded to the window's width, goes on with
// "bob (127.0.0.1:PORT): ...". No row may start like bob's line.
void forge_bob_on(tmux_screen& screen, running_hub& hub, udp_probe& forger, std::size_t columns) {
  const std::string bob = "bob (127.0.0.1:" + std::to_string(hub.port) + "): ";
  forger.send_to(hub.port, padding(columns, forger.address().size() + 2) + bob + std::string{forged_tail});
  const auto shown = screen.wait_until(shows_forged_tail);
  ASSERT_TRUE(shown) << screen_text(screen.last_capture());
  for (const auto& row : *shown) EXPECT_FALSE(row.starts_with("bob (")) << screen_text(*shown);
  expect_marked(*shown, "bob (");
}

TEST_P(TerminalForgeryTest, APaddedMessageCannotStartARowLikeAnotherSenders) {
  const std::size_t columns = GetParam();
  running_hub hub;
  auto forger = joined_probe(hub);
  tmux_screen screen{bin_path("udpchat"), {"--host", "127.0.0.1", "--port", std::to_string(hub.port)}, columns};
  ASSERT_TRUE(hub.logs(" joined, 2 members now"));
  forge_bob_on(screen, hub, *forger, columns);
}

INSTANTIATE_TEST_SUITE_P(Widths, TerminalForgeryTest, ::testing::Values(std::size_t{40}, std::size_t{80}),
                         [](const ::testing::TestParamInfo<std::size_t>& tested) {
                           return std::to_string(tested.param) + "_columns";
                         });

// A window made narrower after the terminal started: the rows follow the new width.
TEST(TerminalForgeryTest, AWindowMadeNarrowerIsWrappedAtItsNewWidth) {
  if (!tmux_available()) GTEST_SKIP() << "tmux is not installed (scripts/install-deps.sh installs it)";
  running_hub hub;
  auto forger = joined_probe(hub);
  tmux_screen screen{bin_path("udpchat"), {"--host", "127.0.0.1", "--port", std::to_string(hub.port)}, 80};
  ASSERT_TRUE(hub.logs(" joined, 2 members now"));
  screen.resize(40);
  forge_bob_on(screen, hub, *forger, 40);
}

// A TAB cannot move a peer's text to a column of its choosing: it is shown as \t.
TEST(TerminalForgeryTest, ATabIsShownAsAnEscape) {
  if (!tmux_available()) GTEST_SKIP() << "tmux is not installed (scripts/install-deps.sh installs it)";
  running_hub hub;
  auto forger = joined_probe(hub);
  tmux_screen screen{bin_path("udpchat"), {"--host", "127.0.0.1", "--port", std::to_string(hub.port)}, 80};
  ASSERT_TRUE(hub.logs(" joined, 2 members now"));
  forger->send_to(hub.port, "\t\t\t\tbob: tabbed");
  const auto shown = screen.wait_until([](const rows& now) {
    return run_together(now).find("bob: tabbed") != std::string::npos;
  });
  ASSERT_TRUE(shown) << screen_text(screen.last_capture());
  EXPECT_NE(std::find(shown->begin(), shown->end(), forger->address() + ": \\t\\t\\t\\tbob: tabbed"), shown->end())
      << screen_text(*shown);
}

// A server's console: what a peer says is logged as "<date> <time> <who>: ..." (the desk) or
// "<date> <time> <who> said: ..." (the hub, the room). A forged line carries a date no real line
// on the screen has.
constexpr std::string_view forged_date = "1999-12-31 23:59:59 ";
constexpr std::size_t timestamp_columns = 20;  // "YYYY-MM-DD HH:MM:SS "

struct console_case {
  std::string program;
  std::string forged_who;  // what the forged line says after its date
};

void PrintTo(const console_case& tested, std::ostream* out) { *out << tested.program; }

class ConsoleForgeryTest : public ::testing::TestWithParam<std::tuple<console_case, std::size_t>> {
 protected:
  void SetUp() override {
    if (!tmux_available()) GTEST_SKIP() << "tmux is not installed (scripts/install-deps.sh installs it)";
  }
};

TEST_P(ConsoleForgeryTest, APaddedLineCannotStartARowLikeAnotherPeers) {
  const auto& [console, columns] = GetParam();
  tmux_screen screen{bin_path(console.program), {"--host", "127.0.0.1", "--port", "0"}, columns};
  std::optional<unsigned short> port;
  ASSERT_TRUE(screen.wait_until([&](const rows& shown) {
    // A row keeps no blank at its end on the screen, so "listening on" may come back without it.
    std::string text;
    for (const auto& line : logical_lines(shown)) text += line + "\n";
    const auto listening = text.find("listening on");
    const auto address = text.find("127.0.0.1:", listening == std::string::npos ? text.size() : listening);
    if (address == std::string::npos) return false;
    const auto digits = text.find_first_not_of("0123456789", address + 10);
    if (digits == address + 10) return false;
    port = static_cast<unsigned short>(std::stoul(text.substr(address + 10, digits - address - 10)));
    return true;
  })) << screen_text(screen.last_capture());

  const std::string forged = std::string{forged_date} + console.forged_who + std::string{forged_tail};
  std::unique_ptr<udp_probe> member;
  std::unique_ptr<tcp_probe> peer;
  if (console.program == "udpchat-server") {
    member = std::make_unique<udp_probe>();
    member->send_to(*port, "");
    ASSERT_TRUE(member->receive()) << "no welcome";
    const std::size_t taken = timestamp_columns + member->address().size() + std::string_view{" said: "}.size();
    member->send_to(*port, padding(columns, taken) + forged);
  } else {
    peer = std::make_unique<tcp_probe>(*port);
    if (console.program == "udpchat-desk") {
      // A customer is shown once it has given its name.
      ASSERT_TRUE(peer->read_line()) << "no welcome";
      peer->send("f\n");
      ASSERT_TRUE(peer->read_line()) << "no place in the queue";
    }
    const std::size_t taken = console.program == "udpchat-desk"
                                  ? timestamp_columns + std::string_view{"#1 f: "}.size()
                                  : timestamp_columns + peer->address().size() + std::string_view{" said: "}.size();
    peer->send(padding(columns, taken) + forged + "\n");
  }
  const auto shown = screen.wait_until(shows_forged_tail);
  ASSERT_TRUE(shown) << screen_text(screen.last_capture());
  for (const auto& row : *shown) EXPECT_FALSE(row.starts_with(forged_date)) << screen_text(*shown);
  expect_marked(*shown, "1999-12-31 23:59:59");
}

INSTANTIATE_TEST_SUITE_P(
    EveryServer, ConsoleForgeryTest,
    ::testing::Combine(::testing::Values(console_case{"udpchat-server", "127.0.0.1:1 said: "},
                                         console_case{"udpchat-room", "127.0.0.1:1 said: "},
                                         console_case{"udpchat-desk", "#2 g: "}),
                       ::testing::Values(std::size_t{40}, std::size_t{80})),
    [](const ::testing::TestParamInfo<std::tuple<console_case, std::size_t>>& tested) {
      std::string name = std::get<0>(tested.param).program + "_" + std::to_string(std::get<1>(tested.param));
      std::replace(name.begin(), name.end(), '-', '_');
      return name;
    });

}  // namespace
}  // namespace udpchat::testing
