// SPDX-License-Identifier: GPL-3.0-or-later
// The readers of --help and of man pages, on small samples: what man_page_test relies on.
#include <gtest/gtest.h>

#include "option_listing.hpp"

namespace udpchat::testing {
namespace {

constexpr std::string_view sample_help =
    "A hub.\n"
    "Usage:\n"
    "  hub [--host ADDRESS]\n"
    "\n"
    "      --host ADDRESS   address to listen on (default: 0.0.0.0)\n"
    "  -p, --port PORT      UDP port to listen on, 0 for any free one \n"
    "                       (default: 8000)\n"
    "  -q, --quiet          log less\n"
    "      --max-queue BYTES\n"
    "                       bytes queued (default: \n"
    "                       1048576)\n"
    "      --delay MS[:JITTER_MS]\n"
    "                       hold each datagram (default: 0)\n"
    "\n"
    "  --host 0.0.0.0 serves every IPv4 interface.\n"
    "\n"
    "Agent commands (type on standard input):\n"
    "  <text>      say text\n"
    "  /close [N]  end the conversation (default: the current one,\n"
    "              or the only one)\n"
    "  quit        leave\n"
    "SIGINT closes it.\n";

TEST(OptionsInHelp, ReadsTagsAndDefaultsEvenWhenWrapped) {
  const auto options = options_in_help(sample_help);
  ASSERT_EQ(options.size(), 5U);
  EXPECT_EQ(options[0].tag, "--host ADDRESS");
  EXPECT_EQ(options[0].default_value, "0.0.0.0");
  EXPECT_EQ(options[1].tag, "-p, --port PORT");
  EXPECT_EQ(options[1].default_value, "8000");
  EXPECT_EQ(options[2].tag, "-q, --quiet");
  EXPECT_EQ(options[2].default_value, std::nullopt);
  EXPECT_EQ(options[3].name, "max-queue");
  EXPECT_EQ(options[3].default_value, "1048576");
  EXPECT_EQ(options[4].tag, "--delay MS[:JITTER_MS]");
  EXPECT_EQ(options[4].default_value, "0");
}

TEST(CommandsInHelp, ReadsTheFirstWordOfEachCommandLine) {
  EXPECT_EQ(commands_in_help(sample_help), (std::vector<std::string>{"text", "/close", "quit"}));
}

constexpr std::string_view sample_page =
    ".TH HUB 1\n"
    ".SH NAME\n"
    "hub \\- a hub\n"
    ".SH OPTIONS\n"
    ".TP\n"
    "\\fB\\-p\\fR, \\fB\\-\\-port\\fR \\fIPORT\\fR\n"
    "UDP port;\n"
    ".B 0\n"
    "for any.\n"
    "Default: 8000.\n"
    ".\\\" pending: --trace\n"
    ".TP\n"
    "\\fB\\-\\-trace\\fR\n"
    "Hex dumps.\n"
    ".TP\n"
    "\\fB\\-\\-host\\fR \\fIADDRESS\\fR\n"
    "Default: 0.0.0.0.\n"
    ".SH \"EXIT STATUS\"\n"
    ".TP\n"
    ".B 0\n"
    "Fine.\n"
    ".SH COMMANDS\n"
    ".TP\n"
    "\\fB/to\\fR \\fIN text\\fR\n"
    "Say it.\n"
    ".TP\n"
    ".I text\n"
    "Say it.\n";

TEST(ParseManPage, ReadsSectionsOptionsDefaultsAndPendingMarks) {
  const auto page = parse_man_page(sample_page);
  EXPECT_EQ(page.sections, (std::vector<std::string>{"NAME", "OPTIONS", "EXIT STATUS", "COMMANDS"}));
  ASSERT_EQ(page.options.size(), 3U);
  EXPECT_EQ(page.options[0].tag, "-p, --port PORT");
  EXPECT_EQ(page.options[0].default_value, "8000");
  EXPECT_FALSE(page.options[0].pending);
  EXPECT_EQ(page.options[1].name, "trace");
  EXPECT_EQ(page.options[1].default_value, std::nullopt);
  EXPECT_TRUE(page.options[1].pending);
  EXPECT_EQ(page.options[2].default_value, "0.0.0.0");
  EXPECT_EQ(page.pending, (std::vector<std::string>{"trace"}));
  EXPECT_EQ(page.commands, (std::vector<std::string>{"/to", "text"}));
}

TEST(PlainText, ResolvesFontsEscapesAndFontMacros) {
  EXPECT_EQ(plain_text("\\fB\\-\\-max\\-queue\\fR \\fIBYTES\\fR"), "--max-queue BYTES");
  EXPECT_EQ(plain_text(".BR udpchat (1),"), "udpchat(1),");
  EXPECT_EQ(plain_text(".B \"hub____error: slow down\""), "hub____error: slow down");
  EXPECT_EQ(plain_text("\\(aqhello\\en\\(aq"), "'hello\\n'");
}

}  // namespace
}  // namespace udpchat::testing
