// SPDX-License-Identifier: GPL-3.0-or-later
// The terminal finds its server on a LAN without being told an address: a teacher's machine and a
// student's, network namespaces on one bridge with link-local addresses, servers on the teacher's
// and `udpchat` without --host on the student's. Needs root and iproute2 (ip).
#include <memory>
#include <string>

#include "desk_fixture.hpp"
#include "discovery_probes.hpp"
#include "lan_namespaces.hpp"
#include "pty_process.hpp"

namespace udpchat::testing {
namespace {

// The address a terminal says it chats as ("... as 169.254.10.2:40000; ..."), or "" when it
// does not say so within the deadline.
std::string chatting_as(child_process& terminal) {
  const auto banner =
      terminal.wait_for_stderr([](const std::string& line) { return line.find(" as ") != std::string::npos; });
  if (!banner) return "";
  const auto as = banner->find(" as ") + 4;
  return banner->substr(as, banner->find(';', as) - as);
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Whether `server` has logged a join, or does within a moment: for one that should not have.
bool logs_a_join(running_server& server) {
  return server.process
      .wait_for_stdout([](const std::string& line) { return contains(line, " joined"); }, milliseconds{300})
      .has_value();
}

// The issue's "done": a student's udpchat with no arguments joins the teacher's hub, and what
// each types reaches the other.
TEST(DiscoveryTest, TerminalWithoutArgumentsFindsTheHubAndChats) {
  const lan_namespaces lan{classroom};
  ASSERT_TRUE(lan.ok) << "cannot make the namespaces and the bridge";
  const auto hub = lan.serve("teacher", "udpchat-server", {"--name", "Room 101"});
  ASSERT_NE(hub->port, 0);
  const netns_udp_socket teacher{lan.netns("teacher"), "169.254.10.1"};
  ASSERT_TRUE(teacher.ready());
  const auto answers = await_answers(teacher, classroom_broadcast, "hub", 1);
  ASSERT_EQ(answers.size(), 1U) << "the hub does not answer a probe on its own machine";
  EXPECT_EQ(answers[0].name, "Room 101");
  EXPECT_EQ(answers[0].port, hub->port);
  ASSERT_TRUE(teacher.send_to("169.254.10.1", hub->port, ""));
  ASSERT_TRUE(hub->saw_join(teacher.address()));

  const auto command = lan.inside("student", "udpchat");
  child_process student{command.path, command.arguments};
  const std::string address = chatting_as(student);
  ASSERT_TRUE(address.starts_with("169.254.10.2:")) << student.all_stderr();
  EXPECT_TRUE(hub->saw_join(address));
  student.write_stdin("hello from the student\n");
  EXPECT_EQ(next_chat(teacher), address + "____hello from the student");
  ASSERT_TRUE(teacher.send_to("169.254.10.1", hub->port, "hello from the teacher"));
  EXPECT_TRUE(student.wait_for_stdout([](const std::string& line) { return contains(line, "hello from the teacher"); }))
      << student.all_stderr();
  const auto later = await_answers(teacher, classroom_broadcast, "hub", 1);
  ASSERT_EQ(later.size(), 1U);
  EXPECT_EQ(later[0].members, 2U) << "the answer counts the teacher's socket and the student";
  student.close_stdin();
  EXPECT_EQ(student.wait_exit(), 0) << student.all_stderr();
}

// A student's machine with no IPv4 address finds the hub by IPv6 multicast alone and chats over
// link-local IPv6.
TEST(DiscoveryTest, TerminalWithIpv6AloneFindsTheHubAndChats) {
  const lan_namespaces lan{{classroom[0], {"student", ""}}};
  ASSERT_TRUE(lan.ok) << "cannot make the namespaces and the bridge";
  const auto hub = lan.serve("teacher", "udpchat-server", {"--name", "Room 101"});
  ASSERT_NE(hub->port, 0);
  const netns_udp_socket teacher{lan.netns("teacher"), "169.254.10.1"};
  ASSERT_TRUE(teacher.ready());
  ASSERT_EQ(await_answers(teacher, classroom_broadcast, "hub", 1).size(), 1U);
  ASSERT_TRUE(teacher.send_to("169.254.10.1", hub->port, ""));
  ASSERT_TRUE(hub->saw_join(teacher.address()));

  const auto command = lan.inside("student", "udpchat");
  child_process student{command.path, command.arguments};
  const std::string address = chatting_as(student);
  ASSERT_TRUE(address.starts_with("[fe80::")) << student.all_stderr();
  student.write_stdin("hello over IPv6\n");
  const auto relayed = next_chat(teacher);
  ASSERT_TRUE(relayed) << student.all_stderr();
  EXPECT_TRUE(relayed->starts_with("[fe80::")) << *relayed;
  EXPECT_TRUE(relayed->ends_with("____hello over IPv6")) << *relayed;
  student.close_stdin();
  EXPECT_EQ(student.wait_exit(), 0) << student.all_stderr();
}

// Two hubs on one machine, both on the discovery port: a person sees both and joins the one
// chosen by its number; a script cannot choose and says which it found.
TEST(DiscoveryTest, TwoHubsAreBothListedAndAScriptRefusesToChoose) {
  const lan_namespaces lan{classroom};
  ASSERT_TRUE(lan.ok) << "cannot make the namespaces and the bridge";
  const auto first = lan.serve("teacher", "udpchat-server", {"--name", "Room 101"});
  const auto second = lan.serve("teacher", "udpchat-server", {"--name", "Lab 2"});
  ASSERT_NE(first->port, 0);
  ASSERT_NE(second->port, 0);
  ASSERT_EQ(answers_heard_by_teacher(lan, "hub", 2).size(), 2U) << "both hubs must answer a broadcast probe";

  const auto command = lan.inside("student", "udpchat");
  pty_process person{command.path, command.arguments};
  EXPECT_TRUE(person.wait_for("Room 101")) << person.output();
  const auto listed = person.wait_for(") Lab 2");
  ASSERT_TRUE(listed) << person.output();
  ASSERT_GE(*listed, 9U);
  // "  2) Lab 2 ...": the number in front of the name is what the person types.
  const auto number = person.output().substr(0, *listed - 7);
  ASSERT_TRUE(person.wait_for("Join which one?")) << person.output();
  person.type(number.substr(number.rfind(' ') + 1) + "\r");
  EXPECT_TRUE(second->logs(" joined")) << person.output();

  child_process script{command.path, command.arguments};
  EXPECT_EQ(script.wait_exit(), 1) << script.all_stderr();
  EXPECT_TRUE(contains(script.all_stderr(), "Room 101")) << script.all_stderr();
  EXPECT_TRUE(contains(script.all_stderr(), "Lab 2")) << script.all_stderr();
  EXPECT_FALSE(logs_a_join(*first));
}

// A hub with --no-discovery is not found; a hub beside it without the option is, and is the
// only one found.
TEST(DiscoveryTest, HubWithNoDiscoveryIsNotFound) {
  const lan_namespaces lan{classroom};
  ASSERT_TRUE(lan.ok) << "cannot make the namespaces and the bridge";
  const auto hidden = lan.serve("teacher", "udpchat-server", {"--name", "Hidden", "--no-discovery"});
  ASSERT_NE(hidden->port, 0);
  const auto command = lan.inside("student", "udpchat");
  child_process alone{command.path, command.arguments};
  EXPECT_EQ(alone.wait_exit(), 1) << alone.all_stderr();
  EXPECT_TRUE(contains(alone.all_stderr(), "no hub")) << alone.all_stderr();

  const auto shown = lan.serve("teacher", "udpchat-server", {"--name", "Shown"});
  ASSERT_NE(shown->port, 0);
  const auto answers = answers_heard_by_teacher(lan, "hub", 1);
  ASSERT_EQ(answers.size(), 1U);
  EXPECT_EQ(answers[0].name, "Shown");
  child_process beside{command.path, command.arguments};
  const std::string address = chatting_as(beside);
  ASSERT_TRUE(address.starts_with("169.254.10.2:")) << beside.all_stderr();
  EXPECT_TRUE(shown->saw_join(address));
  EXPECT_FALSE(logs_a_join(*hidden));
}

// Another program holds the discovery port, for IPv4 and IPv6, without sharing it: the hub says
// so in one line and serves on, unseen by discovery.
TEST(DiscoveryTest, HubServesOnWhenTheDiscoveryPortIsTaken) {
  const lan_namespaces lan{classroom};
  ASSERT_TRUE(lan.ok) << "cannot make the namespaces and the bridge";
  const netns_udp_socket holder_v4{lan.netns("teacher"), "0.0.0.0", discovery_port};
  const netns_udp_socket holder_v6{lan.netns("teacher"), "::", discovery_port};
  ASSERT_TRUE(holder_v4.ready() && holder_v6.ready());
  const auto hub = lan.serve("teacher", "udpchat-server", {"--name", "Room 101"});
  ASSERT_NE(hub->port, 0);
  EXPECT_TRUE(hub->logs("cannot answer discovery on port 8099"));
  const netns_udp_socket member{lan.netns("student"), "169.254.10.2"};
  ASSERT_TRUE(member.ready());
  ASSERT_TRUE(member.send_to("169.254.10.1", hub->port, ""));
  EXPECT_TRUE(hub->saw_join(member.address()));

  const auto command = lan.inside("student", "udpchat");
  child_process student{command.path, command.arguments};
  EXPECT_EQ(student.wait_exit(), 1) << student.all_stderr();
  EXPECT_TRUE(contains(student.all_stderr(), "no hub")) << student.all_stderr();
}

// `udpchat --tcp` finds the room and not the hub beside it, joins, and chats with a terminal on
// the teacher's machine.
TEST(DiscoveryTest, TcpTerminalFindsTheRoomAndChats) {
  const lan_namespaces lan{classroom};
  ASSERT_TRUE(lan.ok) << "cannot make the namespaces and the bridge";
  const auto room = lan.serve("teacher", "udpchat-room", {"--name", "Room 7"});
  const auto hub = lan.serve("teacher", "udpchat-server", {"--name", "Hub 7"});
  ASSERT_NE(room->port, 0);
  ASSERT_NE(hub->port, 0);
  ASSERT_EQ(answers_heard_by_teacher(lan, "any", 2).size(), 2U) << "the room and the hub must both answer";

  running_terminal other{lan.inside("teacher", "udpchat", {"--tcp", "--host", "127.0.0.1", "--port",
                                                           std::to_string(room->port), "--name", "teacher"}),
                         *room};
  ASSERT_FALSE(other.address.empty());
  const auto command = lan.inside("student", "udpchat", {"--tcp", "--name", "student"});
  child_process student{command.path, command.arguments};
  const std::string address = chatting_as(student);
  ASSERT_TRUE(address.starts_with("169.254.10.2:")) << student.all_stderr();
  EXPECT_TRUE(room->saw_join(address));
  student.write_stdin("hello room\n");
  EXPECT_TRUE(other.shows("hello room"));
  other.process.write_stdin("hello student\n");
  EXPECT_TRUE(student.wait_for_stdout([](const std::string& line) { return contains(line, "hello student"); }));
  student.close_stdin();
  EXPECT_EQ(student.wait_exit(), 0) << student.all_stderr();
}

// A desk is found by `udpchat --tcp` as a customer and by `udpchat --tcp --agent` as an agent;
// the agent takes the customer and they talk.
TEST(DiscoveryTest, CustomerAndAgentFindTheDesk) {
  const lan_namespaces lan{classroom};
  ASSERT_TRUE(lan.ok) << "cannot make the namespaces and the bridge";
  const auto desk = lan.serve("teacher", "udpchat-desk",
                              {"--name", "Help desk", "--agent-key-file", key_file("desk.key", desk_key)});
  ASSERT_NE(desk->port, 0);
  const auto answers = answers_heard_by_teacher(lan, "tcp", 1);
  ASSERT_EQ(answers.size(), 1U);
  EXPECT_EQ(answers[0].kind, "desk");
  EXPECT_EQ(answers[0].name, "Help desk");

  const auto customer_command = lan.inside("student", "udpchat", {"--tcp", "--name", "Maria"});
  child_process customer{customer_command.path, customer_command.arguments};
  const std::string address = chatting_as(customer);
  ASSERT_TRUE(address.starts_with("169.254.10.2:")) << customer.all_stderr();
  EXPECT_TRUE(desk->logs("Maria (" + address + ") is waiting"));
  auto agent_arguments = remote_agent::arguments(*desk, "bob");
  agent_arguments.resize(agent_arguments.size() - 2);  // no --port: the desk says its own
  remote_agent bob{lan.inside("student", "udpchat", agent_arguments), "bob"};
  ASSERT_TRUE(bob.logged_in) << bob.process.all_stderr();
  bob.types("/next");
  EXPECT_TRUE(bob.shows("now talking to #")) << bob.process.all_stderr();
  customer.write_stdin("a question\n");
  EXPECT_TRUE(bob.shows("Maria: a question"));
  customer.close_stdin();
  EXPECT_EQ(customer.wait_exit(), 0) << customer.all_stderr();
}

}  // namespace
}  // namespace udpchat::testing
