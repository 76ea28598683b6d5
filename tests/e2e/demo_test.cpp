// SPDX-License-Identifier: GPL-3.0-or-later
// scripts/demo.sh runs the scripted chat with the programs just built, shows each terminal's view
// of it, and ends in time with status 0.
#include <gtest/gtest.h>

#include <chrono>

#include "child_process.hpp"

namespace udpchat::testing {
namespace {

// The part of the demo's output that shows what `who` saw: from their heading to the next one.
std::string view_of(const std::string& output, const std::string& who) {
  const auto start = output.find("--- what " + who + " ");
  if (start == std::string::npos) return {};
  const auto end = output.find("\n---", start + 1);
  return output.substr(start, end == std::string::npos ? end : end - start);
}

TEST(Demo, ShowsEachTerminalTheOthersAndExits0) {
  const auto started = std::chrono::steady_clock::now();
  const std::string server = bin_path("udpchat-server");
  child_process demo{"/bin/bash", {UDPCHAT_DEMO_SCRIPT, server.substr(0, server.rfind('/'))}};
  EXPECT_EQ(demo.wait_exit(std::chrono::seconds{20}), 0) << demo.all_stderr();
  demo.drain();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds{15});
  const std::string output = demo.all_stdout();

  const std::string alice = view_of(output, "alice");
  const std::string bob = view_of(output, "bob");
  const std::string carol = view_of(output, "carol");
  // What each typed is marked '>'; what the others said arrives as "<sender>: <text>".
  EXPECT_NE(alice.find("\n> hi all, alice here\n"), std::string::npos) << output;
  EXPECT_NE(alice.find(": hello alice, bob here\n"), std::string::npos) << output;
  EXPECT_NE(alice.find(": carol too; hi both\n"), std::string::npos) << output;
  EXPECT_NE(bob.find(": hi all, alice here\n"), std::string::npos) << output;
  EXPECT_NE(bob.find(": I am off, see you\n"), std::string::npos) << output;
  EXPECT_NE(bob.find(": bye bob\n"), std::string::npos) << output;
  EXPECT_NE(carol.find(": each line you type is one UDP datagram to the hub\n"), std::string::npos) << output;
  EXPECT_NE(carol.find(": and the hub relays it to every other member\n"), std::string::npos) << output;
  // Carol leaves first, and the others see her go.
  EXPECT_NE(alice.find(" left\n"), std::string::npos) << output;
  EXPECT_NE(bob.find(" left\n"), std::string::npos) << output;
  // Nobody is shown their own lines back.
  EXPECT_EQ(alice.find(": hi all, alice here"), std::string::npos) << output;
  EXPECT_NE(output.find("--- the hub's log ---"), std::string::npos) << output;
}

}  // namespace
}  // namespace udpchat::testing
