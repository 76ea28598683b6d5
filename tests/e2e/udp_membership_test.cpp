// SPDX-License-Identifier: GPL-3.0-or-later
// The terminal's side of membership: keepalives, acks, and coming back after the hub restarts.
#include <signal.h>

#include <string>

#include "server_fixture.hpp"

namespace udpchat::testing {
namespace {

using std::chrono::milliseconds;

std::vector<std::string> on_port(unsigned short port, std::vector<std::string> extra = {}) {
  extra.insert(extra.begin(), {"--host", "127.0.0.1", "--port", std::to_string(port)});
  return extra;
}

// Keeps `probe` a member for `how_long`, failing if anything reaches it meanwhile.
void stay_quietly(running_hub& hub, udp_probe& probe, milliseconds how_long) {
  const auto until = std::chrono::steady_clock::now() + how_long;
  while (std::chrono::steady_clock::now() < until) {
    probe.send_to(hub.port, "");
    const auto arrived = probe.receive(milliseconds{50});
    EXPECT_EQ(arrived, std::nullopt);
  }
}

TEST(UdpMembershipTest, AQuietTerminalStaysAMemberAndItsKeepalivesAreNeverRelayed) {
  running_hub hub{on_loopback({"--idle-timeout", "400ms"})};
  running_terminal quiet{hub, {"--keepalive", "100ms"}};
  ASSERT_TRUE(quiet.shows("*** hub: welcome, you are " + quiet.address));
  auto other = joined_probe(hub);
  stay_quietly(hub, *other, milliseconds{1200});
  other->send_to(hub.port, "still there?");
  EXPECT_TRUE(quiet.shows(other->address() + ": still there?"));
  EXPECT_EQ(hub.process.all_stdout().find(quiet.address + " timed out"), std::string::npos);
}

TEST(UdpMembershipTest, AReaderKeepsAliveOneIntervalAfterItLastSentNotTwo) {
  // The test stands in for the hub, so it sees exactly when the terminal sends.
  udp_probe fake_hub;
  child_process reader{bin_path("udpchat"), {"--host", "127.0.0.1", "--port", std::to_string(fake_hub.port()), "--keepalive", "1s"}};
  const auto port = terminal_port(reader);
  ASSERT_TRUE(port.has_value()) << reader.all_stderr();
  const unsigned short reader_port = *port;
  ASSERT_EQ(fake_hub.receive(), "");  // its join
  const auto joined = std::chrono::steady_clock::now();
  fake_hub.send_to(reader_port, "hub____welcome, you are 127.0.0.1:" + std::to_string(reader_port) +
                                    "; 2 members here; send quit to leave");
  ASSERT_EQ(fake_hub.receive(milliseconds{4000}), "");  // the first keepalive
  const auto waited = std::chrono::steady_clock::now() - joined;
  // One interval after the join; two would mean a reader misses a restarted hub that long.
  EXPECT_GE(waited, milliseconds{800});
  EXPECT_LT(waited, milliseconds{1600});
}

TEST(UdpMembershipTest, ATerminalKeepsAliveOftenEnoughForTheHubsIdleTimeout) {
  // The default keepalive is 20 s; the welcome says the hub expires members after 600 ms.
  running_hub hub{on_loopback({"--idle-timeout", "600ms"})};
  running_terminal quiet{hub};
  ASSERT_TRUE(quiet.shows("; idle timeout 600ms; "));
  auto other = joined_probe(hub);
  stay_quietly(hub, *other, milliseconds{1800});
  other->send_to(hub.port, "still there?");
  EXPECT_TRUE(quiet.shows(other->address() + ": still there?"));
  EXPECT_EQ(hub.process.all_stdout().find(quiet.address + " timed out"), std::string::npos);
}

TEST(UdpMembershipTest, ATerminalThatOnlyReadsIsNeverPaused) {
  // Far more messages than the unheard limit reach a terminal that never types: its acks keep
  // it a full member.
  running_hub hub{on_loopback({"--unheard-limit", "128", "--rate-limit", "0"})};
  running_terminal reader{hub};
  auto speaker = joined_probe(hub);
  constexpr int messages = 400;
  constexpr int chunk = 20;
  for (int i = 0; i < messages; ++i) {
    speaker->send_to(hub.port, "n" + std::to_string(i));
    // Waiting for the reader to show each chunk keeps socket buffers from overflowing and a
    // busy machine from starving the reader: only the unheard limit could make it miss one.
    if (i % chunk == chunk - 1) {
      ASSERT_TRUE(reader.shows(speaker->address() + ": n" + std::to_string(i))) << i;
    }
  }
  const std::string shown = reader.process.all_stdout();
  for (int i = 0; i < messages; ++i) {
    EXPECT_NE(shown.find(": n" + std::to_string(i) + "\n"), std::string::npos) << i;
  }
  EXPECT_EQ(shown.find("paused"), std::string::npos);
}

TEST(UdpMembershipTest, TerminalsRejoinAHubThatRestartsAndWhatIsTypedMeanwhileIsSent) {
  auto first = std::make_unique<running_hub>();
  const unsigned short port = first->port;
  running_terminal x{*first};
  running_terminal y{*first};
  first->process.send_signal(SIGTERM);
  EXPECT_EQ(first->process.wait_exit(), 0);
  ASSERT_TRUE(x.shows("*** hub is closing"));
  ASSERT_TRUE(y.shows("*** hub is closing"));
  x.process.write_stdin("typed while away\n");
  ASSERT_TRUE(x.shows("is away; what you type is sent when it is back"));
  first.reset();

  running_hub second{on_port(port)};
  ASSERT_EQ(second.port, port);
  // Both come back by themselves within the rejoin interval, and the held line goes then.
  EXPECT_TRUE(x.shows("*** hub: welcome, you are " + x.address));
  EXPECT_TRUE(y.shows("*** hub: welcome, you are " + y.address));
  EXPECT_TRUE(second.logs(x.address + " said: typed while away")) << second.process.all_stdout();
  x.process.write_stdin("after the restart\n");
  EXPECT_TRUE(y.shows(x.address + ": after the restart"));
}

TEST(UdpMembershipTest, ATerminalFindsAHubThatCrashedAndCameBack) {
  auto first = std::make_unique<running_hub>();
  const unsigned short port = first->port;
  running_terminal t{*first, {"--keepalive", "200ms"}};
  ASSERT_TRUE(t.shows("*** hub: welcome"));
  first->process.send_signal(SIGKILL);
  first->process.wait_exit();
  // The next keepalive is refused; the terminal then asks to join every second.
  EXPECT_TRUE(t.process.wait_for_stdout(
      [](const std::string& line) { return line.find("no hub is answering") != std::string::npos; }));
  first.reset();
  running_hub second{on_port(port)};
  EXPECT_TRUE(second.saw_join(t.address));
  EXPECT_TRUE(t.shows("*** hub: welcome, you are " + t.address));
}

}  // namespace
}  // namespace udpchat::testing
