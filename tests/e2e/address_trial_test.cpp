// SPDX-License-Identifier: GPL-3.0-or-later
// `--host localhost` as a stock Debian 12 resolves it: ::1 first, then 127.0.0.1, with the
// server listening on 127.0.0.1 alone. The terminal runs in a mount namespace of its own whose
// /etc/hosts the test writes (unshare(1), as root), so the machine's own file is never touched.
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "server_fixture.hpp"
#include "tcp_probe.hpp"
#include "tcp_server_fixture.hpp"

namespace udpchat::testing {
namespace {

// A hosts file listing ::1 before 127.0.0.1 for localhost, removed with this object.
class debian_hosts_file {
 public:
  debian_hosts_file() {
    char name[] = "/tmp/udpchat-hosts-XXXXXX";
    const int fd = ::mkstemp(name);
    if (fd >= 0) ::close(fd);
    path_ = name;
    std::ofstream{path_} << "::1\tlocalhost ip6-localhost ip6-loopback\n127.0.0.1\tlocalhost\n";
  }
  ~debian_hosts_file() { std::remove(path_.c_str()); }
  debian_hosts_file(const debian_hosts_file&) = delete;
  debian_hosts_file& operator=(const debian_hosts_file&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Whether this test may make a mount namespace (root, and unshare(1) installed).
bool can_make_mount_namespace() {
  child_process probe{"/usr/bin/unshare", {"-m", "true"}};
  return probe.wait_exit() == 0;
}

// udpchat started in a mount namespace where /etc/hosts is `hosts`.
std::unique_ptr<child_process> terminal_seeing(const debian_hosts_file& hosts, std::vector<std::string> arguments) {
  std::string command = "mount --bind " + hosts.path() + " /etc/hosts && exec " + bin_path("udpchat");
  for (const auto& argument : arguments) command += " " + argument;
  return std::make_unique<child_process>("/usr/bin/unshare", std::vector<std::string>{"-m", "sh", "-c", command});
}

std::string address_in_banner(child_process& terminal) {
  const auto banner = terminal.wait_for_stderr([](const std::string& line) { return line.find(" as ") != std::string::npos; });
  return banner ? banner->substr(banner->find(" as ") + 4, banner->find(';') - banner->find(" as ") - 4) : "";
}

TEST(AddressTrialTest, LocalhostReachesAHubListeningOnIpv4Only) {
  if (!can_make_mount_namespace()) GTEST_SKIP() << "needs root and unshare(1) for a mount namespace";
  running_hub hub;  // on 127.0.0.1 only
  auto other = joined_probe(hub);
  const debian_hosts_file hosts;
  auto terminal = terminal_seeing(hosts, {"--host", "localhost", "--port", std::to_string(hub.port)});
  terminal->write_stdin("said to localhost\n");
  const auto relayed = other->receive_matching([](const std::string& d) { return !d.starts_with("hub____"); });
  ASSERT_TRUE(relayed.has_value());
  EXPECT_TRUE(relayed->starts_with("127.0.0.1:")) << *relayed;
  EXPECT_TRUE(relayed->ends_with("____said to localhost")) << *relayed;
  EXPECT_TRUE(terminal->wait_for_stdout(
      [](const std::string& line) { return line.starts_with("*** chatting through 127.0.0.1:"); }));
  terminal->close_stdin();
  EXPECT_EQ(terminal->wait_exit(), 0);
}

TEST(AddressTrialTest, LocalhostReachesARoomListeningOnIpv4Only) {
  if (!can_make_mount_namespace()) GTEST_SKIP() << "needs root and unshare(1) for a mount namespace";
  running_room room;  // on 127.0.0.1 only
  auto other = std::make_unique<tcp_probe>(room.port);
  ASSERT_TRUE(other->read_line().has_value());  // its welcome
  const debian_hosts_file hosts;
  auto terminal = terminal_seeing(hosts, {"--tcp", "--host", "localhost", "--port", std::to_string(room.port)});
  const std::string address = address_in_banner(*terminal);
  EXPECT_TRUE(address.starts_with("127.0.0.1:")) << address << terminal->all_stderr();
  terminal->write_stdin("said to localhost\n");
  EXPECT_EQ(other->read_line_matching([](const std::string& line) { return !line.starts_with("hub____"); }),
            address + "____said to localhost");
  terminal->close_stdin();
  EXPECT_EQ(terminal->wait_exit(), 0);
}

}  // namespace
}  // namespace udpchat::testing
