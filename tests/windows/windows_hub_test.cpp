// SPDX-License-Identifier: GPL-3.0-or-later
// udpchat-server.exe, the cross-built Windows hub, under Wine, with Linux udpchat terminals and
// the stand-in for the original Python terminal as its members: a teacher whose own PC runs
// Windows.
#include <signal.h>

#include "seed_terminal.hpp"
#include "wine_programs.hpp"

namespace udpchat::testing {
namespace {

auto equal_to(std::string wanted) {
  return [wanted = std::move(wanted)](const std::string& line) { return line == wanted; };
}

// After a failure: what the hub said, to the end (Wine's report of a crash among it).
void show_output_if_failed(windows_hub& hub) {
  if (!::testing::Test::HasFailure()) return;
  hub.process.send_signal(SIGTERM);
  hub.process.wait_exit();
  ADD_FAILURE() << "the hub's output:\n" << hub.process.all_stdout() << hub.process.all_stderr();
}

TEST(WindowsHubTest, RelaysBetweenLinuxAndSeedTerminalsAndAnnouncesDepartures) {
  windows_hub hub;
  ASSERT_NE(hub.port, 0) << hub.process.all_stdout() << hub.process.all_stderr();
  running_terminal a{hub};
  running_terminal b{hub};
  seed_terminal seed{hub};
  ASSERT_FALSE(seed.address.empty()) << seed.process.all_stderr();
  seed.process.write_stdin("hi from the seed\n");  // the seed terminal joins by speaking
  EXPECT_EQ(a.shows("hi from the seed"), seed.address + ": hi from the seed");
  EXPECT_EQ(b.shows("hi from the seed"), seed.address + ": hi from the seed");
  a.process.write_stdin("hi from linux\n");
  EXPECT_EQ(b.shows("hi from linux"), a.address + ": hi from linux");
  EXPECT_TRUE(seed.process.wait_for_stdout(equal_to(a.address + " sent hi from linux"))) << seed.process.all_stdout();
  a.process.write_stdin("quit\n");
  EXPECT_EQ(a.process.wait_exit(), 0);
  EXPECT_EQ(b.shows(" left"), "*** " + a.address + " left");
  EXPECT_TRUE(seed.process.wait_for_stdout(equal_to(a.address + " went offline"))) << seed.process.all_stdout();
  // Its console reads the pipe: quit tells every member and ends it.
  hub.process.write_stdin("quit\n");
  EXPECT_TRUE(b.shows("*** hub is closing"));
  EXPECT_EQ(hub.process.wait_exit(std::chrono::seconds{10}), 0);
  show_output_if_failed(hub);
}

// A member gone without quit (its program killed, its laptop closed): the hub relays to its port
// until the idle timeout, and each relay draws an ICMP "port unreachable". Windows reports that
// on the hub's socket as WSAECONNRESET from its next receive; the hub must go on relaying.
TEST(WindowsHubTest, MemberThatVanishedWithoutQuitDoesNotStopTheOthers) {
  windows_hub hub;
  ASSERT_NE(hub.port, 0) << hub.process.all_stdout() << hub.process.all_stderr();
  running_terminal a{hub};
  seed_terminal seed{hub};
  ASSERT_FALSE(seed.address.empty()) << seed.process.all_stderr();
  seed.process.write_stdin("seed here\n");
  ASSERT_EQ(a.shows("seed here"), seed.address + ": seed here");
  {
    auto vanishing = joined_probe(hub);
    vanishing->send_to(hub.port, "about to vanish");
    EXPECT_EQ(a.shows("about to vanish"), vanishing->address() + ": about to vanish");
  }  // its socket is closed: nothing listens on its port any more
  for (int round = 1; round <= 5; ++round) {
    const std::string from_linux = "from linux " + std::to_string(round);
    a.process.write_stdin(from_linux + "\n");
    EXPECT_TRUE(seed.process.wait_for_stdout(equal_to(a.address + " sent " + from_linux)))
        << seed.process.all_stdout();
    const std::string from_seed = "from the seed " + std::to_string(round);
    seed.process.write_stdin(from_seed + "\n");
    EXPECT_EQ(a.shows(from_seed), seed.address + ": " + from_seed);
  }
  // And it still lets a newcomer in.
  auto newcomer = joined_probe(hub);
  a.process.write_stdin("welcome, newcomer\n");
  EXPECT_EQ(newcomer->receive_matching([](const std::string& d) { return d.ends_with("welcome, newcomer"); }),
            a.address + "____welcome, newcomer");
  show_output_if_failed(hub);
}

}  // namespace
}  // namespace udpchat::testing
