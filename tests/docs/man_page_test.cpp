// SPDX-License-Identifier: GPL-3.0-or-later
// Each program's man page says what its --help says: the same options with the same short
// forms, value names and defaults, and the same console commands. Options are added to the
// programs often; this is what keeps the man pages from silently falling behind.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "child_process.hpp"
#include "option_listing.hpp"

namespace udpchat::testing {
namespace {

std::vector<std::string> programs() {
  std::vector<std::string> names;
  std::istringstream list{UDPCHAT_PROGRAMS};  // "udpchat-server,udpchat,..."
  for (std::string name; std::getline(list, name, ',');) names.push_back(name);
  return names;
}

std::string man_path(const std::string& program) { return std::string{UDPCHAT_MAN_DIR} + "/" + program + ".1"; }

std::string read_file(const std::string& path) {
  std::ifstream in{path};
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string help_of(const std::string& program) {
  child_process run{bin_path(program), {"--help"}};
  EXPECT_EQ(run.wait_exit(), 0) << program << " --help";
  run.drain();
  return run.all_stdout();
}

std::map<std::string, listed_option> by_name(const std::vector<listed_option>& options) {
  std::map<std::string, listed_option> named;
  for (const auto& each : options) named.emplace(each.name, each);
  return named;
}

class ManPageTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const std::string roff = read_file(man_path(GetParam()));
    ASSERT_FALSE(roff.empty()) << "no man page " << man_path(GetParam());
    page = parse_man_page(roff);
    help = help_of(GetParam());
    ASSERT_FALSE(options_in_help(help).empty()) << help;
  }
  man_page page;
  std::string help;
};

TEST_P(ManPageTest, DocumentsEveryOptionOfTheHelpTheSameWay) {
  const auto documented = by_name(page.options);
  for (const auto& option : options_in_help(help)) {
    const auto entry = documented.find(option.name);
    if (entry == documented.end()) {
      ADD_FAILURE() << "--" << option.name << " is in " << GetParam() << " --help but not in "
                    << man_path(GetParam());
      continue;
    }
    EXPECT_FALSE(entry->second.pending)
        << "--" << option.name << " is in --help now: remove its '.\\\" pending: --" << option.name
        << "' line from " << man_path(GetParam());
    EXPECT_EQ(entry->second.tag, option.tag) << "--" << option.name << ": short form or value name";
    EXPECT_EQ(entry->second.default_value, option.default_value)
        << "--" << option.name << ": the man page's 'Default: X.' against --help's '(default: X)'";
  }
}

TEST_P(ManPageTest, DocumentsNoOptionTheProgramLacksUnlessMarkedPending) {
  const auto in_help = by_name(options_in_help(help));
  for (const auto& option : page.options) {
    ASSERT_FALSE(option.name.empty()) << "an OPTIONS entry names no --option: " << option.tag;
    if (option.pending) continue;
    EXPECT_TRUE(in_help.contains(option.name))
        << "--" << option.name << " is in " << man_path(GetParam()) << " but not in " << GetParam()
        << " --help (an option written before the program has it needs a '.\\\" pending: --"
        << option.name << "' line above its entry)";
  }
}

TEST_P(ManPageTest, MarksAsPendingOnlyOptionsItDocuments) {
  const auto documented = by_name(page.options);
  for (const auto& name : page.pending) {
    EXPECT_TRUE(documented.contains(name)) << "'pending: --" << name << "' marks no OPTIONS entry";
  }
}

TEST_P(ManPageTest, DocumentsTheCommandsOfTheHelp) {
  // A program whose --help lists no commands has none in its page either.
  const auto commands = commands_in_help(help);
  EXPECT_EQ(std::set<std::string>(page.commands.begin(), page.commands.end()),
            std::set<std::string>(commands.begin(), commands.end()));
}

TEST_P(ManPageTest, HasTheSectionsOfAManPage) {
  for (const char* wanted : {"NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "EXIT STATUS", "EXAMPLES", "SEE ALSO"}) {
    EXPECT_NE(std::find(page.sections.begin(), page.sections.end(), std::string{wanted}), page.sections.end()) << wanted;
  }
}

TEST_P(ManPageTest, RendersWithoutWarnings) {
  const std::string groff = "/usr/bin/groff";
  if (::access(groff.c_str(), X_OK) != 0) GTEST_SKIP() << "no " << groff;
  child_process render{groff, {"-man", "-ww", "-z", "-Tutf8", man_path(GetParam())}};
  EXPECT_EQ(render.wait_exit(), 0);
  render.drain();
  EXPECT_EQ(render.all_stderr(), "");
}

INSTANTIATE_TEST_SUITE_P(Programs, ManPageTest, ::testing::ValuesIn(programs()),
                         [](const auto& instance) {
                           std::string name = instance.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

}  // namespace
}  // namespace udpchat::testing
