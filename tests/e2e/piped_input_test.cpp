// SPDX-License-Identifier: GPL-3.0-or-later
// Scripts driving udpchat: piped lines past the hub's rate limit are paced, not dropped, and a
// --name is in place before the first piped line. Over UDP (a hub) and TCP (a room).
#include <string>

#include "server_fixture.hpp"
#include "tcp_probe.hpp"
#include "tcp_server_fixture.hpp"

namespace udpchat::testing {
namespace {

std::string hundred_lines() {
  std::string lines;
  for (int i = 1; i <= 100; ++i) lines += "line " + std::to_string(i) + "\n";
  return lines;
}

// The hub takes 20 a second from one member, bursts of 60 (its defaults), and its welcome says
// so: a hundred lines piped in at once all arrive, in order, and the terminal exits 0.
TEST(PipedInputTest, HundredPipedLinesAllArriveThroughAHub) {
  running_hub hub;
  auto other = joined_probe(hub);
  running_terminal script{hub};
  script.process.write_stdin(hundred_lines());
  script.process.close_stdin();
  for (int i = 1; i <= 100; ++i) {
    ASSERT_EQ(other->receive_matching(is_member_message), script.address + "____line " + std::to_string(i));
  }
  EXPECT_EQ(script.process.wait_exit(std::chrono::seconds{10}), 0) << script.process.all_stderr();
  EXPECT_TRUE(script.process.all_stderr().find("not delivered") == std::string::npos);
}

TEST(PipedInputTest, HundredPipedLinesAllArriveThroughARoom) {
  running_room room;
  auto other = joined_member(room);
  running_terminal script{room, {"--tcp"}};
  script.process.write_stdin(hundred_lines());
  script.process.close_stdin();
  for (int i = 1; i <= 100; ++i) {
    ASSERT_EQ(other->read_line_matching(is_member_message), script.address + "____line " + std::to_string(i));
  }
  EXPECT_EQ(script.process.wait_exit(std::chrono::seconds{10}), 0) << script.process.all_stderr();
}

// The lines are in the pipe before the terminal has even started: the first must already carry
// the name.
TEST(PipedInputTest, NameIsInPlaceBeforeTheFirstPipedLineThroughAHub) {
  running_hub hub;
  auto other = joined_probe(hub);
  child_process script{bin_path("udpchat"), {"--host", "127.0.0.1", "--port", std::to_string(hub.port), "--name", "alice"}};
  script.write_stdin("first words\n");
  script.close_stdin();
  const auto first = other->receive_matching(is_member_message);
  ASSERT_TRUE(first.has_value());
  EXPECT_TRUE(first->starts_with("alice (127.0.0.1:")) << *first;
  EXPECT_TRUE(first->ends_with(")____first words")) << *first;
  EXPECT_EQ(script.wait_exit(), 0);
}

TEST(PipedInputTest, NameIsInPlaceBeforeTheFirstPipedLineThroughARoom) {
  running_room room;
  auto other = joined_member(room);
  child_process script{bin_path("udpchat"), {"--tcp", "--host", "127.0.0.1", "--port", std::to_string(room.port), "--name", "alice"}};
  script.write_stdin("first words\n");
  script.close_stdin();
  const auto first = other->read_line_matching(is_member_message);
  ASSERT_TRUE(first.has_value());
  EXPECT_TRUE(first->starts_with("alice (127.0.0.1:")) << *first;
  EXPECT_TRUE(first->ends_with(")____first words")) << *first;
  EXPECT_EQ(script.wait_exit(), 0);
}

}  // namespace
}  // namespace udpchat::testing
