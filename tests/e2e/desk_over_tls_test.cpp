// SPDX-License-Identifier: GPL-3.0-or-later
// udpchat-desk over TLS with two remote agents from two addresses (127.0.0.2 and 127.0.0.3,
// standing for two machines) and the console agent, serving three customers who are real TLS
// terminals; every conversation ends in its own transcript file. All of it runs in a network
// namespace the test makes, where each of those addresses is the source of what is sent to it, so
// no route of the machine's own is touched. Needs root and iproute2 (ip).
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <sstream>

#include "desk_fixture.hpp"
#include "directory_files.hpp"
#include "tls_files.hpp"

namespace udpchat::testing {
namespace {

// A network namespace with its loopback up and 127.0.0.2 and 127.0.0.3 on it as addresses of
// their own (/32): a connection to either then leaves from it, where 127.0.0.1 would be chosen
// for any other address in 127.0.0.0/8. Removed with the object.
struct two_address_namespace {
  two_address_namespace() : name{"udpchat-tls-desk-" + std::to_string(::getpid())} {
    ok = run({"netns", "add", name}) && run({"-n", name, "link", "set", "lo", "up"}) &&
         run({"-n", name, "address", "add", "127.0.0.2/32", "dev", "lo"}) &&
         run({"-n", name, "address", "add", "127.0.0.3/32", "dev", "lo"});
  }
  ~two_address_namespace() { run({"netns", "del", name}); }
  two_address_namespace(const two_address_namespace&) = delete;
  two_address_namespace& operator=(const two_address_namespace&) = delete;

  bool run(const std::vector<std::string>& arguments) const {
    return ip_path && run_program(*ip_path, arguments).exit_status == 0;
  }
  // `program` of this build with `arguments`, run inside the namespace.
  command_line inside(const std::string& program, const std::vector<std::string>& arguments) const {
    command_line command{ip_path.value_or("ip"), {"netns", "exec", name, bin_path(program)}};
    command.arguments.insert(command.arguments.end(), arguments.begin(), arguments.end());
    return command;
  }

  std::optional<std::string> ip_path = program_on_path("ip");
  std::string name;
  bool ok = false;
};

TEST(DeskOverTlsTest, TwoAgentsOnTwoAddressesAndTheConsoleServeThreeCustomersEachWithATranscript) {
  if (::geteuid() != 0 || !program_on_path("ip")) {
    GTEST_SKIP() << "needs root and iproute2 (ip) for a network namespace with two more loopback addresses";
  }
  const two_address_namespace netns;
  ASSERT_TRUE(netns.ok) << "cannot make the namespace";
  const tls_files files{{"127.0.0.2", "127.0.0.3"}};
  const std::string directory = temporary_path("tls-transcripts");
  for (const auto& file : files_in(directory)) ::unlink((directory + "/" + file).c_str());
  ::mkdir(directory.c_str(), 0700);

  // Every address of the namespace (its loopback only), so that each agent reaches it at the
  // address it sends from.
  agent_desk desk{netns.inside("udpchat-desk", {"--host", "0.0.0.0", "--port", "0", "--tls-cert", files.certificate,
                                                "--tls-key", files.key, "--agent-key-file",
                                                key_file("desk.key", desk_key), "--transcript-dir", directory})};
  ASSERT_NE(desk.port, 0);
  EXPECT_TRUE(desk.logs("TLS on this port; the certificate's SHA-256 fingerprint is " +
                        files.fingerprint(files.certificate)));
  const auto agent_at = [&](const std::string& name, const std::string& address) {
    auto arguments = remote_agent::arguments(desk, name);
    arguments.insert(arguments.end(), {"--host", address, "--tls", "--tls-ca", files.authority});
    return std::make_unique<remote_agent>(netns.inside("udpchat", arguments), name);
  };
  const auto bob = agent_at("bob", "127.0.0.2");
  ASSERT_TRUE(bob->logged_in) << bob->process.all_stderr();
  EXPECT_TRUE(desk.logs("agent login as bob from 127.0.0.2:"));
  const auto carol = agent_at("carol", "127.0.0.3");
  ASSERT_TRUE(carol->logged_in) << carol->process.all_stderr();
  EXPECT_TRUE(desk.logs("agent login as carol from 127.0.0.3:"));
  EXPECT_TRUE(bob->shows("agent carol 127.0.0.3:"));

  const auto customer = [&](const std::string& name, int number) {
    auto terminal = std::make_unique<running_terminal>(
        netns.inside("udpchat", {"--port", std::to_string(desk.port), "--host", "127.0.0.1", "--tcp", "--tls",
                                 "--tls-ca", files.authority, "--name", name}),
        desk, " arrived");
    EXPECT_TRUE(desk.logs("#" + std::to_string(number) + " " + name + " (" + terminal->address + ") is waiting"))
        << name;
    return terminal;
  };
  const auto maria = customer("Maria", 3);
  const auto jonas = customer("Jonas", 4);
  const auto ana = customer("Ana", 5);
  ASSERT_FALSE(maria->address.empty());
  ASSERT_FALSE(jonas->address.empty());
  ASSERT_FALSE(ana->address.empty());
  EXPECT_TRUE(carol->shows("#5 Ana (" + ana->address + ") is waiting, 3 waiting"));

  // bob takes the first, carol the second, and each exchanges a line both ways.
  bob->types("/next");
  EXPECT_TRUE(bob->shows("now talking to #3 Maria (" + maria->address + ")"));
  EXPECT_TRUE(maria->shows("an agent is with you now"));
  EXPECT_TRUE(carol->shows("#3 Maria taken by bob"));
  carol->types("/take 4");
  EXPECT_TRUE(jonas->shows("an agent is with you now"));
  maria->process.write_stdin("a question for bob\n");
  EXPECT_TRUE(bob->shows("#3 Maria: a question for bob"));
  bob->types("an answer from bob");
  EXPECT_TRUE(maria->shows("bob: an answer from bob"));
  jonas->process.write_stdin("a question for carol\n");
  EXPECT_TRUE(carol->shows("#4 Jonas: a question for carol"));
  carol->types("an answer from carol");
  EXPECT_TRUE(jonas->shows("carol: an answer from carol"));

  // bob hands Maria to carol, who answers her.
  bob->types("/transfer 3 carol");
  EXPECT_TRUE(maria->shows("you are now with another agent, carol"));
  EXPECT_TRUE(carol->shows("#3 Maria " + maria->address + " transferred to you by bob"));
  maria->process.write_stdin("is this carol?\n");
  EXPECT_TRUE(carol->shows("#3 Maria: is this carol?"));
  carol->types("/to 3 yes, carol here");
  EXPECT_TRUE(maria->shows("carol: yes, carol here"));

  // The console agent takes the third.
  desk.agent_types("/next");
  EXPECT_TRUE(desk.logs("now talking to #5 Ana"));
  EXPECT_TRUE(ana->shows("an agent is with you now"));
  ana->process.write_stdin("a question for the console\n");
  EXPECT_TRUE(desk.logs("#5 Ana: a question for the console"));
  desk.agent_types("an answer from the console");
  EXPECT_TRUE(ana->shows("agent: an answer from the console"));
  desk.agent_types("/agents");
  EXPECT_TRUE(desk.logs("3 agents on"));
  EXPECT_TRUE(desk.logs("  bob 127.0.0.2:"));
  EXPECT_TRUE(desk.logs("  carol 127.0.0.3:"));

  // Each conversation closed: Maria and Ana leave, carol closes Jonas's.
  maria->process.write_stdin("quit\n");
  EXPECT_EQ(maria->process.wait_exit(), 0);
  EXPECT_TRUE(desk.logs("#3 Maria left"));
  ana->process.write_stdin("quit\n");
  EXPECT_EQ(ana->process.wait_exit(), 0);
  EXPECT_TRUE(desk.logs("#5 Ana left"));
  carol->types("/close 4");
  EXPECT_TRUE(jonas->shows("the agent closed the conversation; goodbye"));
  EXPECT_TRUE(jonas->process.wait_exit().has_value());
  EXPECT_TRUE(desk.logs("#4 Jonas closed"));

  std::map<std::string, std::string> transcripts;  // by the customer's number
  for (const auto& name : files_in(directory)) {
    std::smatch parts;
    ASSERT_TRUE(std::regex_match(name, parts, std::regex{R"(\d{8}T\d{6}Z-(\d+)\.txt)"})) << name;
    struct stat status {};
    ASSERT_EQ(::stat((directory + "/" + name).c_str(), &status), 0);
    EXPECT_EQ(status.st_mode & 0777, 0600U) << name;
    transcripts[parts[1]] = std::regex_replace(whole_file(directory + "/" + name),
                                               std::regex{R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)"}, "TIME");
  }
  ASSERT_EQ(transcripts.size(), 3U) << "one for each customer, none for the agents";
  EXPECT_EQ(transcripts["3"], "customer #3 Maria " + maria->address +
                                  "\n"
                                  "start TIME\n"
                                  "TIME waiting, number 1 in the queue\n"
                                  "TIME taken by bob\n"
                                  "TIME customer: a question for bob\n"
                                  "TIME agent bob: an answer from bob\n"
                                  "TIME transferred from bob to carol\n"
                                  "TIME customer: is this carol?\n"
                                  "TIME agent carol: yes, carol here\n"
                                  "end TIME: left\n");
  EXPECT_EQ(transcripts["4"], "customer #4 Jonas " + jonas->address +
                                  "\n"
                                  "start TIME\n"
                                  "TIME waiting, number 2 in the queue\n"
                                  "TIME taken by carol\n"
                                  "TIME customer: a question for carol\n"
                                  "TIME agent carol: an answer from carol\n"
                                  "end TIME: closed\n");
  EXPECT_EQ(transcripts["5"], "customer #5 Ana " + ana->address +
                                  "\n"
                                  "start TIME\n"
                                  "TIME waiting, number 3 in the queue\n"
                                  "TIME taken by agent\n"
                                  "TIME customer: a question for the console\n"
                                  "TIME agent agent: an answer from the console\n"
                                  "end TIME: left\n");
}

}  // namespace
}  // namespace udpchat::testing
