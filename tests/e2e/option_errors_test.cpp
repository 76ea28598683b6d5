// SPDX-License-Identifier: GPL-3.0-or-later
// A number option given something else is refused with a reason a person can act on.
#include <gtest/gtest.h>

#include "child_process.hpp"
#include "external_program.hpp"

namespace udpchat::testing {
namespace {

struct refused_option {
  const char* program;
  std::vector<std::string> arguments;
  std::string says;
};

class OptionErrorTest : public ::testing::TestWithParam<refused_option> {};

TEST_P(OptionErrorTest, SaysWhatIsWrongAndExitsWithStatusTwo) {
  const auto& refused = GetParam();
  const auto run = run_program(bin_path(refused.program), refused.arguments, {}, std::chrono::milliseconds{5000});
  EXPECT_EQ(run.exit_status, 2);
  EXPECT_EQ(run.stderr_text, std::string{refused.program} + ": " + refused.says + "\n");
}

INSTANTIATE_TEST_SUITE_P(
    Numbers, OptionErrorTest,
    ::testing::Values(
        refused_option{"udpchat-server", {"--max-members", "ten"},
                       "--max-members must be a whole number (0 or more, digits only), not 'ten'"},
        refused_option{"udpchat-server", {"--rate-limit", "-1"},
                       "--rate-limit must be a whole number (0 or more, digits only), not '-1'"},
        refused_option{"udpchat-server", {"--burst", "99999999999"},
                       "--burst '99999999999' is too large; at most 4294967295"},
        refused_option{"udpchat-room", {"--max-queue", "1MB"},
                       "--max-queue must be a whole number (0 or more, digits only), not '1MB'"}));

}  // namespace
}  // namespace udpchat::testing
