// SPDX-License-Identifier: GPL-3.0-or-later
// The terminal without --host: it finds the hub by discovery and joins it, or says why not.
// Everything runs in network namespaces the test makes: one with nothing but loopback (a hub on
// the same machine), and two joined by a veth link with link-local addresses (a hub across the
// room). Needs root and iproute2 (ip).
#include <unistd.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "desk_fixture.hpp"
#include "external_program.hpp"
#include "pty_process.hpp"

namespace udpchat::testing {
namespace {

bool ip(const std::vector<std::string>& arguments) {
  const auto path = program_on_path("ip");
  return path && run_program(*path, arguments).exit_status == 0;
}

// A network namespace, removed with the object.
class network_namespace {
 public:
  explicit network_namespace(const std::string& role)
      : name_{"udpchat-find-" + role + "-" + std::to_string(::getpid())} {
    ok_ = ip({"netns", "add", name_}) && ip({"-n", name_, "link", "set", "lo", "up"});
  }
  ~network_namespace() { ip({"netns", "del", name_}); }
  network_namespace(const network_namespace&) = delete;
  network_namespace& operator=(const network_namespace&) = delete;

  bool ok() const { return ok_; }
  const std::string& name() const { return name_; }
  // `program` of this build with `arguments`, run inside the namespace.
  command_line inside(const std::string& program, const std::vector<std::string>& arguments = {}) const {
    command_line command{program_on_path("ip").value_or("ip"), {"netns", "exec", name_, bin_path(program)}};
    command.arguments.insert(command.arguments.end(), arguments.begin(), arguments.end());
    return command;
  }

 private:
  std::string name_;
  bool ok_ = false;
};

bool can_make_namespaces() { return ::geteuid() == 0 && program_on_path("ip").has_value(); }

// A hub named `name` in `netns`, on every address there and a port the system picked.
std::unique_ptr<running_server> hub_in(const network_namespace& netns, const std::string& name) {
  return std::make_unique<running_server>(
      netns.inside("udpchat-server", {"--host", "0.0.0.0", "--port", "0", "--name", name}));
}

// A terminal with --host, in `netns`, joined to `hub` on loopback: what reaches the hub shows
// on its stdout.
std::unique_ptr<child_process> reader_of(const network_namespace& netns, const running_server& hub) {
  const auto command = netns.inside("udpchat", {"--host", "127.0.0.1", "--port", std::to_string(hub.port)});
  auto reader = std::make_unique<child_process>(command.path, command.arguments);
  EXPECT_TRUE(reader->wait_for_stderr(
      [](const std::string& line) { return line.find("chatting through") != std::string::npos; }));
  return reader;
}

// The discovering terminal, in a script: stdin a pipe.
std::unique_ptr<child_process> finder_in(const network_namespace& netns,
                                         const std::vector<std::string>& arguments = {}) {
  const auto command = netns.inside("udpchat", arguments);
  return std::make_unique<child_process>(command.path, command.arguments);
}

auto holding(const std::string& text) {
  return [text](const std::string& line) { return line.find(text) != std::string::npos; };
}

std::string loopback_hub(const running_server& hub) { return "hub at 127.0.0.1:" + std::to_string(hub.port); }

class DiscoveryTerminalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!can_make_namespaces()) GTEST_SKIP() << "needs root and iproute2 (ip) for network namespaces";
    made_ = std::make_unique<network_namespace>("lo");
    ASSERT_TRUE(made_->ok()) << "cannot make the namespace";
  }
  // Loopback alone is up there.
  const network_namespace& netns() const { return *made_; }

 private:
  std::unique_ptr<network_namespace> made_;
};

TEST_F(DiscoveryTerminalTest, AScriptWithNoArgumentsJoinsTheOnlyHubOnThisMachine) {
  const auto hub = hub_in(netns(), "Room 101");
  ASSERT_NE(hub->port, 0);
  const auto reader = reader_of(netns(), *hub);
  const auto finder = finder_in(netns());
  finder->write_stdin("found you without an address\n");
  finder->close_stdin();
  EXPECT_TRUE(reader->wait_for_stdout(holding(": found you without an address")));
  EXPECT_EQ(finder->wait_exit(), 0) << finder->all_stderr();
  EXPECT_NE(finder->all_stderr().find("udpchat: found Room 101 \u2014 " + loopback_hub(*hub) + ", 1 member\n"),
            std::string::npos)
      << finder->all_stderr();
  EXPECT_NE(finder->all_stderr().find("udpchat: chatting through 127.0.0.1:" + std::to_string(hub->port)),
            std::string::npos)
      << finder->all_stderr();
}

TEST_F(DiscoveryTerminalTest, FindWithJsonSaysWhatItFoundAsAnEvent) {
  const auto hub = hub_in(netns(), "Room 101");
  ASSERT_NE(hub->port, 0);
  const auto finder = finder_in(netns(), {"--find", "--json"});
  const auto found = finder->wait_for_stdout(holding("\"event\":\"found\""));
  ASSERT_TRUE(found);
  EXPECT_TRUE(found->ends_with(",\"event\":\"found\",\"name\":\"Room 101\",\"kind\":\"hub\",\"address\":\"127.0.0.1\","
                               "\"port\":" + std::to_string(hub->port) + ",\"members\":0}"))
      << *found;
  finder->close_stdin();
  EXPECT_EQ(finder->wait_exit(), 0) << finder->all_stderr();
}

TEST_F(DiscoveryTerminalTest, NoHubIsAClearErrorNamingHost) {
  for (const bool tcp : {false, true}) {
    const auto finder = finder_in(netns(), tcp ? std::vector<std::string>{"--tcp"} : std::vector<std::string>{});
    EXPECT_EQ(finder->wait_exit(), 1) << tcp;
    const std::string sought = tcp ? "room or desk" : "hub";
    EXPECT_EQ(finder->all_stderr(),
              "udpchat: no " + sought +
                  " answered on this network within 1 s; give its address with --host ADDRESS (one started "
                  "with --no-discovery, or on the far side of a router, does not answer)\n");
    EXPECT_EQ(finder->all_stdout(), "");
  }
}

TEST_F(DiscoveryTerminalTest, AHubWithDiscoveryOffIsNotFound) {
  running_server hub{netns().inside("udpchat-server", {"--host", "0.0.0.0", "--port", "0", "--no-discovery"})};
  ASSERT_NE(hub.port, 0);
  const auto finder = finder_in(netns());
  EXPECT_EQ(finder->wait_exit(), 1);
  EXPECT_NE(finder->all_stderr().find("udpchat: no hub answered"), std::string::npos) << finder->all_stderr();
}

TEST_F(DiscoveryTerminalTest, AScriptWithTwoHubsJoinsNeitherAndListsBoth) {
  const auto second = hub_in(netns(), "Room 102");
  const auto first = hub_in(netns(), "Room 101");
  ASSERT_NE(first->port, 0);
  ASSERT_NE(second->port, 0);
  const auto finder = finder_in(netns(), {"--trace"});
  EXPECT_EQ(finder->wait_exit(), 1);
  const std::string said = finder->all_stderr();
  EXPECT_NE(said.find("udpchat: 2 hubs answered, and with no terminal to ask which, none was joined; choose one "
                      "with --host ADDRESS --port PORT:\n"
                      "  1) Room 101 \u2014 " + loopback_hub(*first) + ", 0 members\n"
                      "  2) Room 102 \u2014 " + loopback_hub(*second) + ", 0 members\n"),
            std::string::npos)
      << said;
  EXPECT_EQ(said.find("chatting through"), std::string::npos) << said;
  // The trace shows each probe (two, the second in case the first was lost) and each answer,
  // their text beside the dump, 16 bytes a row.
  const auto count = [&](const std::string& text) {
    std::size_t n = 0;
    for (auto at = said.find(text); at != std::string::npos; at = said.find(text, at + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count(" -> 127.255.255.255:8099 (256 bytes)\n"), 2U) << said;
  EXPECT_GE(count(" recv 127.0.0.1:8099 -> 0.0.0.0:"), 2U) << said;
  EXPECT_NE(said.find("|UDPCHAT-FIND 1 h|"), std::string::npos) << said;
  EXPECT_NE(said.find("|UDPCHAT-HERE 1 "), std::string::npos) << said;
}

TEST_F(DiscoveryTerminalTest, APersonPicksTheSecondOfTwoHubsByNumber) {
  const auto first = hub_in(netns(), "Room 101");
  const auto second = hub_in(netns(), "Room 102");
  ASSERT_NE(first->port, 0);
  ASSERT_NE(second->port, 0);
  const auto command = netns().inside("udpchat");
  pty_process person{command.path, command.arguments};
  const auto listed = person.wait_for("Join which one? Type a number from 1 to 2: ");
  ASSERT_TRUE(listed) << person.output();
  EXPECT_NE(person.output().find("2) Room 102 \u2014 " + loopback_hub(*second)), std::string::npos) << person.output();
  person.type("3\r");
  const auto refused = person.wait_for("'3' is not one of them; type a number from 1 to 2: ", *listed);
  ASSERT_TRUE(refused) << person.output();
  person.type("2\r");
  ASSERT_TRUE(person.wait_for("chatting through 127.0.0.1:" + std::to_string(second->port), *refused))
      << person.output();
  EXPECT_TRUE(second->logs(" joined"));
  person.type("quit\r");
  EXPECT_EQ(person.wait_exit(), 0) << person.output();
}

TEST_F(DiscoveryTerminalTest, EndOfInputAtThePromptExitsWithStatusOne) {
  const auto first = hub_in(netns(), "Room 101");
  const auto second = hub_in(netns(), "Room 102");
  ASSERT_NE(second->port, 0);
  const auto command = netns().inside("udpchat");
  pty_process person{command.path, command.arguments};
  ASSERT_TRUE(person.wait_for("Join which one? Type a number from 1 to 2: ")) << person.output();
  person.type("\x04");  // Ctrl-D
  EXPECT_EQ(person.wait_exit(), 1) << person.output();
  EXPECT_NE(person.output().find("udpchat: none chosen"), std::string::npos) << person.output();
}

TEST_F(DiscoveryTerminalTest, OverTcpRoomsAndDesksAreFoundAndAnAgentTakesOnlyTheDesk) {
  const running_server room{
      netns().inside("udpchat-room", {"--host", "0.0.0.0", "--port", "0", "--name", "Chemistry"})};
  const running_server desk{netns().inside(
      "udpchat-desk",
      {"--host", "0.0.0.0", "--port", "0", "--name", "Help", "--agent-key-file", key_file("desk.key", desk_key)})};
  ASSERT_NE(room.port, 0);
  ASSERT_NE(desk.port, 0);
  // A hub is not what --tcp looks for.
  const auto hub = hub_in(netns(), "Room 101");
  ASSERT_NE(hub->port, 0);

  const auto script = finder_in(netns(), {"--tcp"});
  EXPECT_EQ(script->wait_exit(), 1);
  EXPECT_NE(script->all_stderr().find("udpchat: 2 rooms and desks answered, and with no terminal to ask which, none "
                                      "was joined; choose one with --host ADDRESS --port PORT:\n"
                                      "  1) Chemistry \u2014 room at 127.0.0.1:" + std::to_string(room.port) +
                                      ", 0 members\n"
                                      "  2) Help \u2014 desk at 127.0.0.1:" + std::to_string(desk.port) +
                                      ", 0 customers\n"),
            std::string::npos)
      << script->all_stderr();

  const auto agent =
      finder_in(netns(), {"--tcp", "--agent", "--agent-key-file", key_file("bob.key", desk_key), "--name", "bob"});
  EXPECT_TRUE(agent->wait_for_stdout(holding("*** hub: welcome, agent bob;"))) << agent->all_stderr();
  EXPECT_NE(agent->all_stderr().find("udpchat: found Help \u2014 desk at 127.0.0.1:" + std::to_string(desk.port)),
            std::string::npos)
      << agent->all_stderr();
  agent->close_stdin();
  EXPECT_EQ(agent->wait_exit(), 0) << agent->all_stderr();
}

// Refused before anything is sent: no namespace needed.
TEST(DiscoveryOptionsTest, FindWithHostAndPortWithoutHostAreRefused) {
  struct refusal {
    std::vector<std::string> arguments;
    std::string said;
  };
  const std::string both = "udpchat: --find looks for the server and --host names it; give one\n";
  const std::string port_alone = "udpchat: --port goes with --host; a server found by discovery says its own port\n";
  for (const auto& each : {refusal{{"--find", "--host", "127.0.0.1"}, both}, refusal{{"--port", "9000"}, port_alone},
                           refusal{{"--find", "--port", "9000"}, port_alone}}) {
    const auto run = run_program(bin_path("udpchat"), each.arguments, "", std::chrono::seconds{10});
    EXPECT_EQ(run.exit_status, 2) << each.said;
    EXPECT_EQ(run.stderr_text, each.said);
  }
}

// Two namespaces joined by a veth link, each end with a link-local address of 169.254.0.0/16
// (and the fe80:: one the system gives it): a hub in one, the terminal in the other.
TEST(DiscoveryAcrossALinkTest, AScriptJoinsTheHubOnTheOtherEndOfTheLink) {
  if (!can_make_namespaces()) GTEST_SKIP() << "needs root and iproute2 (ip) for network namespaces";
  const network_namespace teacher{"teacher"};
  const network_namespace student{"student"};
  ASSERT_TRUE(teacher.ok() && student.ok());
  ASSERT_TRUE(ip({"-n", teacher.name(), "link", "add", "front", "type", "veth", "peer", "name", "desk", "netns",
                  student.name()}) &&
              ip({"-n", teacher.name(), "addr", "add", "169.254.10.1/16", "broadcast", "+", "dev", "front"}) &&
              ip({"-n", student.name(), "addr", "add", "169.254.20.2/16", "broadcast", "+", "dev", "desk"}) &&
              ip({"-n", teacher.name(), "link", "set", "front", "up"}) &&
              ip({"-n", student.name(), "link", "set", "desk", "up"}));
  const auto hub = hub_in(teacher, "Room 101");
  ASSERT_NE(hub->port, 0);
  const auto reader = reader_of(teacher, *hub);
  const auto finder = finder_in(student);
  finder->write_stdin("hello across the room\n");
  finder->close_stdin();
  const auto arrived = reader->wait_for_stdout(holding(": hello across the room"));
  ASSERT_TRUE(arrived);
  EXPECT_TRUE(arrived->starts_with("169.254.20.2:")) << *arrived;
  EXPECT_EQ(finder->wait_exit(), 0) << finder->all_stderr();
  // Heard over IPv4 (broadcast and multicast) and perhaps IPv6 too, listed once, by IPv4.
  EXPECT_NE(finder->all_stderr().find("udpchat: found Room 101 \u2014 hub at 169.254.10.1:" +
                                      std::to_string(hub->port) + ", 1 member\n"),
            std::string::npos)
      << finder->all_stderr();
}

}  // namespace
}  // namespace udpchat::testing
