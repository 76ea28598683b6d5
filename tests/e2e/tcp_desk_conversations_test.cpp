// SPDX-License-Identifier: GPL-3.0-or-later
// udpchat-desk's conversations: a customer's name before the queue, news of the wait, messages
// left with nobody on, canned replies, and transcripts.
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>

#include "desk_fixture.hpp"
#include "directory_files.hpp"

namespace udpchat::testing {
namespace {

// An empty directory for a test's files (emptied if an earlier run of the test left it).
std::string new_directory(const std::string& name) {
  const std::string path = temporary_path(name);
  for (const auto& file : files_in(path)) ::unlink((path + "/" + file).c_str());
  ::mkdir(path.c_str(), 0700);
  return path;
}

TEST(TcpDeskConversationsTest, ACustomerJoinsTheQueueOnlyWithAName) {
  agent_desk desk;
  tcp_probe customer{desk.port};
  EXPECT_EQ(customer.read_line(),
            "hub____welcome to the help desk, you are customer #1; please send your name to join the queue; idle "
            "timeout 30m; rate limit 20/s burst 60; send quit to leave");
  EXPECT_TRUE(desk.logs("#1 " + customer.address() + " arrived, asked for a name"));
  customer.send("my printer is on fire\n");
  EXPECT_EQ(customer.read_line(),
            "hub____error: that is not a name: a name is 1 to 20 ASCII letters, digits, '.', '-' or '_' (no four '_' "
            "in a row); please send your name");
  desk.agent_types("/take 1");
  EXPECT_TRUE(desk.logs("#1 has not given a name yet, and is not in the queue"));
  desk.agent_types("/who");
  EXPECT_TRUE(desk.logs("#1 " + customer.address() + "  asked for a name "));
  customer.send("/nick Maria\n");
  EXPECT_EQ(customer.read_line(), "hub____thank you, Maria: you are number 1 in the queue; no estimate of the wait yet");
  EXPECT_TRUE(desk.logs("#1 Maria (" + customer.address() + ") is waiting, 1 waiting"));
  for (const auto& line : desk.process.stdout_lines()) {
    EXPECT_EQ(line.find("printer"), std::string::npos) << "a name's attempt was shown: " << line;
  }
  customer.send("now my question\n");
  EXPECT_TRUE(desk.logs("#1 Maria: now my question"));
}

TEST(TcpDeskConversationsTest, WaitingCustomersHearTheirPlaceAndTheEstimatedWait) {
  agent_desk desk{{"--queue-news", "200ms"}};
  desk_customer first{desk, 1, "Maria"};
  desk_customer second{desk, 2, "Jonas"};
  desk_customer third{desk, 3, "Ana"};
  EXPECT_EQ(third.socket.read_line(), "hub____you are number 3 in the queue; no estimate of the wait yet");
  desk.agent_types("/next");
  EXPECT_TRUE(desk.logs("now talking to #1 Maria"));
  desk.agent_types("/close");
  desk.agent_types("/next");
  EXPECT_TRUE(desk.logs("now talking to #2 Jonas"));
  // Two pick-ups, moments apart: the queue moves fast.
  EXPECT_TRUE(third.socket.read_line_matching(
      [](const std::string& l) { return l == "hub____you are number 1 in the queue; estimated wait under a minute"; }));
}

TEST(TcpDeskConversationsTest, AMessageLeftWithNobodyOnIsShownToTheNextAgentOnly) {
  agent_desk desk;
  desk.process.close_stdin();
  EXPECT_TRUE(desk.logs("agent agent left: the console's input ended"));
  desk_customer maria{desk, 1, "Maria"};
  EXPECT_EQ(maria.thanked,
            "hub____thank you, Maria: you are number 1 in the queue; nobody is at the desk now: what you send is kept "
            "as a message for the next agent, or wait for one");
  maria.socket.send("please call me back on 555 0100\n");
  EXPECT_EQ(maria.socket.read_line(), "hub____kept: the next agent to come on will see what you send while nobody is here");
  maria.socket.send("it is about the invoice\n");
  EXPECT_TRUE(desk.logs("#1 Maria: it is about the invoice"));
  maria.socket.close();
  EXPECT_TRUE(desk.logs("#1 Maria disconnected"));

  remote_agent bob{desk, "bob"};
  ASSERT_TRUE(bob.logged_in);
  EXPECT_TRUE(bob.shows("2 messages left while nobody was on:"));
  const auto first = bob.shows(": please call me back on 555 0100");
  ASSERT_TRUE(first);
  EXPECT_TRUE(std::regex_match(*first, std::regex{R"(  \d\d:\d\d:\d\d #1 Maria \(127\.0\.0\.1:\d+\): please call me back on 555 0100)"}))
      << *first;
  EXPECT_TRUE(bob.shows("#1 Maria (127.0.0.1:"));
  remote_agent carol{desk, "carol"};
  ASSERT_TRUE(carol.logged_in);
  carol.types("/agents");
  EXPECT_TRUE(carol.shows("2 agents on"));
  carol.process.close_stdin();
  EXPECT_EQ(carol.process.wait_exit(), 0);
  EXPECT_EQ(carol.process.all_stdout().find("please call me back"), std::string::npos) << carol.process.all_stdout();
}

TEST(TcpDeskConversationsTest, ACannedReplyGoesOutWithTheCustomersNameFilledIn) {
  const std::string canned = temporary_path("canned.txt");
  {
    std::ofstream out{canned};
    out << "# replies for the help desk\n"
           "hello Hello {name}, how can I help?\n"
           "ticket {name}, your ticket is {id}.\n";
  }
  agent_desk desk{{"--canned", canned}};
  remote_agent bob{desk, "bob"};
  ASSERT_TRUE(bob.logged_in);
  desk_customer maria{desk, 2, "Maria"};
  desk_customer jonas{desk, 3, "Jonas"};
  bob.types("/take 2");
  EXPECT_EQ(maria.hears(), "hub____an agent is with you now");
  bob.types("/c hello");
  EXPECT_EQ(maria.hears(), "bob____Hello Maria, how can I help?");
  desk.agent_types("/c ticket 3");
  EXPECT_EQ(jonas.hears(), "agent____Jonas, your ticket is #3.");
  bob.types("/c goodbye");
  EXPECT_TRUE(bob.shows("there is no canned reply called goodbye; /canned lists them"));
  bob.types("/canned");
  EXPECT_TRUE(bob.shows("2 canned replies:"));
  EXPECT_TRUE(bob.shows("  hello  Hello {name}, how can I help?"));
  EXPECT_TRUE(bob.shows("  ticket  {name}, your ticket is {id}."));
}

TEST(TcpDeskConversationsTest, ABadCannedFileStopsTheStartSayingWhichLine) {
  const std::string canned = temporary_path("bad-canned.txt");
  {
    std::ofstream out{canned};
    out << "hello Hello {name}\n"
           "typo Hello {nmae}\n";
  }
  child_process desk{bin_path("udpchat-desk"), {"--canned", canned, "--port", "0"}};
  EXPECT_EQ(desk.wait_exit(), 2);
  EXPECT_NE(desk.all_stderr().find("udpchat-desk: --canned: " + canned +
                                   ":2: unknown placeholder {nmae}: only {name} and {id} are filled in"),
            std::string::npos)
      << desk.all_stderr();
}

// Every moment of a conversation, both ways, in its own file: the customer, the console agent,
// a canned reply, a transfer to a remote agent, and the end.
TEST(TcpDeskConversationsTest, EachConversationIsWrittenToItsOwnTranscript) {
  const std::string directory = new_directory("transcripts");
  const std::string canned = temporary_path("transcript-canned.txt");
  {
    std::ofstream out{canned};
    out << "hello Hello {name}, ticket {id}.\n";
  }
  agent_desk desk{{"--transcript-dir", directory, "--canned", canned}};
  remote_agent bob{desk, "bob"};
  ASSERT_TRUE(bob.logged_in);
  desk_customer maria{desk, 2, "Maria"};
  desk_customer jonas{desk, 3, "Jonas"};
  maria.socket.send("my printer\tis on fire \x1b[31m\n");
  EXPECT_TRUE(desk.logs("#2 Maria: my printer\\tis on fire \\x1b[31m"));
  desk.agent_types("/take 2");
  EXPECT_EQ(maria.hears(), "hub____an agent is with you now");
  desk.agent_types("/c hello");
  EXPECT_EQ(maria.hears(), "agent____Hello Maria, ticket #2.");
  desk.agent_types("/transfer 2 bob");
  EXPECT_EQ(maria.hears(), "hub____you are now with another agent, bob");
  maria.socket.send("thanks\n");
  EXPECT_TRUE(bob.shows("#2 Maria: thanks"));
  bob.types("you are welcome");
  EXPECT_EQ(maria.hears(), "bob____you are welcome");
  maria.socket.send("quit\n");
  EXPECT_TRUE(desk.logs("#2 Maria left"));

  const auto names = files_in(directory);
  ASSERT_EQ(names.size(), 2U) << "one for Maria, one for Jonas, who is still waiting";
  std::string marias;
  for (const auto& name : names) {
    EXPECT_TRUE(std::regex_match(name, std::regex{R"(\d{8}T\d{6}Z-[23]\.txt)"})) << name;
    if (name.ends_with("-2.txt")) marias = directory + "/" + name;
  }
  ASSERT_FALSE(marias.empty());
  struct stat status {};
  ASSERT_EQ(::stat(marias.c_str(), &status), 0);
  EXPECT_EQ(status.st_mode & 0777, 0600U);
  const std::string written =
      std::regex_replace(whole_file(marias), std::regex{R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)"}, "TIME");
  EXPECT_EQ(written, "customer #2 Maria " + maria.socket.address() +
                         "\n"
                         "start TIME\n"
                         "TIME waiting, number 1 in the queue\n"
                         "TIME customer: my printer\\tis on fire \\x1b[31m\n"
                         "TIME taken by agent\n"
                         "TIME agent agent: Hello Maria, ticket #2.\n"
                         "TIME transferred from agent to bob\n"
                         "TIME customer: thanks\n"
                         "TIME agent bob: you are welcome\n"
                         "end TIME: left\n");
}

TEST(TcpDeskConversationsTest, ATranscriptDirectoryThatCannotBeWrittenLeavesTheDeskServing) {
  const std::string directory = new_directory("gone-transcripts");
  agent_desk desk{{"--transcript-dir", directory}};
  ASSERT_EQ(::rmdir(directory.c_str()), 0);
  desk_customer maria{desk, 1, "Maria"};
  // Logged as she joined the queue, before the agents were told.
  const auto& log = desk.process.stdout_lines();
  EXPECT_TRUE(std::any_of(log.begin(), log.end(), [&](const std::string& line) {
    return line.find("transcript of #1 not kept: cannot create " + directory + "/") != std::string::npos &&
           line.ends_with(": No such file or directory");
  }));
  maria.socket.send("hello?\n");
  EXPECT_TRUE(desk.logs("#1 Maria: hello?"));
  desk.agent_types("/take 1");
  desk.agent_types("still here");
  EXPECT_EQ(maria.hears(), "hub____an agent is with you now");
  EXPECT_EQ(maria.hears(), "agent____still here");
}

TEST(TcpDeskConversationsTest, ATranscriptDiskThatFillsUpLeavesTheDeskServing) {
  // The transcripts go to a file system of one page, mounted in a mount namespace of the desk's
  // own (util-linux's unshare; as root, as CI runs), so it fills after a few lines.
  const auto unshare = program_on_path("unshare");
  ASSERT_TRUE(unshare) << "needs util-linux's unshare";
  const std::string directory = new_directory("full-transcripts");
  command_line command{*unshare,
                       {"--mount", "--propagation", "private", "sh", "-c",
                        "mount -t tmpfs -o size=4k,mode=0700 udpchat-full \"$0\" && exec \"$@\"", directory,
                        bin_path("udpchat-desk")}};
  for (const auto& each : on_loopback({"--transcript-dir", directory})) command.arguments.push_back(each);
  agent_desk desk{command};
  ASSERT_NE(desk.port, 0) << "the desk did not start in its mount namespace";
  desk_customer maria{desk, 1, "Maria"};
  desk.agent_types("/take 1");
  EXPECT_EQ(maria.hears(), "hub____an agent is with you now");
  const std::string long_line(900, 'x');
  bool full = false;
  for (int line = 1; line <= 20 && !full; ++line) {
    maria.socket.send(std::to_string(line) + long_line + "\n");
    EXPECT_TRUE(desk.logs("#1 Maria: " + std::to_string(line) + "xxx"));
    for (const auto& logged : desk.process.stdout_lines()) {
      full = full || logged.find(": cannot write (No space left on device); the conversation goes on without it") !=
                         std::string::npos;
    }
  }
  ASSERT_TRUE(full) << "the transcript never filled the disk";
  maria.socket.send("are you still there?\n");
  EXPECT_TRUE(desk.logs("#1 Maria: are you still there?"));
  desk.agent_types("yes, still here");
  EXPECT_EQ(maria.hears(), "agent____yes, still here");
  // A newcomer is served too, without a transcript.
  desk_customer jonas{desk, 2, "Jonas"};
  EXPECT_TRUE(jonas.arrived);
}

}  // namespace
}  // namespace udpchat::testing
