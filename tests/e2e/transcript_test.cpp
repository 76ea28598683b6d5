// SPDX-License-Identifier: GPL-3.0-or-later
// --transcript FILE of the hub and the room: every message relayed, a line each with its time;
// a new file after the old one was moved away and SIGHUP sent; a path that cannot be written
// refused at start; a write that fails later logged once while the server goes on serving.
#include <signal.h>
#include <sys/stat.h>

#include <cstdio>
#include <fstream>
#include <regex>

#include "external_program.hpp"
#include "server_fixture.hpp"
#include "tcp_probe.hpp"

namespace udpchat::testing {
namespace {

std::vector<std::string> lines_of(const std::string& path) {
  std::ifstream file{path};
  std::vector<std::string> lines;
  for (std::string line; std::getline(file, line);) lines.push_back(line);
  return lines;
}

// The lines of a transcript with their times checked and taken off.
std::vector<std::string> messages_in(const std::string& path) {
  static const std::regex timed{R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ (.*)$)"};
  std::vector<std::string> messages;
  for (const auto& line : lines_of(path)) {
    std::smatch parts;
    EXPECT_TRUE(std::regex_match(line, parts, timed)) << line;
    messages.push_back(parts[1].str());
  }
  return messages;
}

unsigned permissions_of(const std::string& path) {
  struct stat status{};
  EXPECT_EQ(::stat(path.c_str(), &status), 0) << path;
  return status.st_mode & 0777U;
}

std::size_t occurrences(const std::string& text, const std::string& part) {
  std::size_t count = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
  return count;
}

class fresh_path {
 public:
  explicit fresh_path(const std::string& name) : path{temporary_path(name)} { std::remove(path.c_str()); }
  ~fresh_path() {
    std::remove(path.c_str());
    std::remove((path + ".1").c_str());
  }
  const std::string path;
};

TEST(HubTranscriptTest, HoldsEveryMessageWithItsTimeAndIsRotatedBySighup) {
  const fresh_path transcript{"hub-transcript.log"};
  running_hub hub{on_loopback({"--transcript", transcript.path})};
  auto speaker = joined_probe(hub);
  auto listener = joined_probe(hub);
  for (const char* text : {"one", "two"}) {
    speaker->send_to(hub.port, text);
    // The hub writes the line before it sends the message on.
    EXPECT_EQ(listener->receive(), speaker->address() + "____" + text);
  }
  const std::string from = speaker->address() + "____";
  EXPECT_EQ(messages_in(transcript.path), (std::vector<std::string>{from + "one", from + "two"}));
  EXPECT_EQ(permissions_of(transcript.path), 0600U);

  ASSERT_EQ(std::rename(transcript.path.c_str(), (transcript.path + ".1").c_str()), 0);
  hub.process.send_signal(SIGHUP);
  ASSERT_TRUE(hub.logs("transcript: reopened " + transcript.path));
  speaker->send_to(hub.port, "three");
  EXPECT_EQ(listener->receive(), from + "three");
  EXPECT_EQ(messages_in(transcript.path), (std::vector<std::string>{from + "three"}));
  EXPECT_EQ(messages_in(transcript.path + ".1"), (std::vector<std::string>{from + "one", from + "two"}));
  EXPECT_EQ(permissions_of(transcript.path), 0600U);
  // Still the same hub, serving: SIGHUP did not close it.
  EXPECT_EQ(hub.process.all_stdout().find("closing"), std::string::npos);
}

TEST(RoomTranscriptTest, HoldsEveryMessageWithItsTimeAndIsRotatedBySighup) {
  const fresh_path transcript{"room-transcript.log"};
  running_server room{"udpchat-room", on_loopback({"--transcript", transcript.path})};
  tcp_probe speaker{room.port};
  ASSERT_TRUE(speaker.read_line());
  tcp_probe listener{room.port};
  ASSERT_TRUE(listener.read_line());
  ASSERT_TRUE(room.saw_join(listener.address()));
  const std::string from = speaker.address() + "____";
  speaker.send("one\n");
  EXPECT_EQ(listener.read_line(), from + "one");
  EXPECT_EQ(messages_in(transcript.path), (std::vector<std::string>{from + "one"}));
  EXPECT_EQ(permissions_of(transcript.path), 0600U);

  ASSERT_EQ(std::rename(transcript.path.c_str(), (transcript.path + ".1").c_str()), 0);
  room.process.send_signal(SIGHUP);
  ASSERT_TRUE(room.logs("transcript: reopened " + transcript.path));
  speaker.send("two\n");
  EXPECT_EQ(listener.read_line(), from + "two");
  EXPECT_EQ(messages_in(transcript.path), (std::vector<std::string>{from + "two"}));
  EXPECT_EQ(messages_in(transcript.path + ".1"), (std::vector<std::string>{from + "one"}));
}

TEST(TranscriptTest, APathThatCannotBeWrittenStopsTheStart) {
  for (const char* program : {"udpchat-server", "udpchat-room"}) {
    const auto run = run_program(bin_path(program), {"--host", "127.0.0.1", "--port", "0", "--transcript",
                                                     "/nonexistent-udpchat-dir/transcript.log"},
                                 {}, std::chrono::milliseconds{5000});
    EXPECT_EQ(run.exit_status, 1) << program;
    EXPECT_EQ(run.stderr_text, std::string{program} +
                                   ": cannot write the transcript to /nonexistent-udpchat-dir/transcript.log: "
                                   "No such file or directory\n");
    EXPECT_TRUE(run.stdout_lines.empty()) << program;  // it never listened
  }
}

TEST(TranscriptTest, AFailingWriteIsLoggedOnceAndTheHubGoesOnServing) {
  // /dev/full opens, and every write to it fails with ENOSPC: a disk that filled up.
  running_hub hub{on_loopback({"--transcript", "/dev/full"})};
  auto speaker = joined_probe(hub);
  auto listener = joined_probe(hub);
  for (const char* text : {"one", "two", "three"}) {
    speaker->send_to(hub.port, text);
    EXPECT_EQ(listener->receive(), speaker->address() + "____" + text);
  }
  ASSERT_TRUE(hub.logs(speaker->address() + " said: three"));
  EXPECT_EQ(occurrences(hub.process.all_stdout(), "transcript: cannot write to /dev/full: No space left on device"),
            1U)
      << hub.process.all_stdout();
}

TEST(TranscriptTest, AFailingWriteIsLoggedOnceAndTheRoomGoesOnServing) {
  running_server room{"udpchat-room", on_loopback({"--transcript", "/dev/full"})};
  tcp_probe speaker{room.port};
  ASSERT_TRUE(speaker.read_line());
  tcp_probe listener{room.port};
  ASSERT_TRUE(listener.read_line());
  ASSERT_TRUE(room.saw_join(listener.address()));
  speaker.send("one\ntwo\n");
  EXPECT_EQ(listener.read_line(), speaker.address() + "____one");
  EXPECT_EQ(listener.read_line(), speaker.address() + "____two");
  ASSERT_TRUE(room.logs(speaker.address() + " said: two"));
  EXPECT_EQ(occurrences(room.process.all_stdout(), "transcript: cannot write to /dev/full"), 1U)
      << room.process.all_stdout();
}

}  // namespace
}  // namespace udpchat::testing
