// SPDX-License-Identifier: GPL-3.0-or-later
// The servers' answers to discovery probes, through raw UDP sockets. Each test runs in a network
// namespace of its own (unshare(2), so port 8099 is the test's alone): loopback, and a veth pair
// with link-local addresses, 169.254.80.1 and fe80::1 on "server", 169.254.80.2 and fe80::2 on
// "prober", whose multicast goes out over the link. Needs root and iproute2.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "deadline.hpp"
#include "external_program.hpp"
#include "netns_udp_socket.hpp"
#include "server_fixture.hpp"
#include "udpchat/discovery_message.hpp"

namespace udpchat::testing {
namespace {

using std::chrono::milliseconds;

discovery_nonce random_nonce() {
  static std::mt19937_64 generator{std::random_device{}()};
  discovery_nonce nonce{};
  for (auto& byte : nonce) byte = static_cast<std::uint8_t>(generator());
  return nonce;
}

// A UDP socket of this namespace bound to `local` (port 0), whose multicast leaves through
// `interface_name` (by default, the interface of `local`'s IPv4 address) and which may send to a
// broadcast address: probes written by the codec, answers read by it.
class prober {
 public:
  explicit prober(const std::string& local, const std::string& interface_name = {})
      : socket_{{}, local, 0, interface_name} {}

  bool ok() const { return socket_.ready(); }
  bool send(const std::string& to, std::string_view datagram) const {
    return socket_.send_to(to, discovery_port, datagram);
  }
  // Sends a probe for `want` to `to` and returns its nonce.
  std::optional<discovery_nonce> probe(const std::string& to, wanted_kind want) const {
    const discovery_nonce nonce = random_nonce();
    if (!send(to, encode_probe({want, nonce}))) return std::nullopt;
    return nonce;
  }
  std::optional<std::string> receive(milliseconds deadline) const {
    auto datagram = socket_.receive(deadline);
    if (!datagram) return std::nullopt;
    return std::move(datagram->bytes);
  }
  // The next `count` datagrams, each decoded as an answer (nullopt for one that is not), within
  // the deadline; fewer if no more come.
  std::vector<std::optional<discovery_answer>> answers(std::size_t count, milliseconds deadline = milliseconds{5000}) const {
    return answers_to({}, count, deadline);
  }
  // The same, passing over answers to probes of earlier tries: only those with one of `nonces`
  // (or, with none given, every datagram) are kept.
  std::vector<std::optional<discovery_answer>> answers_to(const std::vector<discovery_nonce>& nonces,
                                                          std::size_t count,
                                                          milliseconds deadline = milliseconds{5000}) const {
    std::vector<std::optional<discovery_answer>> got;
    const auto until = std::chrono::steady_clock::now() + deadline;
    while (got.size() < count) {
      const auto datagram = receive(left_until(until));
      if (!datagram) break;
      auto answer = decode_answer(*datagram);
      if (!nonces.empty() && answer && std::find(nonces.begin(), nonces.end(), answer->nonce) == nonces.end()) continue;
      got.push_back(std::move(answer));
    }
    return got;
  }

 private:
  netns_udp_socket socket_;
};

// A socket on port 8099 of the wildcard address of `family`, bound without SO_REUSEADDR (the
// IPv6 one IPv6-only), so that nobody else may bind the port while it is held; -1 if the bind
// fails.
int bind_8099_alone(int family) {
  const int fd = ::socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  int bound = -1;
  if (family == AF_INET6) {
    const int on = 1;
    ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on);
    sockaddr_in6 any{};
    any.sin6_family = AF_INET6;
    any.sin6_port = htons(discovery_port);
    bound = ::bind(fd, reinterpret_cast<const sockaddr*>(&any), sizeof any);
  } else {
    sockaddr_in any{};
    any.sin_family = AF_INET;
    any.sin_port = htons(discovery_port);
    bound = ::bind(fd, reinterpret_cast<const sockaddr*>(&any), sizeof any);
  }
  if (bound == 0) return fd;
  ::close(fd);
  return -1;
}

class DiscoveryResponderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(::geteuid(), 0u) << "needs root for a network namespace";
    ASSERT_TRUE(ip_path) << "needs iproute2 (ip)";
    // This process and the servers it starts, alone on a network of their own.
    ASSERT_EQ(::unshare(CLONE_NEWNET), 0) << std::strerror(errno);
    ASSERT_TRUE(ip({"link", "set", "lo", "up"}));
    ASSERT_TRUE(ip({"link", "add", "server", "type", "veth", "peer", "name", "prober"}));
    for (const char* end : {"server", "prober"}) ASSERT_TRUE(ip({"link", "set", end, "addrgenmode", "none"}));
    ASSERT_TRUE(ip({"addr", "add", "169.254.80.1/16", "dev", "server"}));
    ASSERT_TRUE(ip({"addr", "add", "169.254.80.2/16", "dev", "prober"}));
    ASSERT_TRUE(ip({"addr", "add", "fe80::1/64", "dev", "server", "nodad"}));
    ASSERT_TRUE(ip({"addr", "add", "fe80::2/64", "dev", "prober", "nodad"}));
    ASSERT_TRUE(ip({"link", "set", "server", "up"}));
    ASSERT_TRUE(ip({"link", "set", "prober", "up"}));
  }

  bool ip(const std::vector<std::string>& arguments) const {
    return run_program(*ip_path, arguments).exit_status == 0;
  }

  // A server of `program` on any free port, with --name `name` (the host's without one), which
  // must say it answers discovery.
  static std::unique_ptr<running_server> discovering(const std::string& program, const std::string& name,
                                                     std::vector<std::string> extra = {}) {
    extra.insert(extra.begin(), {"--port", "0"});
    if (!name.empty()) extra.insert(extra.end(), {"--name", name});
    auto server = std::make_unique<running_server>(program, std::move(extra));
    EXPECT_NE(server->port, 0) << program;
    EXPECT_TRUE(server->logs("answering discovery on port 8099 as \"" + name)) << program;
    return server;
  }

  // Probes for `want` from `from` to `to` until an answer comes: a link may take a moment to
  // carry multicast after it is up. Each try has a nonce of its own, so none is a duplicate.
  static std::optional<discovery_answer> first_answer(const prober& from, const std::string& to, wanted_kind want) {
    for (int tries = 0; tries < 20; ++tries) {
      const auto nonce = from.probe(to, want);
      if (!nonce) continue;
      const auto got = from.answers_to({*nonce}, 1, milliseconds{250});
      if (!got.empty() && got[0]) return got[0];
    }
    return std::nullopt;
  }

  std::optional<std::string> ip_path = program_on_path("ip");
};

TEST_F(DiscoveryResponderTest, AHubAnswersWithItsKindPortMembersAndName) {
  auto hub = discovering("udpchat-server", "Room 101");
  const prober local{"127.0.0.1"};
  ASSERT_TRUE(local.ok());
  const auto nonce = local.probe("127.0.0.1", wanted_kind::hub);
  ASSERT_TRUE(nonce);
  const auto datagram = local.receive(milliseconds{5000});
  ASSERT_TRUE(datagram);
  EXPECT_LE(datagram->size(), discovery_probe_min_bytes);
  const auto answer = decode_answer(*datagram);
  ASSERT_TRUE(answer) << *datagram;
  EXPECT_EQ(answer->nonce, *nonce);
  EXPECT_EQ(answer->kind, server_kind::hub);
  EXPECT_EQ(answer->port, hub->port);
  EXPECT_EQ(answer->members, 0u);
  EXPECT_EQ(answer->name, "Room 101");

  // A member joins: the next answer counts it, from the same instance.
  const auto member = joined_probe(*hub);
  const auto after = first_answer(local, "127.0.0.1", wanted_kind::any);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->members, 1u);
  EXPECT_EQ(after->instance, answer->instance);
}

TEST_F(DiscoveryResponderTest, AHubAnswersOverBothFamiliesByEveryWayAProbeComes) {
  auto hub = discovering("udpchat-server", "Lab");
  struct way {
    const char* from;
    const char* interface_name;
    const char* to;
  };
  // Unicast on loopback; the IPv4 group through lo alone (how a terminal finds a server on its own
  // host when nothing else is up); the groups and the broadcast address over the link.
  for (const way& each : {way{"127.0.0.1", "", "127.0.0.1"}, way{"::1", "", "::1"},
                          way{"127.0.0.1", "", "239.255.80.99"}, way{"169.254.80.2", "", "239.255.80.99"},
                          way{"fe80::2", "prober", "ff02::8099"}}) {
    const prober from{each.from, each.interface_name};
    ASSERT_TRUE(from.ok()) << each.from;
    const auto answer = first_answer(from, each.to, wanted_kind::hub);
    ASSERT_TRUE(answer) << each.from << " -> " << each.to;
    EXPECT_EQ(answer->name, "Lab");
    EXPECT_EQ(answer->port, hub->port);
  }
}

TEST_F(DiscoveryResponderTest, AServerOnOneAddressAnswersOnlyWhereThatAddressCanBeReached) {
  auto everywhere = discovering("udpchat-server", "Everywhere");
  auto loopback_only = discovering("udpchat-server", "Loopback", {"--host", "127.0.0.1"});
  // Over the link, the hub on every address answers (so the probe gets through), and the one on
  // 127.0.0.1, which nobody there could join, keeps quiet.
  const prober lan{"169.254.80.2"};
  ASSERT_TRUE(lan.ok());
  const auto first = first_answer(lan, "239.255.80.99", wanted_kind::hub);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->name, "Everywhere");
  const auto nonce = lan.probe("239.255.80.99", wanted_kind::hub);
  ASSERT_TRUE(nonce);
  const auto over_link = lan.answers_to({*nonce}, 2, milliseconds{1500});
  ASSERT_EQ(over_link.size(), 1u);
  ASSERT_TRUE(over_link[0]);
  EXPECT_EQ(over_link[0]->name, "Everywhere");
  // From this host both answer.
  const prober local{"127.0.0.1"};
  ASSERT_TRUE(local.ok());
  const auto local_nonce = local.probe("239.255.80.99", wanted_kind::hub);
  ASSERT_TRUE(local_nonce);
  std::vector<std::string> names;
  for (const auto& answer : local.answers_to({*local_nonce}, 2)) {
    if (answer) names.push_back(answer->name);
  }
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"Everywhere", "Loopback"}));
}

TEST_F(DiscoveryResponderTest, EachProbeIsAnsweredOnceWhateverWayItsCopiesCome) {
  auto hub = discovering("udpchat-server", "");
  const prober from{"169.254.80.2"};
  ASSERT_TRUE(from.ok());
  ASSERT_TRUE(first_answer(from, "239.255.80.99", wanted_kind::hub));
  // One probe, sent to the group, the broadcast address and the server's address, twice each.
  const discovery_nonce repeated = random_nonce();
  const std::string datagram = encode_probe({wanted_kind::hub, repeated});
  for (int round = 0; round < 2; ++round) {
    for (const char* to : {"239.255.80.99", "169.254.255.255", "169.254.80.1"}) ASSERT_TRUE(from.send(to, datagram));
  }
  // Then another: the first datagram back answers the repeated probe, the second this one.
  const auto last = from.probe("169.254.80.1", wanted_kind::hub);
  ASSERT_TRUE(last);
  const auto got = from.answers_to({repeated, *last}, 2);
  ASSERT_EQ(got.size(), 2u);
  ASSERT_TRUE(got[0] && got[1]);
  EXPECT_EQ(got[0]->nonce, repeated);
  EXPECT_EQ(got[1]->nonce, *last);
}

TEST_F(DiscoveryResponderTest, NoDiscoveryLeavesPort8099Alone) {
  running_server hub{"udpchat-server", {"--port", "0", "--no-discovery"}};
  ASSERT_NE(hub.port, 0);
  // The hub serves, and its log up to the join says nothing of discovery...
  const auto member = joined_probe(hub);
  EXPECT_EQ(hub.process.all_stdout().find("discovery"), std::string::npos) << hub.process.all_stdout();
  // ...and it holds no socket on 8099: the port can be bound without SO_REUSEADDR.
  for (const int family : {AF_INET, AF_INET6}) {
    const int held = bind_8099_alone(family);
    EXPECT_GE(held, 0) << (family == AF_INET ? "IPv4" : "IPv6") << ": " << std::strerror(errno);
    if (held >= 0) ::close(held);
  }
}

TEST_F(DiscoveryResponderTest, AServerThatCannotHavePort8099SaysSoAndServesOn) {
  // The port held on both families by a program that does not share it.
  const int v4 = bind_8099_alone(AF_INET);
  const int v6 = bind_8099_alone(AF_INET6);
  ASSERT_GE(v4, 0);
  ASSERT_GE(v6, 0);
  running_server hub{"udpchat-server", {"--port", "0"}};
  ASSERT_NE(hub.port, 0);
  EXPECT_TRUE(hub.logs("cannot answer discovery on port 8099: Address already in use; serving without discovery"));
  const auto member = joined_probe(hub);
  ::close(v4);
  ::close(v6);
}

TEST_F(DiscoveryResponderTest, TwoHubsOnOneHostBothAnswerAProbeToTheGroup) {
  auto first = discovering("udpchat-server", "first");
  auto second = discovering("udpchat-server", "second");
  const prober from{"169.254.80.2"};
  ASSERT_TRUE(from.ok());
  ASSERT_TRUE(first_answer(from, "239.255.80.99", wanted_kind::hub));
  const auto nonce = from.probe("239.255.80.99", wanted_kind::hub);
  ASSERT_TRUE(nonce);
  const auto got = from.answers_to({*nonce}, 2);
  ASSERT_EQ(got.size(), 2u);
  std::set<std::string> names;
  std::set<unsigned short> ports;
  for (const auto& answer : got) {
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->nonce, *nonce);
    names.insert(answer->name);
    ports.insert(answer->port);
  }
  EXPECT_EQ(names, (std::set<std::string>{"first", "second"}));
  EXPECT_EQ(ports, (std::set<unsigned short>{first->port, second->port}));
  EXPECT_NE(got[0]->instance, got[1]->instance);
}

TEST_F(DiscoveryResponderTest, TheRoomAndTheDeskAnswerTcpProbesAndNotHubProbes) {
  auto room = discovering("udpchat-room", "chat room");
  auto desk = discovering("udpchat-desk", "help desk");
  const prober from{"169.254.80.2"};
  ASSERT_TRUE(from.ok());
  ASSERT_TRUE(first_answer(from, "239.255.80.99", wanted_kind::tcp));
  // Each server handles its probes in order, so an answer to the hub probe would come before
  // its answer to the tcp probe.
  const auto hub_probe = from.probe("239.255.80.99", wanted_kind::hub);
  const auto tcp_probe = from.probe("239.255.80.99", wanted_kind::tcp);
  ASSERT_TRUE(hub_probe && tcp_probe);
  const auto got = from.answers_to({*hub_probe, *tcp_probe}, 2);
  ASSERT_EQ(got.size(), 2u);
  std::set<std::string> seen;
  for (const auto& answer : got) {
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->nonce, *tcp_probe);
    seen.insert(std::string{kind_text(answer->kind)} + " " + std::to_string(answer->port) + " " + answer->name);
  }
  EXPECT_EQ(seen, (std::set<std::string>{"room " + std::to_string(room->port) + " chat room",
                                         "desk " + std::to_string(desk->port) + " help desk"}));
}

TEST_F(DiscoveryResponderTest, AMalformedShortOrLongProbeGetsNothing) {
  auto hub = discovering("udpchat-server", "");
  const prober from{"127.0.0.1"};
  ASSERT_TRUE(from.ok());
  const std::string good = encode_probe({wanted_kind::hub, random_nonce()});
  const std::string line = good.substr(0, good.find('\n') + 1);
  ASSERT_TRUE(from.send("127.0.0.1", good.substr(0, discovery_probe_min_bytes - 1)));   // short
  ASSERT_TRUE(from.send("127.0.0.1", good + std::string(discovery_probe_max_bytes + 1 - good.size(), '.')));  // long
  ASSERT_TRUE(from.send("127.0.0.1", "UDPCHAT-FIND 2" + good.substr(14)));          // another version
  ASSERT_TRUE(from.send("127.0.0.1", std::string(discovery_probe_min_bytes, 'x')));  // not a probe
  ASSERT_TRUE(from.send("127.0.0.1", line));                                         // unpadded
  // The hub handles datagrams in order: the first answer is to the well-formed probe after them.
  const auto nonce = from.probe("127.0.0.1", wanted_kind::hub);
  ASSERT_TRUE(nonce);
  const auto got = from.answers(1);
  ASSERT_EQ(got.size(), 1u);
  ASSERT_TRUE(got[0]);
  EXPECT_EQ(got[0]->nonce, *nonce);
}

TEST_F(DiscoveryResponderTest, TheHubsTraceShowsTheProbeAndTheAnswer) {
  auto hub = discovering("udpchat-server", "traced", {"--trace"});
  const prober from{"169.254.80.2"};
  ASSERT_TRUE(from.ok());
  ASSERT_TRUE(first_answer(from, "239.255.80.99", wanted_kind::hub));
  EXPECT_TRUE(hub->process.wait_for_stderr([](const std::string& line) {
    return line.find(" recv 169.254.80.2:") != std::string::npos &&
           line.find(" -> 239.255.80.99:8099 (256 bytes)") != std::string::npos;
  }));
  EXPECT_TRUE(hub->process.wait_for_stderr([](const std::string& line) {
    return line.find(" send ") != std::string::npos && line.find(":8099 -> 169.254.80.2:") != std::string::npos;
  }));
}

TEST_F(DiscoveryResponderTest, TheHubsCaptureHoldsTheProbeAndTheAnswerAndTheDissectorReadsThem) {
  const auto tshark = program_on_path("tshark");
  ASSERT_TRUE(tshark) << "needs tshark (Debian: tshark)";
  const std::string capture = temporary_path("discovery.pcap");
  auto hub = discovering("udpchat-server", "captured", {"--pcap", capture});
  const prober from{"169.254.80.2"};
  ASSERT_TRUE(from.ok());
  const auto answer = first_answer(from, "239.255.80.99", wanted_kind::hub);
  ASSERT_TRUE(answer);
  // The capture is complete once the hub has ended.
  hub->process.write_stdin("quit\n");
  ASSERT_EQ(hub->process.wait_exit(), 0);
  const auto read = run_program(*tshark, {"-r", capture, "-X", std::string{"lua_script:"} + UDPCHAT_DISSECTOR,
                                          "-Y", "udpchat.discovery.nonce == \"" + discovery_nonce_text(answer->nonce) + "\"",
                                          "-T", "fields", "-e", "ip.dst", "-e", "udpchat.discovery.magic", "-e",
                                          "udpchat.discovery.name"});
  ASSERT_EQ(read.exit_status, 0) << read.stderr_text;
  // Which of this host's two addresses on the link the answer leaves from is the system's choice.
  EXPECT_EQ(read.stdout_lines, (std::vector<std::string>{"239.255.80.99\tUDPCHAT-FIND\t",
                                                         "169.254.80.2\tUDPCHAT-HERE\tcaptured"}));
}

}  // namespace
}  // namespace udpchat::testing
