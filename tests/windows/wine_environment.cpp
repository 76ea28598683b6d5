// SPDX-License-Identifier: GPL-3.0-or-later
// What every test of the Windows programs starts from: the programs are there, and Wine runs
// them in the prefix CTest's fixture made (tests/windows/wine_prefix.sh), with Wine's own
// diagnostics off (they would land on the programs' stderr, which the tests read). Set here
// rather than in CTest's properties, so that the test program runs the same by hand.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <string>

namespace {

class wine_environment : public ::testing::Environment {
 public:
  void SetUp() override {
    for (const std::string program : {"udpchat.exe", "udpchat-server.exe"}) {
      const std::string path = std::string{UDPCHAT_WINDOWS_BIN_DIR} + "/" + program;
      ASSERT_EQ(::access(path.c_str(), R_OK), 0) << path << " is missing: scripts/build-windows.sh builds it";
    }
    ::setenv("WINEPREFIX", UDPCHAT_WINE_PREFIX, 1);
    ::setenv("WINEDEBUG", "-all", 1);
  }
};

[[maybe_unused]] const auto* const registered = ::testing::AddGlobalTestEnvironment(new wine_environment);

}  // namespace
