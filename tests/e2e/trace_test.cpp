// SPDX-License-Identifier: GPL-3.0-or-later
// --trace on the hub, the terminal, the room and the desk: what goes to stderr, byte for byte,
// and that stdout is what it is without --trace.
#include <signal.h>

#include <cstdio>
#include <fstream>
#include <regex>

#include "external_program.hpp"
#include "server_fixture.hpp"
#include "tcp_probe.hpp"

namespace udpchat::testing {
namespace {

// What `od -Ax -tx1 -v` prints for `bytes`: the oracle for the hex columns of a dump.
std::vector<std::string> od_lines(std::string_view bytes) {
  const auto od = program_on_path("od");
  if (!od) return {"(od is not installed)"};
  return run_program(*od, {"-Ax", "-tx1", "-v"}, bytes).stdout_lines;
}

// A trace's dump lines without their text column: what od prints.
std::vector<std::string> hex_columns(const std::vector<std::string>& dump) {
  std::vector<std::string> columns;
  for (const auto& line : dump) {
    std::string hex = line.substr(0, line.find("  |"));
    while (hex.ends_with(' ')) hex.pop_back();
    columns.push_back(hex);
  }
  return columns;
}

// The next trace entry in `process`'s stderr whose heading ends in `heading` (what follows the
// time); returns its dump lines. Entries before it are passed over.
std::vector<std::string> next_traced(child_process& process, const std::string& program,
                                     const std::string& heading) {
  const auto line = process.wait_for_stderr([&](const std::string& each) { return each.ends_with(" " + heading); });
  if (!line) {
    ADD_FAILURE() << "no trace entry '" << heading << "' in:\n" << process.all_stderr();
    return {};
  }
  EXPECT_TRUE(std::regex_match(*line, std::regex{program + R"(: \d\d:\d\d:\d\d\.\d{6} .*)"})) << *line;
  std::vector<std::string> dump;
  for (;;) {
    const auto next = process.wait_for_stderr([](const std::string&) { return true; });
    if (!next) break;
    dump.push_back(*next);
    // The last line of a dump is the offset past the end, alone.
    if (next->find(' ') == std::string::npos) break;
  }
  return dump;
}

std::string replaced(std::string text, const std::string& what, const std::string& with) {
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + with.size())) {
    text.replace(at, what.size(), with);
  }
  return text;
}

std::string hub_end(const running_server& server) { return "127.0.0.1:" + std::to_string(server.port); }

// Every line of a server's stdout is a log line: "YYYY-MM-DD HH:MM:SS text".
void expect_log_lines_only(const child_process& process) {
  const std::regex log_line{R"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d .*)"};
  for (const auto& line : process.stdout_lines()) EXPECT_TRUE(std::regex_match(line, log_line)) << line;
}

TEST(TraceTest, HubTracesEachDatagramItReceivesAndSends) {
  running_hub hub{on_loopback({"--trace"})};
  auto a = joined_probe(hub);
  auto b = joined_probe(hub);
  a->send_to(hub.port, "hi\x01!\n");
  const auto relayed = b->receive();
  ASSERT_EQ(relayed, a->address() + "____hi\\x01!");

  const std::string hub_address = hub_end(hub);
  EXPECT_EQ(next_traced(hub.process, "udpchat-server", "recv " + a->address() + " -> " + hub_address + " (0 bytes)"),
            std::vector<std::string>{"000000"});
  EXPECT_EQ(next_traced(hub.process, "udpchat-server",
                        "recv " + a->address() + " -> " + hub_address + " (5 bytes)"),
            (std::vector<std::string>{"000000 68 69 01 21 0a                                   |hi.!.|",
                                      "000005"}));
  const auto relay_dump = next_traced(
      hub.process, "udpchat-server",
      "send " + hub_address + " -> " + b->address() + " (" + std::to_string(relayed->size()) + " bytes)");
  EXPECT_EQ(hex_columns(relay_dump), od_lines(*relayed));
  ASSERT_FALSE(relay_dump.empty());
  EXPECT_TRUE(relay_dump.front().ends_with("  |" + relayed->substr(0, 16) + "|")) << relay_dump.front();
  expect_log_lines_only(hub.process);
}

// A hub session from the log's point of view: its stdout with times and addresses replaced.
std::vector<std::string> hub_session_log(const std::vector<std::string>& extra) {
  running_hub hub{on_loopback(extra)};
  auto a = joined_probe(hub);
  auto b = joined_probe(hub);
  a->send_to(hub.port, "hi\x01!\n");
  EXPECT_TRUE(b->receive());
  b->send_to(hub.port, "quit");
  EXPECT_TRUE(a->receive());
  hub.process.send_signal(SIGTERM);
  EXPECT_EQ(hub.process.wait_exit(), 0);
  std::vector<std::string> lines;
  for (std::string line : hub.process.stdout_lines()) {
    line = line.substr(std::string{"YYYY-MM-DD HH:MM:SS "}.size());
    lines.push_back(replaced(replaced(replaced(line, a->address(), "A"), b->address(), "B"), hub_end(hub), "HUB"));
  }
  return lines;
}

TEST(TraceTest, HubStdoutIsTheSameWithAndWithoutTrace) {
  const auto plain = hub_session_log({});
  EXPECT_EQ(hub_session_log({"--trace"}), plain);
  EXPECT_GE(plain.size(), 5U);
}

TEST(TraceTest, TerminalTracesWhatItSendsAndReceivesAndShowsTheSame) {
  running_hub hub;
  running_terminal terminal{hub, {"--trace"}};
  auto a = joined_probe(hub);
  a->send_to(hub.port, "hello");
  EXPECT_EQ(terminal.shows("hello"), a->address() + ": hello");
  terminal.process.write_stdin("typed line\n");
  EXPECT_EQ(a->receive(), terminal.address + "____typed line");

  const std::string hub_address = hub_end(hub);
  EXPECT_EQ(next_traced(terminal.process, "udpchat", "send " + terminal.address + " -> " + hub_address + " (0 bytes)"),
            std::vector<std::string>{"000000"});
  const std::string relayed = a->address() + "____hello";
  const auto relay_dump = next_traced(terminal.process, "udpchat",
                                      "recv " + hub_address + " -> " + terminal.address + " (" +
                                          std::to_string(relayed.size()) + " bytes)");
  EXPECT_EQ(hex_columns(relay_dump), od_lines(relayed));
  EXPECT_EQ(next_traced(terminal.process, "udpchat",
                        "send " + terminal.address + " -> " + hub_address + " (10 bytes)"),
            (std::vector<std::string>{"000000 74 79 70 65 64 20 6c 69 6e 65                    |typed line|",
                                      "00000a"}));
  // Nothing of the trace reaches stdout: every line there is one the chat shows.
  for (const auto& line : terminal.process.stdout_lines()) {
    EXPECT_TRUE(line.starts_with("*** ") || line.starts_with(a->address() + ": ")) << line;
  }
}

TEST(TraceTest, RoomTracesLinesAsTheyGoOverTheWire) {
  running_server room{"udpchat-room", on_loopback({"--trace"})};
  tcp_probe member{room.port};
  const auto welcome = member.read_line();
  ASSERT_TRUE(welcome);
  member.send("hello\r\n");
  EXPECT_TRUE(room.logs(member.address() + " said: hello"));

  const std::string room_address = hub_end(room);
  const auto welcome_dump = next_traced(room.process, "udpchat-room",
                                        "send " + room_address + " -> " + member.address() + " (" +
                                            std::to_string(welcome->size() + 1) + " bytes)");
  EXPECT_EQ(hex_columns(welcome_dump), od_lines(*welcome + "\n"));
  EXPECT_EQ(next_traced(room.process, "udpchat-room", "recv " + member.address() + " -> " + room_address + " (7 bytes)"),
            (std::vector<std::string>{"000000 68 65 6c 6c 6f 0d 0a                             |hello..|",
                                      "000007"}));
  expect_log_lines_only(room.process);
}

TEST(TraceTest, DeskTracesWhatCustomersAndTheAgentSay) {
  running_server desk{"udpchat-desk", on_loopback({"--trace"})};
  tcp_probe customer{desk.port};
  ASSERT_TRUE(customer.read_line());
  customer.send("ada\n");
  ASSERT_TRUE(customer.read_line());  // a place in the queue
  desk.process.write_stdin("/take 1\nhi\n");
  EXPECT_EQ(customer.read_line(), "hub____an agent is with you now");
  EXPECT_EQ(customer.read_line(), "agent____hi");
  EXPECT_EQ(next_traced(desk.process, "udpchat-desk",
                        "send " + hub_end(desk) + " -> " + customer.address() + " (12 bytes)"),
            (std::vector<std::string>{"000000 61 67 65 6e 74 5f 5f 5f 5f 68 69 0a              |agent____hi.|",
                                      "00000c"}));
}

TEST(TraceTest, Text2pcapReadsAHubTrace) {
  const auto text2pcap = program_on_path("text2pcap");
  const auto tshark = program_on_path("tshark");
  if (!text2pcap || !tshark) GTEST_SKIP() << "text2pcap and tshark are not installed (Debian: tshark)";

  std::vector<std::string> expected;  // every datagram with a byte in it, in the order sent
  std::string trace;
  {
    running_hub hub{on_loopback({"--trace"})};
    udp_probe a;
    a.send_to(hub.port, "");
    expected.push_back(a.receive().value_or("(no welcome)"));
    udp_probe b;
    b.send_to(hub.port, "");
    expected.push_back(b.receive().value_or("(no welcome)"));
    a.send_to(hub.port, "hi\x01!\n");
    expected.push_back("hi\x01!\n");
    expected.push_back(b.receive().value_or("(no relay)"));
    b.send_to(hub.port, "quit");
    expected.push_back("quit");
    expected.push_back(a.receive().value_or("(no departure)"));
    hub.process.send_signal(SIGTERM);
    EXPECT_EQ(hub.process.wait_exit(), 0);
    expected.push_back(a.receive().value_or("(no closing)"));
    trace = hub.process.all_stderr();
  }
  const std::string trace_file = temporary_path("trace.txt");
  const std::string capture_file = temporary_path("from-trace.pcap");
  std::ofstream{trace_file} << trace;
  const auto converted = run_program(*text2pcap, {"-q", "-u", "40000,40001", trace_file, capture_file});
  ASSERT_EQ(converted.exit_status, 0) << converted.stderr_text;
  const auto read = run_program(*tshark, {"-r", capture_file, "-T", "fields", "-e", "udp.payload"});
  ASSERT_EQ(read.exit_status, 0) << read.stderr_text;

  std::vector<std::string> expected_hex;
  for (const auto& datagram : expected) {
    std::string hex;
    for (const char each : datagram) {
      constexpr std::string_view digits = "0123456789abcdef";
      const std::size_t byte = static_cast<unsigned char>(each);
      hex += digits[byte >> 4U];
      hex += digits[byte & 0xFU];
    }
    expected_hex.push_back(hex);
  }
  // text2pcap makes no packet of an empty datagram (a join), so those are not expected.
  EXPECT_EQ(read.stdout_lines, expected_hex) << trace;
  std::remove(trace_file.c_str());
  std::remove(capture_file.c_str());
}

}  // namespace
}  // namespace udpchat::testing
