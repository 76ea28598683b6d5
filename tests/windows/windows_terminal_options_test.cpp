// SPDX-License-Identifier: GPL-3.0-or-later
// udpchat.exe under Wine against the Linux hub, for what it shows and sends as the Linux
// terminal does: --timestamps, --trace, others' control bytes shown escaped, and keepalives
// paced by the hub's welcome. Its stdin and stdout are pipes.
#include <algorithm>
#include <regex>

#include "external_program.hpp"
#include "wine_programs.hpp"

namespace udpchat::testing {
namespace {

std::string hub_end(const running_server& server) { return "127.0.0.1:" + std::to_string(server.port); }

std::string regex_escaped(const std::string& text) { return std::regex_replace(text, std::regex{R"([.\[\]])"}, R"(\$&)"); }

// The next stderr line (without a CR at its end) that satisfies `wanted`, within the deadline.
std::optional<std::string> next_stderr_line(child_process& process,
                                            const std::function<bool(const std::string&)>& wanted) {
  return without_cr(process.wait_for_stderr([&](const std::string& line) { return wanted(*without_cr(line)); }));
}

// The next trace entry on `process`'s stderr whose heading ends in `heading`, checked to begin
// with the program's name and the time; returns its dump lines, up to the offset past the end
// that closes each dump.
std::vector<std::string> next_traced(child_process& process, const std::string& heading) {
  const auto line = next_stderr_line(process, [&](const std::string& each) { return each.ends_with(" " + heading); });
  if (!line) {
    ADD_FAILURE() << "no trace entry '" << heading << "' in:\n" << process.all_stderr();
    return {};
  }
  EXPECT_TRUE(std::regex_match(*line, std::regex{R"(udpchat: \d\d:\d\d:\d\d\.\d{6} .*)"})) << *line;
  std::vector<std::string> dump;
  for (;;) {
    const auto next = next_stderr_line(process, [](const std::string&) { return true; });
    if (!next) break;
    dump.push_back(*next);
    if (next->find(' ') == std::string::npos) break;
  }
  return dump;
}

bool has_raw_control_byte(const std::string& text) {
  return std::any_of(text.begin(), text.end(), [](const char c) {
    const auto byte = static_cast<unsigned char>(c);
    return (byte < 0x20U && byte != '\t' && byte != '\n' && byte != '\r') || byte == 0x7FU;
  });
}

TEST(WindowsTerminalOptionsTest, TimestampsBeginEachLine) {
  running_hub hub;
  auto other = joined_probe(hub);
  windows_terminal windows_side{hub, {"--timestamps"}};
  ASSERT_FALSE(windows_side.address.empty()) << windows_side.process.all_stderr();
  other->send_to(hub.port, "tick");
  const auto line = windows_side.shows(": tick");
  ASSERT_TRUE(line) << windows_side.process.all_stdout();
  EXPECT_TRUE(std::regex_match(*line, std::regex{"[0-2][0-9]:[0-5][0-9]:[0-6][0-9] " +
                                                 regex_escaped(other->address()) + ": tick"}))
      << *line;
}

TEST(WindowsTerminalOptionsTest, TraceWritesWhatItSendsAndReceivesToStderr) {
  running_hub hub;
  windows_terminal windows_side{hub, {"--trace"}};
  ASSERT_FALSE(windows_side.address.empty()) << windows_side.process.all_stderr();
  auto other = joined_probe(hub);
  other->send_to(hub.port, "hello");
  EXPECT_EQ(windows_side.shows("hello"), other->address() + ": hello");
  windows_side.process.write_stdin("typed line\n");
  EXPECT_EQ(other->receive(), windows_side.address + "____typed line");

  const std::string hub_address = hub_end(hub);
  EXPECT_EQ(next_traced(windows_side.process, "send " + windows_side.address + " -> " + hub_address + " (0 bytes)"),
            std::vector<std::string>{"000000"});
  const std::string relayed = other->address() + "____hello";
  const auto relay_dump = next_traced(windows_side.process, "recv " + hub_address + " -> " + windows_side.address +
                                                                " (" + std::to_string(relayed.size()) + " bytes)");
  ASSERT_FALSE(relay_dump.empty());
  EXPECT_TRUE(relay_dump.front().ends_with("  |" + relayed.substr(0, 16) + "|")) << relay_dump.front();
  EXPECT_EQ(next_traced(windows_side.process, "send " + windows_side.address + " -> " + hub_address + " (10 bytes)"),
            (std::vector<std::string>{"000000 74 79 70 65 64 20 6c 69 6e 65                    |typed line|",
                                      "00000a"}));
  // Nothing of the trace reaches stdout.
  for (const auto& line : windows_side.process.stdout_lines()) {
    const auto shown = *without_cr(line);
    EXPECT_TRUE(shown.starts_with("*** ") || shown.starts_with(other->address() + ": ")) << line;
  }
}

// Another member's escape sequence or bell would act on the student's console: shown escaped,
// as on Linux.
TEST(WindowsTerminalOptionsTest, ControlBytesFromOthersAreShownEscaped) {
  running_hub hub;
  auto raw = joined_probe(hub);
  windows_terminal windows_side{hub};
  ASSERT_FALSE(windows_side.address.empty()) << windows_side.process.all_stderr();
  raw->send_to(hub.port, "\x1b[31mred");
  raw->send_to(hub.port, "bell\x07");
  raw->send_to(hub.port, "\x1b[2J\xff\xfe done");
  EXPECT_EQ(windows_side.shows("red"), raw->address() + ": \\x1b[31mred");
  EXPECT_EQ(windows_side.shows("bell"), raw->address() + ": bell\\x07");
  EXPECT_EQ(windows_side.shows(" done"), raw->address() + ": \\x1b[2J\\xff\\xfe done");
  EXPECT_FALSE(has_raw_control_byte(windows_side.process.all_stdout())) << windows_side.process.all_stdout();
}

// The welcome states the hub's idle timeout; the terminal, silent, sends keepalives at least
// three times per timeout from then on (its default of 20 s would be far too late here). A raw
// member that says nothing more after joining times out meanwhile, which shows the timeout was
// in force.
TEST(WindowsTerminalOptionsTest, KeepalivesKeepASilentTerminalAMemberPastTheIdleTimeout) {
  running_hub hub{on_loopback({"--idle-timeout", "1s"})};
  auto watcher = joined_probe(hub);
  auto lurker = joined_probe(hub);
  windows_terminal windows_side{hub};
  ASSERT_FALSE(windows_side.address.empty()) << windows_side.process.all_stderr();
  // Three and a half timeouts, the watcher keeping itself a member meanwhile.
  const auto until = std::chrono::steady_clock::now() + milliseconds{3500};
  while (std::chrono::steady_clock::now() < until) {
    watcher->send_to(hub.port, "");
    EXPECT_EQ(watcher->receive(milliseconds{100}), std::nullopt);  // keepalives are relayed to nobody
  }
  watcher->send_to(hub.port, "still there?");
  EXPECT_EQ(windows_side.shows("still there?"), watcher->address() + ": still there?");
  // The log read up to a join after all that: its membership never lapsed (no timeout, no
  // second join), while the lurker's did.
  auto newcomer = joined_probe(hub);
  const std::string log = hub.process.all_stdout();
  EXPECT_NE(log.find(" " + lurker->address() + " timed out"), std::string::npos) << log;
  EXPECT_EQ(log.find(windows_side.address + " timed out"), std::string::npos) << log;
  const auto first_join = log.find(" " + windows_side.address + " joined");
  ASSERT_NE(first_join, std::string::npos) << log;
  EXPECT_EQ(log.find(" " + windows_side.address + " joined", first_join + 1), std::string::npos) << log;
}

// The arguments reach the program as UTF-8 (the C runtime's own argv is in the ANSI code page,
// where 'é' may and '李' surely does become '?'): the refusal quotes the name as it was typed.
TEST(WindowsTerminalOptionsTest, ArgumentsArriveAsUtf8) {
  for (const std::string name : {"José", "李明"}) {
    const command_line run = under_wine("udpchat", {"--host", "127.0.0.1", "--port", "1", "--name", name});
    child_process process{run.path, run.arguments};
    const auto refusal = process.wait_for_stderr(
        [](const std::string& line) { return line.find("--name") != std::string::npos; }, wine_start_deadline);
    ASSERT_TRUE(refusal) << process.all_stderr();
    EXPECT_NE(refusal->find("--name '" + name + "'"), std::string::npos) << *refusal;
    EXPECT_EQ(process.wait_exit(wine_start_deadline), 2);
  }
}

// The Windows build has no OpenSSL: --tls is refused in one line before anything is connected.
TEST(WindowsTerminalOptionsTest, TlsIsRefusedPlainlyForThisBuildHasNone) {
  const command_line wine = under_wine("udpchat", {"--tcp", "--tls", "--host", "127.0.0.1", "--port", "9"});
  const auto run = run_program(wine.path, wine.arguments, "", wine_start_deadline);
  EXPECT_EQ(run.exit_status, 1) << run.stderr_text;
  EXPECT_NE(run.stderr_text.find("udpchat: this build has no TLS: --tls needs a build with OpenSSL"), std::string::npos)
      << run.stderr_text;
}

}  // namespace
}  // namespace udpchat::testing
