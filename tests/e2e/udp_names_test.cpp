// SPDX-License-Identifier: GPL-3.0-or-later
// Names (/nick, --name), /who, and the terminal's --timestamps and --json.
#include <regex>
#include <string>

#include "server_fixture.hpp"

namespace udpchat::testing {
namespace {

using std::chrono::milliseconds;

TEST(UdpNamesTest, ANameIsShownBesideTheAddressTheHubSaw) {
  running_hub hub;
  auto a = joined_probe(hub);
  auto b = joined_probe(hub);
  a->send_to(hub.port, "/nick alice");
  const std::string renamed = "hub____" + a->address() + " is now called alice";
  EXPECT_EQ(a->receive(), renamed);
  EXPECT_EQ(b->receive(), renamed);
  a->send_to(hub.port, "hi");
  EXPECT_EQ(b->receive(), "alice (" + a->address() + ")____hi");
  a->send_to(hub.port, "/nick al.2 ");
  EXPECT_EQ(b->receive(), "hub____alice (" + a->address() + ") is now called al.2");
  a->send_to(hub.port, "quit");
  EXPECT_EQ(b->receive(), "al.2 (" + a->address() + ")____left____qq");
  EXPECT_TRUE(hub.logs("alice (" + a->address() + ") is now called al.2"));
}

TEST(UdpNamesTest, ANameThatCouldMisleadIsRefusedWithTheRule) {
  running_hub hub;
  auto a = joined_probe(hub);
  auto b = joined_probe(hub);
  for (const std::string name : {"bob (10.0.0.1:5)", "", "x____y", "\x1b[2Jbob", "twenty-one-characters"}) {
    a->send_to(hub.port, "/nick " + name);
    EXPECT_EQ(a->receive(),
              "hub____error: name not changed: a name is 1 to 20 ASCII letters, digits, '.', '-' or '_' "
              "(no four '_' in a row)")
        << name;
  }
  // Nothing reached b, and a's messages still carry its bare address.
  a->send_to(hub.port, "still me");
  EXPECT_EQ(b->receive(), a->address() + "____still me");
}

TEST(UdpNamesTest, WhoListsMembersWithNamesAndIdleTimesToTheAskerOnly) {
  running_hub hub;
  auto a = joined_probe(hub);
  auto b = joined_probe(hub);
  a->send_to(hub.port, "/nick alice");
  ASSERT_TRUE(b->receive());  // the rename notice
  b->send_to(hub.port, "/who");
  EXPECT_EQ(b->receive(), "hub____who: 2 members: alice (" + a->address() + ") idle 0s, " + b->address() +
                              " idle 0s");
  ASSERT_TRUE(a->receive());  // its own rename notice
  b->send_to(hub.port, "marker");
  EXPECT_EQ(a->receive(), b->address() + "____marker");
}

TEST(UdpNamesTest, WhoIsOneShortDatagramHoweverManyAreThere) {
  running_hub hub{on_loopback({"--join-rate", "0"})};
  std::vector<std::unique_ptr<udp_probe>> members;
  for (int i = 0; i < 60; ++i) members.push_back(joined_probe(hub));
  members.back()->send_to(hub.port, "/who");
  const auto reply = members.back()->receive();
  ASSERT_TRUE(reply);
  EXPECT_LE(reply->size(), 512U);
  EXPECT_TRUE(reply->starts_with("hub____who: 60 members: " + members.front()->address() + " idle ")) << *reply;
  EXPECT_TRUE(std::regex_search(*reply, std::regex{" and [0-9]+ more$"})) << *reply;
  members.back()->send_to(hub.port, "marker");
  EXPECT_EQ(members.front()->receive(), members.back()->address() + "____marker");
}

// The figure the README and udpchat(1) give for the hub: the 20 oldest, then how many more.
// Members on ::1 have addresses short enough that 20 fit the 512-byte reply with room to spare,
// so it is the count that stops the list, not the size.
TEST(UdpNamesTest, WhoListsTheTwentyOldestAtMost) {
  running_hub hub{{"--host", "::1", "--port", "0", "--join-rate", "0"}};
  std::vector<std::unique_ptr<udp_probe>> members;
  for (int i = 0; i < 25; ++i) members.push_back(joined_probe(hub, true));
  members.back()->send_to(hub.port, "/who");
  const auto reply = members.back()->receive();
  ASSERT_TRUE(reply);
  EXPECT_TRUE(reply->starts_with("hub____who: 25 members: " + members.front()->address() + " idle ")) << *reply;
  for (std::size_t i = 1; i < 20; ++i) {
    EXPECT_NE(reply->find(", " + members[i]->address() + " idle "), std::string::npos)
        << "member " << i << " not listed: " << *reply;
  }
  EXPECT_EQ(reply->find(members[20]->address()), std::string::npos) << *reply;
  EXPECT_TRUE(reply->ends_with(" and 5 more")) << *reply;
}

TEST(UdpNamesTest, TheTerminalsNameIsAskedForAndShownToOthers) {
  running_hub hub;
  auto other = joined_probe(hub);
  running_terminal alice{hub, {"--name", "alice"}};
  EXPECT_EQ(other->receive(), "hub____" + alice.address + " is now called alice");
  alice.process.write_stdin("hello\n");
  EXPECT_EQ(other->receive(), "alice (" + alice.address + ")____hello");
  other->send_to(hub.port, "/nick bob");
  EXPECT_TRUE(alice.shows("*** hub: " + other->address() + " is now called bob"));
  other->send_to(hub.port, "hi alice");
  EXPECT_TRUE(alice.shows("bob (" + other->address() + "): hi alice"));
}

TEST(UdpNamesTest, TimestampsBeginEachLine) {
  running_hub hub;
  auto other = joined_probe(hub);
  running_terminal t{hub, {"--timestamps"}};
  other->send_to(hub.port, "tick");
  const auto line = t.shows(": tick");
  ASSERT_TRUE(line);
  EXPECT_TRUE(std::regex_match(*line, std::regex{"[0-2][0-9]:[0-5][0-9]:[0-6][0-9] " +
                                                 std::regex_replace(other->address(), std::regex{"\\."}, "\\.") +
                                                 ": tick"}))
      << *line;
}

TEST(UdpNamesTest, JsonModePrintsOneObjectPerEvent) {
  running_hub hub;
  auto other = joined_probe(hub);
  running_terminal t{hub, {"--json"}};
  other->send_to(hub.port, "/nick bob");
  other->send_to(hub.port, "say \"hi\"\\ \x1b");
  const auto message = t.shows("\"event\":\"message\"");
  ASSERT_TRUE(message);
  EXPECT_TRUE(std::regex_search(*message, std::regex{"^\\{\"time\":\"20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9:.]{12}Z\","}))
      << *message;
  EXPECT_TRUE(message->ends_with("\"event\":\"message\",\"sender\":\"bob (" + other->address() +
                                 ")\",\"name\":\"bob\",\"address\":\"" + other->address() +
                                 "\",\"text\":\"say \\\"hi\\\"\\\\ \\\\x1b\"}"))
      << *message;
  other->send_to(hub.port, "quit");
  const auto departure = t.shows("\"event\":\"departure\"");
  ASSERT_TRUE(departure);
  EXPECT_TRUE(departure->ends_with("\"address\":\"" + other->address() + "\",\"reason\":\"left\"}")) << *departure;
  // Every line it printed is an object of its own.
  for (const auto& line : t.process.stdout_lines()) {
    EXPECT_TRUE(line.starts_with("{\"time\":\"") && line.ends_with("}")) << line;
  }
}

TEST(UdpNamesTest, BadNamesAndClashingFormatsAreRefused) {
  for (const std::vector<std::string>& arguments :
       {std::vector<std::string>{"--name", "two words"}, {"--json", "--timestamps"}}) {
    child_process t{bin_path("udpchat"), arguments};
    EXPECT_EQ(t.wait_exit(), 2) << arguments[0];
    t.drain();
    EXPECT_NE(t.all_stderr().find(arguments[0]), std::string::npos) << t.all_stderr();
  }
}

TEST(UdpNamesTest, AnIpv6TerminalTalksWithAnIpv4MemberThroughADualStackHub) {
  running_hub hub{{"--host", "::", "--port", "0"}};
  auto v4 = joined_probe(hub);
  running_terminal v6{hub, {"--host", "::1"}};
  EXPECT_TRUE(v6.address.starts_with("[::1]:")) << v6.address;
  v6.process.write_stdin("over six\n");
  EXPECT_EQ(v4->receive(), v6.address + "____over six");
  v4->send_to(hub.port, "over four");
  EXPECT_TRUE(v6.shows(v4->address() + ": over four"));
}

}  // namespace
}  // namespace udpchat::testing
