// SPDX-License-Identifier: GPL-3.0-or-later
// A server whose terminal stops being read (Ctrl-S, a stalled ssh session) keeps serving: its
// log waits in a bounded queue, and once the terminal reads again it says how many lines it
// left out.
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "child_process.hpp"
#include "pty_process.hpp"
#include "tcp_probe.hpp"
#include "udp_probe.hpp"

namespace udpchat::testing {
namespace {

constexpr std::string_view stop_output = "\x13";    // Ctrl-S: the terminal takes no more output
constexpr std::string_view resume_output = "\x11";  // Ctrl-Q
// Enough relayed text, a log line each of about 280 bytes, to pass what a stopped console may
// hold (256 KiB) and what the pseudo-terminal itself takes.
constexpr int relays = 1500;
const std::string stall_padding(200, 'p');
constexpr std::string_view dropped_note = " lines not shown: output was not read fast enough)";

// A server on a pseudo-terminal of its own, listening on 127.0.0.1 and a port the system picked,
// at its prompt.
struct server_on_terminal {
  explicit server_on_terminal(const std::string& program, std::vector<std::string> extra = {})
      : terminal{bin_path(program), with_loopback(std::move(extra))} {
    const std::string listening = "listening on 127.0.0.1:";
    const auto at = terminal.wait_for(listening);
    const auto line_end = at ? terminal.wait_for("\n", *at) : std::nullopt;
    if (at && line_end) {
      const std::size_t start = *at - listening.size();
      port = port_from_listening_line(terminal.output().substr(start, *line_end - start)).value_or(0);
    }
  }

  static std::vector<std::string> with_loopback(std::vector<std::string> extra) {
    extra.insert(extra.begin(), {"--host", "127.0.0.1", "--port", "0"});
    return extra;
  }

  // Stops the terminal's output with Ctrl-S. The kernel takes the key in its own time, so until
  // a line the server logs stays out of sight, another one is relayed (`relay` sends a text
  // through the server and waits for it at the other end). False if the terminal never stops.
  bool stop_reading(const std::function<bool(const std::string& text)>& relay) {
    terminal.type(stop_output);
    for (int attempt = 0; attempt < 10; ++attempt) {
      const std::string text = "before the stop " + std::to_string(attempt);
      const std::size_t seen = terminal.output().size();
      if (!relay(text)) return false;
      if (!terminal.wait_for(text, seen, std::chrono::milliseconds{300})) return true;
    }
    return false;
  }

  pty_process terminal;
  unsigned short port = 0;
};

std::string relayed_text(int i) { return "stalled " + std::to_string(i) + " " + stall_padding; }

TEST(ConsoleStallTest, TheHubRelaysWhileItsTerminalIsStoppedAndThenSaysWhatItLeftOut) {
  server_on_terminal hub{"udpchat-server", {"--rate-limit", "0"}};
  ASSERT_NE(hub.port, 0) << hub.terminal.output();
  udp_probe sender;
  udp_probe receiver;
  for (auto* member : {&sender, &receiver}) {
    member->send_to(hub.port, "");
    ASSERT_TRUE(member->receive_matching([](const std::string& d) { return d.starts_with("hub____welcome"); }));
  }
  ASSERT_TRUE(hub.stop_reading([&](const std::string& text) {
    sender.send_to(hub.port, text);
    return receiver.receive_matching([&](const std::string& d) { return d.ends_with("____" + text); }).has_value();
  })) << "the console did not stop, or relays stopped with it";

  int relayed = 0;
  for (int i = 0; i < relays; ++i) {
    // The receiver answers now and then, as a terminal does, so the hub never pauses it.
    if (i % 100 == 0) receiver.send_to(hub.port, "");
    sender.send_to(hub.port, relayed_text(i));
    const auto got = receiver.receive_matching(
        [&](const std::string& d) { return d.ends_with("____" + relayed_text(i)); }, std::chrono::milliseconds{2000});
    if (!got) break;
    ++relayed;
  }
  EXPECT_EQ(relayed, relays) << "relays stopped while the console was stopped";
  // A command typed at the stopped console is carried out too, and the hub still relays after.
  hub.terminal.type("who\r");
  sender.send_to(hub.port, "after who");
  EXPECT_TRUE(receiver.receive_matching([](const std::string& d) { return d.ends_with("____after who"); }));

  hub.terminal.type(resume_output);
  const auto noted = hub.terminal.wait_for(dropped_note);
  ASSERT_TRUE(noted) << hub.terminal.output().substr(hub.terminal.output().size() - 2000);
  EXPECT_TRUE(hub.terminal.wait_for("> ", *noted)) << "no prompt after the note";
}

TEST(ConsoleStallTest, QuitTypedAtAStoppedConsoleClosesTheHubPromptly) {
  server_on_terminal hub{"udpchat-server"};
  ASSERT_NE(hub.port, 0) << hub.terminal.output();
  udp_probe member;
  member.send_to(hub.port, "");
  ASSERT_TRUE(member.receive_matching([](const std::string& d) { return d.starts_with("hub____welcome"); }));
  ASSERT_TRUE(hub.stop_reading([&](const std::string& text) {
    member.send_to(hub.port, text);
    return true;  // nobody to relay to: the log line is what counts
  }));
  hub.terminal.type("quit\r");
  EXPECT_EQ(hub.terminal.wait_exit(std::chrono::milliseconds{2000}), 0);
  EXPECT_TRUE(member.receive_matching([](const std::string& d) { return d == "hub____closing____qq"; }));
}

TEST(ConsoleStallTest, TheRoomRelaysWhileItsTerminalIsStoppedAndThenSaysWhatItLeftOut) {
  server_on_terminal room{"udpchat-room", {"--rate-limit", "0"}};
  ASSERT_NE(room.port, 0) << room.terminal.output();
  tcp_probe sender{room.port};
  tcp_probe receiver{room.port};
  for (auto* member : {&sender, &receiver}) {
    ASSERT_TRUE(member->read_line_matching([](const std::string& l) { return l.starts_with("hub____welcome"); }));
  }
  ASSERT_TRUE(room.stop_reading([&](const std::string& text) {
    sender.send(text + "\n");
    return receiver.read_line_matching([&](const std::string& l) { return l.ends_with("____" + text); }).has_value();
  })) << "the console did not stop, or relays stopped with it";

  int relayed = 0;
  for (int i = 0; i < relays; ++i) {
    sender.send(relayed_text(i) + "\n");
    const auto got = receiver.read_line_matching(
        [&](const std::string& l) { return l.ends_with("____" + relayed_text(i)); }, std::chrono::milliseconds{2000});
    if (!got) break;
    ++relayed;
  }
  EXPECT_EQ(relayed, relays) << "relays stopped while the console was stopped";
  room.terminal.type("who\r");
  sender.send("after who\n");
  EXPECT_TRUE(receiver.read_line_matching([](const std::string& l) { return l.ends_with("____after who"); }));

  room.terminal.type(resume_output);
  EXPECT_TRUE(room.terminal.wait_for(dropped_note)) << room.terminal.output().substr(room.terminal.output().size() - 2000);
}

}  // namespace
}  // namespace udpchat::testing
