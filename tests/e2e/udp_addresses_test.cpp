// SPDX-License-Identifier: GPL-3.0-or-later
// The hub's addresses as members meet them: every member is answered from the address it sent
// to (127.0.0.2 stands for a host's second address), and the default listening address serves
// IPv4 and IPv6 members together, each shown by its plain address.
#include <signal.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <vector>

#include "external_program.hpp"
#include "server_fixture.hpp"

namespace udpchat::testing {
namespace {

// A hub on its default address: no --host.
std::vector<std::string> default_host(std::vector<std::string> extra = {}) {
  extra.insert(extra.begin(), {"--port", "0"});
  return extra;
}

// A socket on 127.0.0.1 connected to 127.0.0.2:port, as a terminal given --host 127.0.0.2 has:
// the system gives it only datagrams from 127.0.0.2:port.
std::unique_ptr<udp_probe> connected_to_second_address(unsigned short port) {
  auto probe = std::make_unique<udp_probe>();
  probe->connect_to("127.0.0.2", port);
  return probe;
}

void answers_from_the_address_reached(const std::vector<std::string>& hub_arguments) {
  running_hub hub{hub_arguments};
  auto far = connected_to_second_address(hub.port);
  far->send("");
  ASSERT_TRUE(hub.saw_join(far->address()));
  expect_welcome(*far);
  auto near = joined_probe(hub);
  near->send_to(hub.port, "to everybody");
  EXPECT_EQ(far->receive_matching(is_member_message), near->address() + "____to everybody");
  far->send("from the second address");
  EXPECT_EQ(near->receive_matching(is_member_message), far->address() + "____from the second address");
  far->send("/who");
  const auto who = far->receive_matching([](const std::string& d) { return d.starts_with("hub____who: "); });
  ASSERT_TRUE(who);
  EXPECT_NE(who->find(near->address()), std::string::npos) << *who;
  near->send_to(hub.port, "quit");
  EXPECT_EQ(far->receive(), near->address() + "____left____qq");
  hub.process.send_signal(SIGTERM);
  EXPECT_EQ(hub.process.wait_exit(), 0);
  EXPECT_EQ(far->receive(), "hub____closing____qq");
}

TEST(UdpAddressesTest, DefaultHubAnswersAConnectedMemberFromTheSecondAddress) {
  answers_from_the_address_reached(default_host());
}

TEST(UdpAddressesTest, Ipv4WildcardHubAnswersAConnectedMemberFromTheSecondAddress) {
  answers_from_the_address_reached({"--host", "0.0.0.0", "--port", "0"});
}

TEST(UdpAddressesTest, RefusalToANewcomerComesFromTheAddressItReached) {
  running_hub hub{default_host({"--max-members", "1"})};
  auto first = joined_probe(hub);
  auto far = connected_to_second_address(hub.port);
  far->send("");
  const auto refusal = far->receive();
  ASSERT_TRUE(refusal);
  EXPECT_TRUE(refusal->starts_with("hub____error: the hub is full")) << *refusal;
}

TEST(UdpAddressesTest, Ipv6MemberConnectedToLoopbackGetsItsWelcomeAndRelays) {
  running_hub hub{default_host()};
  auto v6 = std::make_unique<udp_probe>(true);
  v6->connect_to("::1", hub.port);
  v6->send("");
  ASSERT_TRUE(hub.saw_join(v6->address()));
  expect_welcome(*v6);
  auto v4 = joined_probe(hub);
  v4->send_to(hub.port, "over IPv4");
  EXPECT_EQ(v6->receive_matching(is_member_message), v4->address() + "____over IPv4");
}

TEST(UdpAddressesTest, DefaultHubServesIpv4AndIpv6MembersEachShownPlain) {
  running_hub hub{default_host({"--max-per-ip", "1"})};
  auto v4 = joined_probe(hub);
  auto v6 = joined_probe(hub, true);
  v4->send_to(hub.port, "from v4");
  EXPECT_EQ(v6->receive(), v4->address() + "____from v4");
  v6->send_to(hub.port, "from v6");
  EXPECT_EQ(v4->receive(), v6->address() + "____from v6");
  v6->send_to(hub.port, "/who");
  const auto who = v6->receive();
  ASSERT_TRUE(who);
  EXPECT_NE(who->find(" " + v4->address() + " idle"), std::string::npos) << *who;
  EXPECT_EQ(who->find("::ffff:"), std::string::npos) << *who;
  // --max-per-ip counts a dual-stack IPv4 member by its IPv4 address: one more from 127.0.0.1
  // is one too many, and is told so by its plain address.
  udp_probe second_v4;
  second_v4.send_to(hub.port, "");
  EXPECT_EQ(second_v4.receive(), "hub____error: too many members from 127.0.0.1 (1); try again later");
  EXPECT_TRUE(hub.logs(" " + v4->address() + " said: from v4"));
}

// Source and destination of every IPv4 packet of a capture (LINKTYPE_RAW), as "a.b.c.d>e.f.g.h".
std::vector<std::string> ipv4_ends(const std::string& path) {
  std::ifstream in{path, std::ios::binary};
  const std::string capture{std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
  std::vector<std::string> ends;
  const auto byte = [&](std::size_t at) { return static_cast<unsigned>(static_cast<unsigned char>(capture[at])); };
  const auto address = [&](std::size_t at) {
    return std::to_string(byte(at)) + "." + std::to_string(byte(at + 1)) + "." + std::to_string(byte(at + 2)) + "." +
           std::to_string(byte(at + 3));
  };
  std::size_t at = 24;  // past the file header
  while (at + 16 <= capture.size()) {
    const std::size_t included = byte(at + 8) | byte(at + 9) << 8 | byte(at + 10) << 16 | byte(at + 11) << 24;
    const std::size_t packet = at + 16;
    if (packet + included > capture.size()) break;
    if (included >= 20 && (byte(packet) >> 4) == 4) ends.push_back(address(packet + 12) + ">" + address(packet + 16));
    at = packet + included;
  }
  return ends;
}

TEST(UdpAddressesTest, CaptureRecordsTheSecondAddressAsTheHubsEnd) {
  const std::string path = temporary_path("second-address.pcap");
  {
    running_hub hub{default_host({"--pcap", path})};
    auto far = connected_to_second_address(hub.port);
    far->send("");
    ASSERT_TRUE(hub.saw_join(far->address()));
    expect_welcome(*far);
    far->send("hello");
    far->send("/who");
    EXPECT_TRUE(far->receive_matching([](const std::string& d) { return d.starts_with("hub____who: "); }));
    hub.process.send_signal(SIGTERM);
    EXPECT_EQ(hub.process.wait_exit(), 0);
  }
  // join, welcome, hello, /who, its answer, the closing notice: every one between 127.0.0.1
  // and 127.0.0.2, over IPv4 although the hub listened on a dual-stack socket.
  const std::string in = "127.0.0.1>127.0.0.2";
  const std::string out = "127.0.0.2>127.0.0.1";
  EXPECT_EQ(ipv4_ends(path), (std::vector<std::string>{in, out, in, in, out, out}));
  std::remove(path.c_str());
}

TEST(UdpAddressesTest, TooLongMessageIsRefusedWithTheSizeTheMemberSent) {
  running_hub hub;
  auto a = joined_probe(hub);
  auto b = joined_probe(hub);
  // 36,900 control bytes: each is relayed as the four characters \x01.
  a->send_to(hub.port, std::string(36900, '\x01'));
  const auto refusal = a->receive();
  ASSERT_TRUE(refusal);
  EXPECT_TRUE(refusal->starts_with("hub____error: message not relayed: it is 36900 bytes (147600 as relayed) and at most "))
      << *refusal;
  a->send_to(hub.port, "after");
  EXPECT_EQ(b->receive(), a->address() + "____after");
}

TEST(UdpAddressesTest, WhoShowsIdleSinceTheLastMessageNotTheLastKeepalive) {
  running_hub hub;
  auto talker = joined_probe(hub);
  auto asker = joined_probe(hub);
  talker->send_to(hub.port, "one thing");
  EXPECT_EQ(asker->receive(), talker->address() + "____one thing");
  // Keepalives for over two seconds: they keep it a member, and are not talk.
  const auto said_at = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - said_at < std::chrono::milliseconds{2200}) {
    talker->send_to(hub.port, "");
    EXPECT_FALSE(talker->receive(std::chrono::milliseconds{200}));
  }
  asker->send_to(hub.port, "/who");
  const auto who = asker->receive();
  ASSERT_TRUE(who);
  const std::string entry = " " + talker->address() + " idle ";
  const auto at = who->find(entry);
  ASSERT_NE(at, std::string::npos) << *who;
  EXPECT_GE(std::stoi(who->substr(at + entry.size())), 2) << *who;
}

}  // namespace
}  // namespace udpchat::testing
