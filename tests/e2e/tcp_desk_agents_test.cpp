// SPDX-License-Identifier: GPL-3.0-or-later
// udpchat-desk's agents: the console agent and remote agents (udpchat --tcp --agent) sharing one
// queue, each with their own customers; logging in with the desk's key, and being refused.
#include "desk_fixture.hpp"

namespace udpchat::testing {
namespace {

// No line of the desk's log so far holds `text`.
bool log_lacks(const running_server& desk, const std::string& text) {
  for (const auto& line : desk.process.stdout_lines()) {
    if (line.find(text) != std::string::npos) return false;
  }
  return true;
}

TEST(TcpDeskAgentsTest, TheConsoleAndTwoRemoteAgentsServeThreeCustomers) {
  agent_desk desk;
  remote_agent bob{desk, "bob"};
  ASSERT_TRUE(bob.logged_in);
  EXPECT_TRUE(desk.logs("agent login as bob from 127.0.0.1:"));
  remote_agent carol{desk, "carol"};
  ASSERT_TRUE(carol.logged_in);
  EXPECT_TRUE(bob.shows("agent carol 127.0.0.1:"));
  desk_customer first{desk, 3, "Maria"};
  desk_customer second{desk, 4, "Jonas"};
  desk_customer third{desk, 5, "Ana"};
  EXPECT_TRUE(bob.shows("#5 Ana (" + third.socket.address() + ") is waiting, 3 waiting"));

  bob.types("/next");
  EXPECT_TRUE(bob.shows("now talking to #3 Maria (" + first.socket.address() + ")"));
  EXPECT_EQ(first.socket.read_line(), "hub____an agent is with you now");
  EXPECT_TRUE(carol.shows("#3 Maria taken by bob"));
  EXPECT_TRUE(desk.logs("#3 Maria picked up by bob after waiting"));
  carol.types("/take 3");
  EXPECT_TRUE(carol.shows("#3 Maria is with agent bob, who can /transfer them to you"));
  carol.types("/take 4");
  EXPECT_EQ(second.hears(), "hub____an agent is with you now");
  desk.agent_types("/next");
  EXPECT_TRUE(desk.logs("now talking to #5 Ana"));
  EXPECT_EQ(third.hears(), "hub____an agent is with you now");

  // Each conversation reaches its own agent only.
  first.socket.send("a question for bob\n");
  EXPECT_TRUE(bob.shows("#3 Maria: a question for bob"));
  bob.types("an answer from bob");
  EXPECT_EQ(first.socket.read_line(), "bob____an answer from bob");
  second.socket.send("a question for carol\n");
  EXPECT_TRUE(carol.shows("#4 Jonas: a question for carol"));
  carol.types("an answer from carol");
  EXPECT_EQ(second.hears(), "carol____an answer from carol");
  third.socket.send("a question for the console\n");
  EXPECT_TRUE(desk.logs("#5 Ana: a question for the console"));
  desk.agent_types("an answer from the console");
  EXPECT_EQ(third.hears(), "agent____an answer from the console");
  desk.agent_types("/agents");
  EXPECT_TRUE(desk.logs("3 agents on"));
  EXPECT_TRUE(desk.logs("* agent console  1 customer, talking to #5 Ana"));
  EXPECT_TRUE(desk.logs("  bob 127.0.0.1:"));
  EXPECT_TRUE(desk.logs("  carol 127.0.0.1:"));
  EXPECT_TRUE(log_lacks(desk, "a question for bob"));
  EXPECT_TRUE(log_lacks(desk, "a question for carol"));

  // bob hands his customer to carol, who already has one: the customer is told, and carol
  // chooses when to talk to them.
  bob.types("/transfer 3 carol");
  EXPECT_EQ(first.socket.read_line(), "hub____you are now with another agent, carol");
  EXPECT_TRUE(bob.shows("#3 Maria is with carol now; nobody is current"));
  EXPECT_TRUE(carol.shows("#3 Maria " + first.socket.address() + " transferred to you by bob; /take 3 to talk to them"));
  EXPECT_TRUE(desk.logs("#3 Maria transferred from bob to carol"));
  first.socket.send("still there?\n");
  EXPECT_TRUE(carol.shows("#3 Maria: still there?"));
  carol.types("/to 3 carol here");
  EXPECT_EQ(first.socket.read_line(), "carol____carol here");
  bob.types("/to 3 bob again");
  EXPECT_TRUE(bob.shows("#3 Maria is with agent carol, who can /transfer them to you"));
  // And to the console agent, by its name.
  carol.types("/transfer 3 agent");
  EXPECT_EQ(first.socket.read_line(), "hub____you are now with another agent, agent");
  EXPECT_TRUE(desk.logs("#3 Maria " + first.socket.address() + " transferred to you by carol; /take 3 to talk to them"));
  first.socket.send("hello console\n");
  EXPECT_TRUE(desk.logs("#3 Maria: hello console"));
}

TEST(TcpDeskAgentsTest, ARemoteAgentWhoLeavesPutsTheirCustomersBackInTheQueue) {
  agent_desk desk;
  remote_agent bob{desk, "bob"};
  ASSERT_TRUE(bob.logged_in);
  desk_customer first{desk, 2, "Maria"};
  desk_customer second{desk, 3, "Jonas"};
  bob.types("/take 2");
  EXPECT_EQ(first.socket.read_line(), "hub____an agent is with you now");
  EXPECT_EQ(second.socket.read_line(), "hub____you are now number 1 in the queue");
  bob.process.close_stdin();
  EXPECT_EQ(bob.process.wait_exit(), 0);
  EXPECT_TRUE(desk.logs("agent bob left; back in the queue: #2 Maria"));
  EXPECT_EQ(first.socket.read_line(), "hub____you are now number 1 in the queue: your agent has left the desk");
  EXPECT_EQ(second.socket.read_line(), "hub____you are now number 2 in the queue");
  desk.agent_types("/next");
  EXPECT_EQ(first.socket.read_line(), "hub____an agent is with you now");
}

TEST(TcpDeskAgentsTest, WhenTheConsolesInputEndsItsAgentIsNoLongerOn) {
  agent_desk desk;
  desk_customer first{desk, 1, "Maria"};
  desk.agent_types("/take 1");
  EXPECT_EQ(first.socket.read_line(), "hub____an agent is with you now");
  desk.process.close_stdin();
  EXPECT_TRUE(desk.logs("agent agent left: the console's input ended; back in the queue: #1 Maria"));
  EXPECT_EQ(first.socket.read_line(), "hub____you are now number 1 in the queue: your agent has left the desk");
  remote_agent bob{desk, "bob"};
  ASSERT_TRUE(bob.logged_in);
  bob.types("/agents");
  EXPECT_TRUE(bob.shows("1 agent on"));
  bob.types("/next");
  EXPECT_EQ(first.socket.read_line(), "hub____an agent is with you now");
}

TEST(TcpDeskAgentsTest, ALoginLineInAConversationIsNeitherALoginNorShown) {
  agent_desk desk;
  desk_customer first{desk, 1, "Maria"};
  desk.agent_types("/take 1");
  EXPECT_EQ(first.socket.read_line(), "hub____an agent is with you now");
  first.socket.send("/agent bob pasted into the wrong window\n");
  EXPECT_EQ(first.socket.read_line(),
            "hub____error: not sent: an agent logs in with /agent as the first line, not in a conversation");
  first.socket.send("still here\n");
  EXPECT_TRUE(desk.logs("#1 Maria: still here"));
  EXPECT_TRUE(log_lacks(desk, "wrong window"));
  EXPECT_TRUE(log_lacks(desk, "agent login"));
}

// The text columns of every hex dump in `trace`, run together: what the traced bytes said,
// even where a dump's rows cut a word in two.
std::string dumped_text(const std::string& trace) {
  std::string text;
  std::size_t at = 0;
  while (at < trace.size()) {
    const std::size_t end = std::min(trace.find('\n', at), trace.size());
    const std::string_view line{trace.data() + at, end - at};
    const std::size_t open = line.find('|');
    if (line.size() > 6 && line[6] == ' ' && open != std::string_view::npos && line.ends_with('|')) {
      text.append(line.substr(open + 1, line.size() - open - 2));
    }
    at = end + 1;
  }
  return text;
}

TEST(TcpDeskAgentsTest, TracesShowAnAgentsLoginButNeverItsKey) {
  agent_desk desk{std::vector<std::string>{"--trace"}};
  auto arguments = remote_agent::on_loopback(remote_agent::arguments(desk, "bob"));
  arguments.emplace_back("--trace");
  remote_agent bob{command_line{bin_path("udpchat"), arguments}, "bob"};
  ASSERT_TRUE(bob.logged_in);
  bob.types("/agents");
  // Both traces have gone past the login once the next line shows in them.
  const auto past_login = [](const std::string& line) { return line.find("|/agents.|") != std::string::npos; };
  ASSERT_TRUE(desk.process.wait_for_stderr(past_login));
  ASSERT_TRUE(bob.process.wait_for_stderr(past_login));
  const std::string withheld = "bytes), not shown: an agent's login holds its key";
  for (const std::string& trace : {desk.process.all_stderr(), bob.process.all_stderr()}) {
    EXPECT_NE(trace.find(withheld), std::string::npos) << trace;
    EXPECT_NE(dumped_text(trace).find("welcome, agent bob"), std::string::npos) << trace;
    EXPECT_EQ(dumped_text(trace).find("battery"), std::string::npos) << trace;
  }
}

TEST(TcpDeskAgentsTest, AWrongKeyGetsOneLineAndACloseAndIsLogged) {
  agent_desk desk;
  tcp_probe guesser{desk.port};
  EXPECT_TRUE(guesser.read_line());  // the customers' welcome: the desk cannot know yet
  guesser.send("/agent mallory not the key at all, sorry\n");
  EXPECT_EQ(guesser.read_line(), "hub____error: agent login refused: wrong key");
  EXPECT_TRUE(guesser.closed_by_peer());
  EXPECT_TRUE(desk.logs("agent login as mallory from " + guesser.address() + " refused: wrong key"));
  EXPECT_TRUE(log_lacks(desk, "not the key"));

  // The real terminal says what the desk said, and ends.
  remote_agent wrong{desk, "eve", "a wrong key of some length"};
  EXPECT_FALSE(wrong.logged_in);
  EXPECT_EQ(wrong.process.wait_exit(), 1);
  EXPECT_NE(wrong.process.all_stderr().find("udpchat: the desk did not let eve in as an agent"), std::string::npos)
      << wrong.process.all_stderr();
  wrong.process.drain();
  EXPECT_NE(wrong.process.all_stdout().find("*** hub: error: agent login refused: wrong key"), std::string::npos)
      << wrong.process.all_stdout();
  EXPECT_TRUE(desk.logs("agent login as eve from 127.0.0.1:"));
  EXPECT_TRUE(log_lacks(desk, "a wrong key"));
  EXPECT_TRUE(log_lacks(desk, desk_key));
}

TEST(TcpDeskAgentsTest, AnAddressWithTooManyFailedLoginsIsRefusedEvenWithTheRightKey) {
  agent_desk desk;
  for (int attempt = 1; attempt <= 5; ++attempt) {
    tcp_probe guesser{desk.port};
    guesser.send("/agent mallory guess number " + std::to_string(attempt) + "\n");
    EXPECT_EQ(guesser.read_line_matching([](const std::string& l) { return l.starts_with("hub____error"); }),
              "hub____error: agent login refused: wrong key")
        << attempt;
  }
  tcp_probe late{desk.port};
  late.send(std::string{"/agent mallory "} + desk_key + "\n");
  EXPECT_EQ(late.read_line_matching([](const std::string& l) { return l.starts_with("hub____error"); }),
            "hub____error: too many failed agent logins; try again later");
  EXPECT_TRUE(late.closed_by_peer());
  EXPECT_TRUE(desk.logs("agent login as mallory from " + late.address() +
                        " refused: too many failed logins from 127.0.0.1 (5 within 10m)"));
  // Customers are not affected.
  desk_customer customer{desk, 7, "Maria"};
  customer.socket.send("hello\n");
  EXPECT_TRUE(desk.logs("#7 Maria: hello"));
}

TEST(TcpDeskAgentsTest, ADeskWithoutAKeyTakesNoRemoteAgents) {
  running_server desk{"udpchat-desk", on_loopback()};
  tcp_probe would_be{desk.port};
  would_be.send(std::string{"/agent bob "} + desk_key + "\n");
  EXPECT_EQ(would_be.read_line_matching([](const std::string& l) { return l.starts_with("hub____error"); }),
            "hub____error: this desk takes no remote agents");
  EXPECT_TRUE(would_be.closed_by_peer());
  EXPECT_TRUE(desk.logs("agent login from " + would_be.address() + " refused: this desk has no --agent-key-file"));
  EXPECT_TRUE(log_lacks(desk, desk_key));
}

TEST(TcpDeskAgentsTest, AKeyFileOthersCanReadIsRefusedOnBothSides) {
  const std::string open_key = key_file("open.key", desk_key, 0644);
  child_process desk{bin_path("udpchat-desk"), {"--agent-key-file", open_key, "--port", "0"}};
  EXPECT_EQ(desk.wait_exit(), 2);
  EXPECT_NE(desk.all_stderr().find("udpchat-desk: --agent-key-file: " + open_key +
                                   " may be read or written by others than its owner (mode 0644); "
                                   "make it private with: chmod 600 " + open_key),
            std::string::npos)
      << desk.all_stderr();
  child_process agent{bin_path("udpchat"), {"--tcp", "--agent", "--agent-key-file", open_key, "--name", "bob"}};
  EXPECT_EQ(agent.wait_exit(), 2);
  EXPECT_NE(agent.all_stderr().find("udpchat: --agent-key-file: " + open_key + " may be read or written"),
            std::string::npos)
      << agent.all_stderr();
  const std::string short_key = key_file("short.key", "hunter2");
  child_process weak{bin_path("udpchat-desk"), {"--agent-key-file", short_key, "--port", "0"}};
  EXPECT_EQ(weak.wait_exit(), 2);
  EXPECT_NE(weak.all_stderr().find("must be 16 to 1024 characters, not 7"), std::string::npos) << weak.all_stderr();
  child_process without_tcp{bin_path("udpchat"), {"--agent", "--agent-key-file", short_key}};
  EXPECT_EQ(without_tcp.wait_exit(), 2);
  EXPECT_NE(without_tcp.all_stderr().find("--agent needs --tcp"), std::string::npos) << without_tcp.all_stderr();
}

}  // namespace
}  // namespace udpchat::testing
