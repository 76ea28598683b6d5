// SPDX-License-Identifier: GPL-3.0-or-later
// Link-local members on two links: network namespaces the test makes itself, a hub in one,
// joined over a veth link from each of two others, where both members hold the same address,
// fe80::1. Needs root and iproute2; skipped without them.
#include <arpa/inet.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <optional>
#include <thread>

#include "external_program.hpp"
#include "network_namespace.hpp"
#include "server_fixture.hpp"

namespace udpchat::testing {
namespace {

// The hub's namespace with a veth link to each member's namespace; all removed with the object.
struct two_links {
  two_links() : suffix{std::to_string(::getpid())}, hub{"udpchat-hub-" + suffix} {
    ok = ip({"netns", "add", hub}) && ip({"netns", "add", member[0]}) && ip({"netns", "add", member[1]}) &&
         ip({"-n", hub, "link", "set", "lo", "up"});
    for (std::size_t i = 0; ok && i < 2; ++i) {
      const std::string hub_end = "hub" + std::to_string(i);
      ok = ip({"-n", hub, "link", "add", hub_end, "type", "veth", "peer", "name", "member", "netns", member[i]}) &&
           ip({"-n", hub, "addr", "add", "fe80::100/64", "dev", hub_end, "nodad"}) &&
           ip({"-n", member[i], "addr", "add", "fe80::1/64", "dev", "member", "nodad"}) &&
           ip({"-n", hub, "link", "set", hub_end, "up"}) && ip({"-n", member[i], "link", "set", "member", "up"});
    }
  }
  ~two_links() {
    for (const auto& name : {hub, member[0], member[1]}) ip({"netns", "del", name});
  }
  two_links(const two_links&) = delete;
  two_links& operator=(const two_links&) = delete;

  bool ip(const std::vector<std::string>& arguments) const {
    return ip_path && run_program(*ip_path, arguments).exit_status == 0;
  }

  std::optional<std::string> ip_path = program_on_path("ip");
  std::string suffix;
  std::string hub;
  std::array<std::string, 2> member{"udpchat-m0-" + suffix, "udpchat-m1-" + suffix};
  bool ok = false;
};

// A UDP socket made in namespace `netns`, bound to fe80::1 on its link "member". The socket
// stays in that namespace whichever thread uses it.
class link_local_member {
 public:
  explicit link_local_member(const std::string& netns) {
    in_network_namespace(netns, [&] {
      scope_ = ::if_nametoindex("member");
      fd_ = ::socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
      const sockaddr_in6 local = at("fe80::1", 0);
      if (::bind(fd_, reinterpret_cast<const sockaddr*>(&local), sizeof local) != 0) {
        ::close(fd_);
        fd_ = -1;
      }
    });
  }
  ~link_local_member() {
    if (fd_ >= 0) ::close(fd_);
  }
  link_local_member(const link_local_member&) = delete;
  link_local_member& operator=(const link_local_member&) = delete;

  bool ready() const { return fd_ >= 0; }
  // Sends `datagram` to the hub at fe80::100 on this member's link.
  bool send_to_hub(unsigned short port, std::string_view datagram) const {
    const sockaddr_in6 hub = at("fe80::100", port);
    return ::sendto(fd_, datagram.data(), datagram.size(), 0, reinterpret_cast<const sockaddr*>(&hub), sizeof hub) ==
           static_cast<ssize_t>(datagram.size());
  }
  std::optional<std::string> receive(std::chrono::milliseconds deadline = std::chrono::milliseconds{5000}) const {
    pollfd ready{fd_, POLLIN, 0};
    if (::poll(&ready, 1, static_cast<int>(deadline.count())) != 1) return std::nullopt;
    std::array<char, 65536> buffer{};
    const ssize_t got = ::recv(fd_, buffer.data(), buffer.size(), 0);
    if (got < 0) return std::nullopt;
    return std::string{buffer.data(), static_cast<std::size_t>(got)};
  }

 private:
  sockaddr_in6 at(const char* address, unsigned short port) const {
    sockaddr_in6 end{};
    end.sin6_family = AF_INET6;
    end.sin6_port = htons(port);
    ::inet_pton(AF_INET6, address, &end.sin6_addr);
    end.sin6_scope_id = scope_;
    return end;
  }

  int fd_ = -1;
  unsigned scope_ = 0;
};

TEST(UdpLinkLocalTest, SameLinkLocalAddressOnTwoLinksIsTwoSources) {
  const auto ip_path = program_on_path("ip");
  if (::geteuid() != 0 || !ip_path) GTEST_SKIP() << "needs root and iproute2 for network namespaces";
  const two_links links;
  ASSERT_TRUE(links.ok) << "cannot make the namespaces and links";
  // One member per source address: the second fe80::1, on the other link, is a source of its own.
  child_process hub{*ip_path, {"netns", "exec", links.hub, bin_path("udpchat-server"), "--port", "0", "--max-per-ip", "1"}};
  const auto listening =
      hub.wait_for_stdout([](const std::string& line) { return line.find("listening on ") != std::string::npos; });
  ASSERT_TRUE(listening);
  const unsigned short port = port_from_listening_line(*listening).value_or(0);
  const link_local_member first{links.member[0]};
  const link_local_member second{links.member[1]};
  ASSERT_TRUE(first.ready() && second.ready());
  // The links may take a moment to come up: a join is repeated until the welcome comes.
  std::optional<std::string> welcome;
  for (int tries = 0; tries < 20 && !welcome; ++tries) {
    ASSERT_TRUE(first.send_to_hub(port, ""));
    welcome = first.receive(std::chrono::milliseconds{250});
  }
  ASSERT_TRUE(welcome);
  EXPECT_TRUE(welcome->starts_with("hub____welcome, you are [fe80::1%hub0]:")) << *welcome;
  ASSERT_TRUE(second.send_to_hub(port, ""));
  const auto answer = second.receive();
  ASSERT_TRUE(answer);
  EXPECT_TRUE(answer->starts_with("hub____welcome, you are [fe80::1%hub1]:")) << *answer;
  // The two are members alike: one's message reaches the other over its own link.
  ASSERT_TRUE(second.send_to_hub(port, "across links"));
  const auto relayed = first.receive();
  ASSERT_TRUE(relayed);
  EXPECT_TRUE(relayed->starts_with("[fe80::1%hub1]:")) << *relayed;
  EXPECT_TRUE(relayed->ends_with("____across links")) << *relayed;
  hub.send_signal(SIGTERM);
  EXPECT_EQ(hub.wait_exit(), 0);
}

}  // namespace
}  // namespace udpchat::testing
