// SPDX-License-Identifier: GPL-3.0-or-later
// packaging/systemd/udpchat-server.service is a unit systemd accepts, and stays as locked down
// as it is now. Needs systemd-analyze; skipped where there is none.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "child_process.hpp"

namespace udpchat::testing {
namespace {

const std::string analyze = "/usr/bin/systemd-analyze";

std::string unit_text() {
  std::ifstream in{UDPCHAT_UNIT_FILE};
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A copy of the unit, in a folder of its own, whose ExecStart names the hub just built:
// systemd-analyze checks that the program exists, and no hub is installed here.
class built_unit {
 public:
  built_unit() {
    char folder[] = "/tmp/udpchat-unit.XXXXXX";
    if (::mkdtemp(folder) == nullptr) throw std::runtime_error("mkdtemp failed");
    folder_ = folder;
    std::string text = unit_text();
    const std::string installed = "/usr/bin/udpchat-server";
    const auto at = text.find(installed);
    if (at != std::string::npos) text.replace(at, installed.size(), bin_path("udpchat-server"));
    std::ofstream{path()} << text;
  }
  ~built_unit() { std::filesystem::remove_all(folder_); }
  built_unit(const built_unit&) = delete;
  built_unit& operator=(const built_unit&) = delete;
  std::string path() const { return folder_ + "/udpchat-server.service"; }

 private:
  std::string folder_;
};

TEST(SystemdUnit, RunsTheInstalledHubQuietlyWithNoConsole) {
  const std::string text = unit_text();
  EXPECT_NE(text.find("\nExecStart=/usr/bin/udpchat-server --quiet"), std::string::npos);
  EXPECT_NE(text.find("\nStandardInput=null\n"), std::string::npos);
  EXPECT_NE(text.find("\nRestart=on-failure\n"), std::string::npos);
}

TEST(SystemdUnit, PassesSystemdAnalyzeVerify) {
  if (::access(analyze.c_str(), X_OK) != 0) GTEST_SKIP() << "no " << analyze;
  const built_unit unit;
  // --man=no: the man page is checked where it is installed, not here.
  child_process verify{analyze, {"verify", "--man=no", unit.path()}};
  EXPECT_EQ(verify.wait_exit(), 0);
  verify.drain();
  EXPECT_EQ(verify.all_stderr(), "");
}

TEST(SystemdUnit, KeepsAnExposureOfTwoOrLess) {
  if (::access(analyze.c_str(), X_OK) != 0) GTEST_SKIP() << "no " << analyze;
  const built_unit unit;
  // Exposure runs from 0 (locked down) to 10; the unit scores 1.3. --threshold is in tenths.
  child_process security{analyze, {"security", "--offline=true", "--threshold=20", "--no-pager", unit.path()}};
  EXPECT_EQ(security.wait_exit(), 0);
  security.drain();
  EXPECT_NE(security.all_stdout().find("Overall exposure level"), std::string::npos) << security.all_stdout();
}

}  // namespace
}  // namespace udpchat::testing
