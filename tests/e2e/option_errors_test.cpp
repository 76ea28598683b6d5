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

INSTANTIATE_TEST_SUITE_P(
    NetworkConditions, OptionErrorTest,
    ::testing::Values(
        refused_option{"udpchat-server", {"--loss", "150"}, "--loss: '150' is more than 100"},
        refused_option{"udpchat-server", {"--loss", "thirty"},
                       "--loss: 'thirty' is not a percentage (0 to 100, such as 30 or 12.5)"},
        refused_option{"udpchat-server", {"--duplicate", "0.00001"}, "--duplicate: '0.00001' has more than 4 decimals"},
        refused_option{"udpchat-server", {"--reorder", "-5"},
                       "--reorder: '-5' is not a percentage (0 to 100, such as 30 or 12.5)"},
        refused_option{"udpchat-server", {"--delay", "200ms"},
                       "--delay: '200ms' is not a delay in milliseconds (MS or MS:JITTER_MS, such as 200 or 300:100)"},
        refused_option{"udpchat-server", {"--delay", "100:200"},
                       "--delay: '100:200': the jitter may not exceed the delay"},
        refused_option{"udpchat-server", {"--delay", "60000"}, "--delay: '60000' is longer than 10000 ms"},
        refused_option{"udpchat-server", {"--seed", "x"},
                       "--seed must be a whole number (0 or more, digits only), not 'x'"}));

}  // namespace
}  // namespace udpchat::testing
