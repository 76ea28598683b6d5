// SPDX-License-Identifier: GPL-3.0-or-later
// udpchat-desk: an agent at the console (the test, through the desk's stdin and stdout) and
// customers on raw TCP sockets or real udpchat --tcp terminals.
#include <signal.h>

#include "server_fixture.hpp"
#include "tcp_keepalive.hpp"
#include "tcp_probe.hpp"
#include "tcp_server_fixture.hpp"

namespace udpchat::testing {
namespace {

// A customer that has connected, been welcomed, answered with its name ("c" and its number),
// and been seen joining the queue by the agent.
struct customer {
  customer(running_desk& desk, int number) : socket{desk.port} {
    welcome = socket.read_line().value_or("");
    const std::string name = "c" + std::to_string(number);
    socket.send(name + "\n");
    thanked = socket.read_line().value_or("");
    arrived = desk.logs("#" + std::to_string(number) + " " + name + " (" + socket.address() + ") is waiting");
  }
  tcp_probe socket;
  std::string welcome;
  std::string thanked;
  bool arrived;
};

TEST(TcpDeskTest, CustomersAreAskedTheirNameAndToldTheirPlaceAndTheAgentSeesThemArrive) {
  running_desk desk;
  customer first{desk, 1};
  customer second{desk, 2};
  EXPECT_TRUE(first.arrived);
  EXPECT_TRUE(second.arrived);
  EXPECT_EQ(first.welcome,
            "hub____welcome to the help desk, you are customer #1; please send your name to join the queue; idle timeout 30m; rate limit 20/s burst 60; send quit to leave");
  EXPECT_EQ(first.thanked, "hub____thank you, c1: you are number 1 in the queue; no estimate of the wait yet");
  EXPECT_EQ(second.welcome,
            "hub____welcome to the help desk, you are customer #2; please send your name to join the queue; idle timeout 30m; rate limit 20/s burst 60; send quit to leave");
  EXPECT_EQ(second.thanked, "hub____thank you, c2: you are number 2 in the queue; no estimate of the wait yet");
  second.socket.send("is anyone there?\n");
  EXPECT_TRUE(desk.logs("#2 c2: is anyone there?"));
}

TEST(TcpDeskTest, DeskOnItsDefaultAddressServesIpv4AndIpv6CustomersEachShownPlain) {
  running_server desk{"udpchat-desk", {"--port", "0"}};
  tcp_probe v4{desk.port};
  EXPECT_TRUE(desk.logs("#1 " + v4.address() + " arrived"));
  tcp_probe v6{desk.port, 0, true};
  EXPECT_TRUE(desk.logs("#2 " + v6.address() + " arrived"));
  EXPECT_EQ(desk.process.all_stdout().find("::ffff:"), std::string::npos) << desk.process.all_stdout();
}

TEST(TcpDeskTest, AgentsWhoShowsIdleSinceTheCustomersLastLine) {
  running_desk desk;
  customer first{desk, 1};
  desk.agent_types("/take 1");
  EXPECT_TRUE(first.socket.read_line());  // told it is talking to the agent now
  first.socket.send("hello\n");
  EXPECT_TRUE(desk.logs("#1 c1: hello"));
  const auto said_at = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - said_at < std::chrono::milliseconds{2200}) {
    first.socket.send("\n");
    EXPECT_FALSE(first.socket.read_line(std::chrono::milliseconds{200}));
  }
  desk.agent_types("/who");
  EXPECT_TRUE(desk.process.wait_for_stdout([](const std::string& line) {
    const auto at = line.find("talking, idle ");
    return at != std::string::npos && std::stoi(line.substr(at + 14)) >= 2;
  }));
}

TEST(TcpDeskTest, AgentChoosesWhichCustomerEachReplyGoesTo) {
  running_desk desk;
  customer first{desk, 1};
  customer second{desk, 2};
  desk.agent_types("who gets this?");
  EXPECT_TRUE(desk.logs("not sent: nobody is current; choose with /take N or /next, or use /to N text"));

  desk.agent_types("/to 2 hello second");
  EXPECT_EQ(second.socket.read_line(), "agent____hello second");
  desk.agent_types("/take 1");
  // The first customer never saw the unsent line: the next thing they get is being picked up.
  EXPECT_EQ(first.socket.read_line(), "hub____an agent is with you now");
  EXPECT_EQ(second.socket.read_line(), "hub____you are now number 1 in the queue");
  desk.agent_types("now you, first");
  EXPECT_EQ(first.socket.read_line(), "agent____now you, first");
  desk.agent_types("/to #2 back to you");
  EXPECT_EQ(second.socket.read_line(), "agent____back to you");  // nothing meant for first came before
}

// A word to a waiting customer ("one moment, please") is not taking them: they keep their
// place, and /next reaches them in turn rather than skipping them.
TEST(TcpDeskTest, NextReachesACustomerTheAgentOnlyWroteTo) {
  running_desk desk;
  customer first{desk, 1};
  customer second{desk, 2};
  customer third{desk, 3};
  desk.agent_types("/to 2 one moment, please");
  EXPECT_EQ(second.socket.read_line(), "agent____one moment, please");
  desk.agent_types("/who");
  EXPECT_TRUE(desk.logs("3 customers, 3 waiting"));
  desk.agent_types("/next");
  EXPECT_TRUE(desk.logs("now talking to #1"));
  EXPECT_EQ(second.socket.read_line(), "hub____you are now number 1 in the queue");
  desk.agent_types("/next");
  EXPECT_TRUE(desk.logs("now talking to #2"));
  EXPECT_EQ(second.socket.read_line(), "hub____an agent is with you now");
  desk.agent_types("here I am");
  EXPECT_EQ(second.socket.read_line(), "agent____here I am");
  EXPECT_EQ(third.socket.read_line(), "hub____you are now number 2 in the queue");
  EXPECT_EQ(third.socket.read_line(), "hub____you are now number 1 in the queue");
}

TEST(TcpDeskTest, AgentAndCustomerTypeAtTheSameTime) {
  running_desk desk;
  customer only{desk, 1};
  desk.agent_types("/next");
  constexpr int lines = 50;
  for (int i = 0; i < lines; ++i) {
    desk.agent_types("agent line " + std::to_string(i));
    only.socket.send("customer line " + std::to_string(i) + "\n");
  }
  EXPECT_EQ(only.socket.read_line(), "hub____an agent is with you now");
  for (int i = 0; i < lines; ++i) {
    EXPECT_EQ(only.socket.read_line(), "agent____agent line " + std::to_string(i));
    EXPECT_TRUE(desk.logs("#1 c1: customer line " + std::to_string(i)));
  }
}

TEST(TcpDeskTest, CustomersBehindSomeoneWhoLeavesTheQueueMoveUp) {
  running_desk desk;
  customer first{desk, 1};
  customer second{desk, 2};
  customer third{desk, 3};
  desk.agent_types("/next");
  EXPECT_EQ(first.socket.read_line(), "hub____an agent is with you now");
  EXPECT_EQ(second.socket.read_line(), "hub____you are now number 1 in the queue");
  EXPECT_EQ(third.socket.read_line(), "hub____you are now number 2 in the queue");
  second.socket.send("quit\n");
  EXPECT_EQ(third.socket.read_line(), "hub____you are now number 1 in the queue");
}

TEST(TcpDeskTest, CustomerQuitAndDropEndOnlyTheirConversation) {
  running_desk desk;
  customer quitter{desk, 1};
  customer dropper{desk, 2};
  customer stayer{desk, 3};
  quitter.socket.send("quit\n");
  EXPECT_EQ(quitter.socket.read_line(), "hub____goodbye");
  EXPECT_TRUE(quitter.socket.closed_by_peer());
  EXPECT_TRUE(desk.logs("#1 c1 left"));
  dropper.socket.close();
  EXPECT_TRUE(desk.logs("#2 c2 disconnected"));
  desk.agent_types("/take 3");
  desk.agent_types("still with you, three");
  EXPECT_EQ(stayer.socket.read_line_matching([](const std::string& l) { return l.starts_with("agent____"); }),
            "agent____still with you, three");
}

TEST(TcpDeskTest, AReplyNeverFallsBackToACustomerTheAgentDidNotChoose) {
  running_desk desk;
  customer alice{desk, 1};
  customer bob{desk, 2};
  desk.agent_types("/take 1");
  EXPECT_EQ(alice.socket.read_line(), "hub____an agent is with you now");
  alice.socket.send("quit\n");
  EXPECT_TRUE(desk.logs("#1 c1 left"));
  EXPECT_TRUE(desk.logs("nobody is current now"));
  // Typed for alice; bob, the only customer left, must not get it, nor be closed by a bare /close.
  desk.agent_types("your reset code is 4711");
  EXPECT_TRUE(desk.logs("not sent: nobody is current"));
  desk.agent_types("/close");
  EXPECT_TRUE(desk.logs("whose conversation? nobody is current"));
  desk.agent_types("/to 2 marker");
  std::vector<std::string> bob_got;
  EXPECT_EQ(bob.socket.read_line_matching([&](const std::string& l) {
    bob_got.push_back(l);
    return l.starts_with("agent____");
  }),
            "agent____marker");
  for (const auto& line : bob_got) EXPECT_EQ(line.find("4711"), std::string::npos) << line;
}

TEST(TcpDeskTest, TheAgentSeesACustomersLongLineWhole) {
  running_desk desk;
  customer only{desk, 1};
  const std::string long_text = "start " + std::string(5000, 'x') + " end";
  only.socket.send(long_text + "\n");
  EXPECT_TRUE(desk.logs("#1 c1: " + long_text));
}

TEST(TcpDeskTest, AgentClosesOneConversation) {
  running_desk desk;
  customer first{desk, 1};
  customer second{desk, 2};
  desk.agent_types("/close 1");
  EXPECT_EQ(first.socket.read_line(), "hub____the agent closed the conversation; goodbye");
  EXPECT_TRUE(first.socket.closed_by_peer());
  EXPECT_TRUE(desk.logs("#1 c1 closed"));
  desk.agent_types("/take 2");
  desk.agent_types("just you now");
  EXPECT_EQ(second.socket.read_line_matching([](const std::string& l) { return l.starts_with("agent____"); }),
            "agent____just you now");
}

TEST(TcpDeskTest, AgentQuitOrSignalTellsEveryCustomerAndExitsWithinTwoSeconds) {
  for (const bool by_signal : {false, true}) {
    running_desk desk;
    customer first{desk, 1};
    customer second{desk, 2};
    const auto asked_at = std::chrono::steady_clock::now();
    if (by_signal) {
      desk.process.send_signal(SIGINT);
    } else {
      desk.agent_types("quit");
    }
    EXPECT_EQ(desk.process.wait_exit(std::chrono::milliseconds{2000}), 0);
    EXPECT_LT(std::chrono::steady_clock::now() - asked_at, std::chrono::seconds{2});
    for (auto* each : {&first, &second}) {
      EXPECT_TRUE(each->socket.read_line_matching([](const std::string& l) { return l == "hub____closing____qq"; }));
      EXPECT_TRUE(each->socket.closed_by_peer());
    }
  }
}

TEST(TcpDeskTest, OverlongLineGetsAnErrorAndTheConversationGoesOn) {
  running_desk desk;
  customer only{desk, 1};
  only.socket.send(std::string(100000, 'z') + "\nafter that\n");
  EXPECT_EQ(only.socket.read_line(), "hub____error: line dropped: longer than 65536 bytes");
  EXPECT_TRUE(desk.logs("#1 c1: after that"));
}

TEST(TcpDeskTest, ReplyTooLongForOneLineIsRefusedAtTheConsole) {
  running_desk desk;
  customer only{desk, 1};
  desk.agent_types("/take 1");
  desk.agent_types(std::string(65530, 'r'));
  EXPECT_TRUE(desk.logs("not sent: 65530 bytes, at most 65527 fit in one line"));
  desk.agent_types("short reply");
  EXPECT_EQ(only.socket.read_line_matching([](const std::string& l) { return l.starts_with("agent____"); }),
            "agent____short reply");
}

TEST(TcpDeskTest, KeepsServingWhenTheConsoleInputEnds) {
  running_desk desk;
  desk.process.close_stdin();
  customer late{desk, 1};
  EXPECT_TRUE(late.arrived);
  late.socket.send("hello?\n");
  EXPECT_TRUE(desk.logs("#1 c1: hello?"));
}

TEST(TcpDeskTest, TerminalIsACustomer) {
  running_desk desk;
  running_terminal person{desk, {"--tcp"}, " arrived"};
  EXPECT_TRUE(person.shows("*** hub: welcome to the help desk, you are customer #1; please send your name"));
  person.process.write_stdin("dave\nmy printer is on fire\n");
  EXPECT_TRUE(person.shows("*** hub: thank you, dave: you are number 1 in the queue"));
  EXPECT_TRUE(desk.logs("#1 dave: my printer is on fire"));
  desk.agent_types("/next");
  desk.agent_types("have you tried water?");
  EXPECT_TRUE(person.shows("*** hub: an agent is with you now"));
  EXPECT_EQ(person.shows("water"), "agent: have you tried water?");
  desk.agent_types("/close");
  EXPECT_TRUE(person.shows("*** hub: the agent closed the conversation; goodbye"));
  EXPECT_EQ(person.process.wait_exit(), 0);
}

// --name works with a desk too, as udpchat(1) says: the agent sees the name on every line.
TEST(TcpDeskTest, TheTerminalsNameIsShownToTheAgent) {
  running_desk desk;
  running_terminal carol{desk, {"--tcp", "--name", "carol"}, " arrived"};
  EXPECT_TRUE(carol.shows("*** hub: thank you, carol: you are number 1 in the queue"));
  carol.process.write_stdin("my printer is on fire\n");
  EXPECT_TRUE(desk.logs("#1 carol: my printer is on fire"));
}

TEST(TcpDeskTest, CustomerPastTheCapIsToldTheDeskIsFullAndClosed) {
  running_desk desk{{"--max-connections", "1"}};
  customer only{desk, 1};
  tcp_probe refused{desk.port};
  EXPECT_EQ(refused.read_line(), "hub____error: the desk is full (1 customer); try again later");
  EXPECT_TRUE(refused.closed_by_peer());
  EXPECT_TRUE(desk.logs("refused " + refused.address() + ": the desk is full (1 customer)"));
  only.socket.send("am I still here?\n");
  EXPECT_TRUE(desk.logs("#1 c1: am I still here?"));
  desk.agent_types("/take 1");
  desk.agent_types("you are");
  EXPECT_EQ(only.socket.read_line(), "hub____an agent is with you now");
  EXPECT_EQ(only.socket.read_line(), "agent____you are");
}

TEST(TcpDeskTest, SilentCustomerIsToldAndClosedAndTheAgentSeesIt) {
  running_desk desk{{"--idle-timeout", "300ms", "--line-timeout", "0"}};
  customer talker{desk, 1};
  const keepalive talker_alive{talker.socket};
  customer silent{desk, 2};
  EXPECT_EQ(silent.socket.read_line(), "hub____error: silent for 300ms; closing");
  EXPECT_TRUE(silent.socket.closed_by_peer());
  EXPECT_TRUE(desk.logs("#2 c2 timed out (silent for 300ms)"));
  talker.socket.send("still here\n");
  EXPECT_TRUE(desk.logs("#1 c1: still here"));
  // The talker's empty lines kept it in without a word to the agent or back.
  for (const auto& line : desk.process.stdout_lines()) EXPECT_FALSE(line.ends_with("#1 c1: ")) << line;
  desk.agent_types("/to 1 good");
  EXPECT_EQ(talker.socket.read_line(), "agent____good");
}

TEST(TcpDeskTest, LineNotFinishedInTimeIsToldAndClosedAndTheAgentSeesIt) {
  running_desk desk{{"--line-timeout", "300ms", "--idle-timeout", "0"}};
  customer slow{desk, 1};
  customer steady{desk, 2};
  slow.socket.send("I will never fin");
  EXPECT_EQ(slow.socket.read_line_matching([](const std::string& l) { return l.starts_with("hub____error"); }),
            "hub____error: line not finished within 300ms; closing");
  EXPECT_TRUE(slow.socket.closed_by_peer());
  EXPECT_TRUE(desk.logs("#1 c1 timed out (line not finished within 300ms)"));
  steady.socket.send("hello\n");
  EXPECT_TRUE(desk.logs("#2 c2: hello"));
}

TEST(TcpDeskTest, CommandLineIsCheckedAndDescribed) {
  child_process help{bin_path("udpchat-desk"), {"--help"}};
  EXPECT_EQ(help.wait_exit(), 0);
  help.drain();
  for (const char* word : {"--host", "--port", "--max-queue", "--max-connections", "--idle-timeout",
                           "--line-timeout", "(default: 1000)", "(default: 30m)", "(default: 30s)",
                           "--help", "--version", "/to N", "/take N", "/next", "/who", "/close", "quit"}) {
    EXPECT_NE(help.all_stdout().find(word), std::string::npos) << word;
  }
  child_process refused{bin_path("udpchat-desk"), {"--max-queue", "lots"}};
  EXPECT_EQ(refused.wait_exit(), 2);
  child_process no_unit{bin_path("udpchat-desk"), {"--line-timeout", "5"}};
  EXPECT_EQ(no_unit.wait_exit(), 2);
  no_unit.drain();
  EXPECT_NE(no_unit.all_stderr().find("udpchat-desk: --line-timeout must be a whole number with a unit"),
            std::string::npos)
      << no_unit.all_stderr();
}

TEST(TcpDeskTest, ACustomersNameIsShownToTheAgent) {
  running_desk desk;
  customer first{desk, 1};
  first.socket.send("/nick carol\n");
  EXPECT_EQ(first.socket.read_line(), "hub____the agent now sees you as carol");
  EXPECT_TRUE(desk.logs("#1 c1 is now called carol"));
  first.socket.send("my printer is on fire\n/who\n");
  EXPECT_TRUE(desk.logs("#1 carol: my printer is on fire"));
  EXPECT_EQ(first.socket.read_line(), "hub____error: the customers of a help desk are not listed");
}

}  // namespace
}  // namespace udpchat::testing
