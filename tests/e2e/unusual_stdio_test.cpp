// SPDX-License-Identifier: GPL-3.0-or-later
// udpchat started with unusual standard descriptors: one socket for stdin and stdout (socat
// EXEC:, ncat --exec, inetd), and descriptors closed at start.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <fstream>
#include <optional>
#include <thread>

#include "deadline.hpp"
#include "server_fixture.hpp"

namespace udpchat::testing {
namespace {

using clock = std::chrono::steady_clock;

// A program started with exactly the standard descriptors given: each is dup2()ed into place, or
// closed when -1. The destructor kills it if it is still running.
class started_with {
 public:
  started_with(const std::string& path, const std::vector<std::string>& arguments, std::array<int, 3> fds) {
    std::vector<std::string> words{path};
    words.insert(words.end(), arguments.begin(), arguments.end());
    pid_ = ::fork();
    if (pid_ == 0) {
      for (int fd = 0; fd < 3; ++fd) {
        if (fds[static_cast<std::size_t>(fd)] < 0) {
          ::close(fd);
        } else {
          ::dup2(fds[static_cast<std::size_t>(fd)], fd);
        }
      }
      std::vector<char*> argv;
      for (auto& word : words) argv.push_back(word.data());
      argv.push_back(nullptr);
      ::execv(path.c_str(), argv.data());
      ::_exit(127);
    }
  }
  ~started_with() {
    if (!exit_status_ && pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  started_with(const started_with&) = delete;
  started_with& operator=(const started_with&) = delete;

  pid_t pid() const { return pid_; }

  std::optional<int> wait_exit(std::chrono::milliseconds deadline = std::chrono::milliseconds{5000}) {
    const auto until = clock::now() + deadline;
    while (!exit_status_) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        break;
      }
      if (clock::now() >= until) return std::nullopt;
      std::this_thread::sleep_for(std::chrono::milliseconds{10});
    }
    return exit_status_;
  }

 private:
  pid_t pid_ = -1;
  std::optional<int> exit_status_;
};

struct descriptor {
  explicit descriptor(int value) : fd{value} {}
  ~descriptor() {
    if (fd >= 0) ::close(fd);
  }
  descriptor(const descriptor&) = delete;
  descriptor& operator=(const descriptor&) = delete;
  void close() {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
  int fd;
};

descriptor dev_null() { return descriptor{::open("/dev/null", O_RDWR | O_CLOEXEC)}; }

// Everything the socket gives until it holds `count` lines holding `text`, within the deadline.
std::string read_until_lines(int fd, const std::string& text, int count, std::chrono::milliseconds deadline) {
  const auto until = clock::now() + deadline;
  std::string got;
  int seen = 0;
  std::size_t counted_to = 0;
  while (seen < count) {
    pollfd readable{fd, POLLIN, 0};
    if (::poll(&readable, 1, static_cast<int>(left_until(until).count())) <= 0) break;
    std::array<char, 4096> chunk{};
    const ssize_t size = ::read(fd, chunk.data(), chunk.size());
    if (size <= 0) break;
    got.append(chunk.data(), static_cast<std::size_t>(size));
    for (auto at = got.find(text, counted_to); at != std::string::npos; at = got.find(text, counted_to)) {
      ++seen;
      counted_to = at + text.size();
    }
  }
  return got;
}

constexpr int flood_lines = 40;
const std::string flood_padding(1000, 'p');

// Floods the terminal joined to `hub` with more lines than its stdout (read from `shown_fd`)
// holds, and reads them only once that is full: the terminal must wait for us, and show all.
void expect_every_line_after_a_stall(running_hub& hub, udp_probe& other, int shown_fd) {
  for (int i = 0; i < flood_lines; ++i) other.send_to(hub.port, "line " + flood_padding);
  const auto until = clock::now() + std::chrono::milliseconds{5000};
  int queued = 0;
  while (::ioctl(shown_fd, FIONREAD, &queued) == 0 && queued < 2000 && clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds{10});
  }
  ASSERT_GE(queued, 2000);
  const std::string shown = read_until_lines(shown_fd, "line " + flood_padding, flood_lines, std::chrono::milliseconds{5000});
  std::size_t count = 0;
  for (auto at = shown.find("line p"); at != std::string::npos; at = shown.find("line p", at + 1)) ++count;
  EXPECT_EQ(count, static_cast<std::size_t>(flood_lines));
}

// Still a member: what is typed now is relayed, and no departure came before it.
void expect_still_chatting(udp_probe& other, int input_fd) {
  // A terminal that has quit must fail the test, not end it with SIGPIPE.
  ::signal(SIGPIPE, SIG_IGN);
  const std::string typed = "typed after the flood\n";
  ASSERT_EQ(::write(input_fd, typed.data(), typed.size()), static_cast<ssize_t>(typed.size()));
  const auto relayed = other.receive_matching(
      [](const std::string& d) { return d.ends_with("____typed after the flood") || is_departure(d); });
  ASSERT_TRUE(relayed);
  EXPECT_TRUE(relayed->ends_with("____typed after the flood")) << *relayed;
}

TEST(UnusualStdioTest, OneSocketForStdinAndStdoutWaitsForASlowReader) {
  running_hub hub{on_loopback({"--rate-limit", "0"})};
  auto other = joined_probe(hub);
  int pair[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), 0);
  descriptor ours{pair[0]};
  descriptor theirs{pair[1]};
  // A small buffer, so the flood is more than the socket holds until we read.
  const int small = 4096;
  ASSERT_EQ(::setsockopt(theirs.fd, SOL_SOCKET, SO_SNDBUF, &small, sizeof small), 0);
  auto null = dev_null();
  started_with person{bin_path("udpchat"), {"--host", "127.0.0.1", "--port", std::to_string(hub.port)}, {theirs.fd, theirs.fd, null.fd}};
  theirs.close();
  ASSERT_TRUE(hub.logs(" joined, 2 members"));

  expect_every_line_after_a_stall(hub, *other, ours.fd);
  expect_still_chatting(*other, ours.fd);
  ::shutdown(ours.fd, SHUT_WR);
  EXPECT_TRUE(other->receive_matching(is_departure));
  EXPECT_EQ(person.wait_exit(), 0);
}

TEST(UnusualStdioTest, ANonBlockingStdoutPipeWaitsForASlowReader) {
  // Whoever started us may have made its pipe non-blocking; a full pipe is then EAGAIN, which
  // means "later", not "the reader has gone".
  running_hub hub{on_loopback({"--rate-limit", "0"})};
  auto other = joined_probe(hub);
  int input[2];
  int output[2];
  ASSERT_EQ(::pipe2(input, O_CLOEXEC), 0);
  ASSERT_EQ(::pipe2(output, O_CLOEXEC | O_NONBLOCK), 0);
  descriptor input_read{input[0]};
  descriptor input_write{input[1]};
  descriptor output_read{output[0]};
  descriptor output_write{output[1]};
  ASSERT_GE(::fcntl(output_write.fd, F_SETPIPE_SZ, 4096), 0);
  auto null = dev_null();
  started_with person{bin_path("udpchat"), {"--host", "127.0.0.1", "--port", std::to_string(hub.port)},
                      {input_read.fd, output_write.fd, null.fd}};
  input_read.close();
  output_write.close();
  ASSERT_TRUE(hub.logs(" joined, 2 members"));

  expect_every_line_after_a_stall(hub, *other, output_read.fd);
  expect_still_chatting(*other, input_write.fd);
  input_write.close();
  EXPECT_TRUE(other->receive_matching(is_departure));
  EXPECT_EQ(person.wait_exit(), 0);
}

// The file status flags of `pid`'s descriptor `fd` (its description's), from /proc/PID/fdinfo.
std::optional<long> description_flags(pid_t pid, int fd) {
  std::ifstream info{"/proc/" + std::to_string(pid) + "/fdinfo/" + std::to_string(fd)};
  std::string field;
  while (info >> field) {
    if (field == "flags:") {
      std::string octal;
      info >> octal;
      return std::stol(octal, nullptr, 8);
    }
  }
  return std::nullopt;
}

TEST(UnusualStdioTest, AServerOnOneSocketLeavesItsModeAlone) {
  // udpchat-server under inetd or socat EXEC: its console and its log are one socket, which
  // whoever started it may also hold (stderr, too, here): its mode is not ours to change.
  int pair[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), 0);
  descriptor ours{pair[0]};
  descriptor theirs{pair[1]};
  started_with hub{bin_path("udpchat-server"), {"--host", "127.0.0.1", "--port", "0"}, {theirs.fd, theirs.fd, theirs.fd}};
  theirs.close();
  const std::string logged = read_until_lines(ours.fd, "listening on ", 1, std::chrono::milliseconds{5000});
  ASSERT_NE(logged.find("listening on "), std::string::npos) << logged;
  // Written by now, and the console is being read.
  const auto flags = description_flags(hub.pid(), STDOUT_FILENO);
  ASSERT_TRUE(flags);
  EXPECT_EQ(*flags & O_NONBLOCK, 0) << std::oct << *flags;

  const std::string quit = "quit\n";
  ASSERT_EQ(::write(ours.fd, quit.data(), quit.size()), static_cast<ssize_t>(quit.size()));
  EXPECT_EQ(hub.wait_exit(), 0);
}

TEST(UnusualStdioTest, ClosedStdoutIsNeverOneOfTheProgramsOwnDescriptors) {
  running_hub hub;
  auto other = joined_probe(hub);
  int input[2];
  ASSERT_EQ(::pipe2(input, O_CLOEXEC), 0);
  descriptor read_end{input[0]};
  descriptor write_end{input[1]};
  auto null = dev_null();
  started_with person{bin_path("udpchat"), {"--host", "127.0.0.1", "--port", std::to_string(hub.port)}, {read_end.fd, -1, null.fd}};
  read_end.close();
  ::signal(SIGPIPE, SIG_IGN);  // a terminal that has quit must fail the test, not end it
  ASSERT_TRUE(hub.logs(" joined, 2 members"));
  // Descriptor 1 is /dev/null, not the first thing the program opened (its event loop's).
  std::array<char, 256> target{};
  const std::string fd_link = "/proc/" + std::to_string(person.pid()) + "/fd/1";
  const ssize_t length = ::readlink(fd_link.c_str(), target.data(), target.size() - 1);
  EXPECT_EQ(std::string(target.data(), length > 0 ? static_cast<std::size_t>(length) : 0U), "/dev/null");
  // What it shows (the hub's welcome, this message) goes nowhere, and the chat goes on.
  other->send_to(hub.port, "can you see this?");
  const std::string typed = "typed with stdout closed\n";
  ASSERT_EQ(::write(write_end.fd, typed.data(), typed.size()), static_cast<ssize_t>(typed.size()));
  const auto relayed = other->receive_matching([](const std::string& d) { return !d.starts_with("hub____"); });
  ASSERT_TRUE(relayed);
  EXPECT_TRUE(relayed->ends_with("____typed with stdout closed")) << *relayed;

  write_end.close();
  EXPECT_TRUE(other->receive_matching(is_departure));
  EXPECT_EQ(person.wait_exit(), 0);
}

TEST(UnusualStdioTest, AFullStdoutEndsWithStatusOneButSendsWhatWasTypedFirst) {
  running_hub hub;
  auto other = joined_probe(hub);
  child_process person{"/bin/sh", {"-c", "exec \"$0\" --host 127.0.0.1 --port \"$1\" > /dev/full", bin_path("udpchat"),
                                   std::to_string(hub.port)}};
  person.write_stdin("first\nsecond\n");
  person.close_stdin();
  for (const std::string line : {"first", "second"}) {
    const auto relayed = other->receive_matching([](const std::string& d) { return !d.starts_with("hub____"); });
    ASSERT_TRUE(relayed) << line;
    EXPECT_TRUE(relayed->ends_with("____" + line)) << *relayed;
  }
  EXPECT_EQ(person.wait_exit(std::chrono::seconds{10}), 1);
  const std::string said = person.all_stderr();
  EXPECT_NE(said.find("standard output could not be written"), std::string::npos) << said;
  // Both reached the hub: neither may be reported lost, or a script would send it twice.
  EXPECT_EQ(said.find("not delivered"), std::string::npos) << said;
}

}  // namespace
}  // namespace udpchat::testing
