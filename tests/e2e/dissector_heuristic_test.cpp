// SPDX-License-Identifier: GPL-3.0-or-later
// The Wireshark dissector's heuristic: a hub on a port nobody told tshark about is found by what
// it sends, and UDP that is not udpchat is left to whoever it belongs to.
#include <signal.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>

#include "external_program.hpp"
#include "recorded_hub_session.hpp"
#include "server_fixture.hpp"
#include "udpchat/pcap_format.hpp"

namespace udpchat::testing {
namespace {

const std::vector<std::string> kind_fields{"udpchat.direction", "udpchat.kind", "udpchat.sender", "udpchat.text",
                                           "udpchat.notice"};

// tshark's fields for each packet of `capture`, tab-separated, with the dissector loaded and no
// port, preference or Decode As pointing it at udpchat.
std::vector<std::string> decoded(const std::string& tshark, const std::string& capture,
                                 std::vector<std::string> options, const std::vector<std::string>& fields) {
  std::vector<std::string> arguments{"-r", capture, "-X", std::string{"lua_script:"} + UDPCHAT_DISSECTOR};
  arguments.insert(arguments.end(), options.begin(), options.end());
  arguments.insert(arguments.end(), {"-T", "fields"});
  for (const auto& field : fields) arguments.insert(arguments.end(), {"-e", field});
  // tshark warns about running as root on stderr; only what it prints on stdout counts.
  const auto output = run_program(tshark, arguments);
  EXPECT_EQ(output.exit_status, 0) << output.stderr_text;
  EXPECT_EQ(output.stderr_text.find("Lua"), std::string::npos) << output.stderr_text;
  return output.stdout_lines;
}

// The hub on a port the system picked: two members join, talk, one keeps alive, one quits, and
// the hub closes. The capture is the hub's own --pcap.
struct ephemeral_port_session : recorded_hub_session {
  ephemeral_port_session()
      : recorded_hub_session{"ephemeral-port.pcap", [](udp_probe& a, udp_probe& b, unsigned short hub_port) {
          a.send_to(hub_port, "hello\n");
          EXPECT_EQ(b.receive(), a.address() + "____hello");
          a.send_to(hub_port, "");
          a.send_to(hub_port, "still here");
          EXPECT_EQ(b.receive(), a.address() + "____still here");
        }} {}

  // Every packet of the session as the dissector should decode it.
  std::vector<std::string> expected() const {
    const auto welcome = [](const std::string& who, int members) {
      return "server -> member\twelcome\thub\twelcome, you are " + who + "; " + std::to_string(members) +
             (members == 1 ? " member" : " members") + " here; idle timeout 10m; rate limit 20/s burst 60; send quit to leave\t";
    };
    const std::string join = "member -> server\tjoin / keepalive\t\t\t";
    return {join,
            welcome(a_address, 1),
            join,
            welcome(b_address, 2),
            "member -> server\tmessage\t\thello\t",
            "server -> member\trelayed message\t" + a_address + "\thello\t",
            join,
            "member -> server\tmessage\t\tstill here\t",
            "server -> member\trelayed message\t" + a_address + "\tstill here\t",
            "member -> server\tquit\t\t\t",
            "server -> member\tdeparture\t" + b_address + "\t\tleft",
            "server -> member\tclosing\thub\t\tclosing"};
  }

};

TEST(DissectorHeuristicTest, FindsAHubOnAnEphemeralPortFromItsFirstWelcome) {
  const auto tshark = program_on_path("tshark");
  if (!tshark) GTEST_SKIP() << "tshark is not installed (Debian: tshark; scripts/install-deps.sh installs it)";
  const ephemeral_port_session session;
  ASSERT_NE(session.port, 0);
  ASSERT_NE(session.port, 8000);  // the port the dissector takes without the heuristic
  auto expected = session.expected();
  // In one pass, a's join came before anything the hub said: nothing yet told it from any UDP.
  expected.front() = "\t\t\t\t";
  EXPECT_EQ(decoded(*tshark, session.path, {}, kind_fields), expected);
  // Every datagram is between the hub's port and a member's.
  const std::string hub_port = std::to_string(session.port);
  for (const auto& ports : decoded(*tshark, session.path, {}, {"udp.srcport", "udp.dstport"})) {
    EXPECT_TRUE(ports.starts_with(hub_port + "\t") || ports.ends_with("\t" + hub_port)) << ports;
  }
}

TEST(DissectorHeuristicTest, ASecondPassDecodesWhatMembersSentBeforeTheHubSpoke) {
  const auto tshark = program_on_path("tshark");
  if (!tshark) GTEST_SKIP() << "tshark is not installed (Debian: tshark; scripts/install-deps.sh installs it)";
  const ephemeral_port_session session;
  EXPECT_EQ(decoded(*tshark, session.path, {"-2"}, kind_fields), session.expected());
}

capture_endpoint loopback(std::uint8_t last, std::uint16_t port) {
  capture_endpoint end;
  end.address = {127, 0, 0, last};
  end.port = port;
  return end;
}

// A capture of datagrams made up here, each with the row the dissector should give it.
struct made_up_capture {
  void add(const capture_endpoint& from, const capture_endpoint& to, std::string_view datagram,
           const std::string& row) {
    append_pcap_udp_record(bytes, std::chrono::microseconds{1'700'000'000'000'000 + 1000 * rows.size()}, from, to,
                           datagram);
    rows.push_back(row);
  }
  // Left alone: neither claimed nor marking anything as a hub.
  void add_other(const capture_endpoint& from, const capture_endpoint& to, std::string_view datagram) {
    add(from, to, datagram, "\t\t\t\t");
  }

  std::string bytes = pcap_file_header();
  std::vector<std::string> rows;
};

TEST(DissectorHeuristicTest, LeavesUdpThatIsNotUdpchatAlone) {
  const auto tshark = program_on_path("tshark");
  if (!tshark) GTEST_SKIP() << "tshark is not installed (Debian: tshark; scripts/install-deps.sh installs it)";
  made_up_capture capture;
  std::uint16_t next_port = 50000;
  // Each from ends of its own, so that one wrongly taken for a hub does not drag in the next.
  const auto other = [&](std::string_view datagram) {
    capture.add_other(loopback(1, next_port), loopback(1, static_cast<std::uint16_t>(next_port + 1)), datagram);
    next_port = static_cast<std::uint16_t>(next_port + 2);
  };
  // A DNS query for example.com, and a relay's very bytes on the well-known ports of DNS, NTP,
  // QUIC, SSDP and mDNS, both ways.
  capture.add_other(loopback(1, 40000), loopback(1, 53),
                    std::string{"\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\x07"
                                "example\x03"
                                "com\x00\x00\x01\x00\x01",
                                29});
  for (const std::uint16_t port : std::initializer_list<std::uint16_t>{53, 123, 443, 1900, 5353}) {
    capture.add_other(loopback(1, port), loopback(1, 40001), "127.0.0.1:41877____hi");
    capture.add_other(loopback(1, 40002), loopback(1, port), "hub____welcome, you are 127.0.0.1:40002; 1 member");
  }
  other(std::string{"\x00\x01____\xff\xfe\x80 binary", 16});
  other("GET /a____b HTTP/1.1");
  other("snake____case");
  other("hub____hello");
  other("hub____welcome, you are nobody; 1 member here");
  other("999.0.0.1:5____hi");
  other("127.0.0.1:70000____hi");
  other("127.0.0.1:0____hi");
  other("127.0.0.1:5 ____hi");
  other("[not:v6]:5____hi");
  other("('127.0.0.1', 5____hi");
  other("alice (bob)____hi");
  other("a-name-of-twenty-one- (127.0.0.1:5)____hi");
  other("127.0.0.1:5____not UTF-8 \xff");
  other("127.0.0.1:5____an escape \x1b[31m");
  other("127.0.0.1:5____a C1 control \xc2\x9b");
  other("");

  // Hubs in each way of writing a sender, then members of the first one, before and after it
  // spoke; the same port at another address is still nobody's.
  const auto hub = loopback(2, 9999);
  const auto member = loopback(1, 41879);
  capture.add(member, hub, "said before the hub spoke", "\t\t\t\t");
  capture.add(hub, loopback(1, 41878), "127.0.0.1:41877____hi",
              "server -> member\trelayed message\t127.0.0.1:41877\thi\t");
  capture.add(member, hub, "hello", "member -> server\tmessage\t\thello\t");
  capture.add(member, hub, "", "member -> server\tjoin / keepalive\t\t\t");
  capture.add(member, hub, "quit\n", "member -> server\tquit\t\t\t");
  capture.add(hub, loopback(1, 41878), "127.0.0.1:41879____left____qq",
              "server -> member\tdeparture\t127.0.0.1:41879\t\tleft");
  capture.add_other(member, loopback(9, 9999), "hello");
  capture.add(loopback(3, 9998), loopback(1, 5), "('10.0.0.7', 5)____hi",
              "server -> member\trelayed message\t('10.0.0.7', 5)\thi\t");
  capture.add(loopback(4, 9997), loopback(1, 5), "('::1', 5, 0, 0)____hi",
              "server -> member\trelayed message\t('::1', 5, 0, 0)\thi\t");
  capture.add(loopback(5, 9996), loopback(1, 5), "alice ([fe80::1%eth0]:5)____hi",
              "server -> member\trelayed message\talice ([fe80::1%eth0]:5)\thi\t");
  capture.add(loopback(6, 9995), loopback(1, 5), "hub____welcome, you are 127.0.0.1:5; 1 member here",
              "server -> member\twelcome\thub\twelcome, you are 127.0.0.1:5; 1 member here\t");
  capture.add(loopback(7, 9994), loopback(1, 5), "hub____closing____qq", "server -> member\tclosing\thub\t\tclosing");

  const std::string path = temporary_path("not-udpchat.pcap");
  std::ofstream{path, std::ios::binary} << capture.bytes;
  EXPECT_EQ(decoded(*tshark, path, {}, kind_fields), capture.rows);
  // Asked to try heuristics before ports, it still leaves the well-known ports alone.
  EXPECT_EQ(decoded(*tshark, path, {"-o", "udp.try_heuristic_first:TRUE"}, kind_fields), capture.rows);
  std::remove(path.c_str());
}

}  // namespace
}  // namespace udpchat::testing
