// SPDX-License-Identifier: GPL-3.0-or-later
// udpchat-server --pcap: a real session captured, then read back by tshark with the project's
// Wireshark dissector (packaging/wireshark/udpchat.lua).
#include <signal.h>

#include <cstdio>
#include <fstream>
#include <iterator>

#include "external_program.hpp"
#include "recorded_hub_session.hpp"
#include "server_fixture.hpp"
#include "tcp_probe.hpp"

namespace udpchat::testing {
namespace {

std::string file_contents(const std::string& path) {
  std::ifstream in{path, std::ios::binary};
  return {std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
}

// A capture of one session: two members join, one says two things (the second with control
// bytes and a byte that is not UTF-8), the other quits, and the hub closes.
struct captured_session : recorded_hub_session {
  captured_session()
      : recorded_hub_session{"session.pcap", [](udp_probe& a, udp_probe& b, unsigned short hub_port) {
          a.send_to(hub_port, "hello\n");
          EXPECT_EQ(b.receive(), a.address() + "____hello");
          a.send_to(hub_port, "bell\x07 esc\x1b[31m red\xff");
          EXPECT_EQ(b.receive(), a.address() + "____bell\\x07 esc\\x1b[31m red\\xff");
        }} {}
};

TEST(PcapTest, CaptureIsAClassicPcapOfRawIp) {
  const captured_session session;
  const std::string capture = file_contents(session.path);
  ASSERT_GE(capture.size(), 24U);
  // Magic a1b2c3d4 (little-endian), version 2.4, snaplen 262144, LINKTYPE_RAW (101).
  EXPECT_EQ(capture.substr(0, 8), std::string("\xd4\xc3\xb2\xa1\x02\x00\x04\x00", 8));
  EXPECT_EQ(capture.substr(16, 8), std::string("\x00\x00\x04\x00\x65\x00\x00\x00", 8));
  // The first record: a's empty join, 28 bytes of IPv4 and UDP header from a to the hub.
  ASSERT_GE(capture.size(), 24U + 16U + 28U);
  EXPECT_EQ(capture.substr(24 + 8, 8), std::string("\x1c\x00\x00\x00\x1c\x00\x00\x00", 8));
  EXPECT_EQ(capture[40], '\x45');
}

// tshark's fields for each packet, tab-separated, with the dissector loaded.
std::vector<std::string> dissected(const captured_session& session, const std::string& tshark,
                                   const std::vector<std::string>& fields) {
  std::vector<std::string> arguments{"-r", session.path, "-X", std::string{"lua_script:"} + UDPCHAT_DISSECTOR,
                                     "-d", "udp.port==" + std::to_string(session.port) + ",udpchat",
                                     "-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
                                     "-T", "fields"};
  for (const auto& field : fields) {
    arguments.push_back("-e");
    arguments.push_back(field);
  }
  // tshark warns about running as root on stderr; only what it prints on stdout counts.
  const auto output = run_program(tshark, arguments);
  EXPECT_EQ(output.exit_status, 0) << output.stderr_text;
  return output.stdout_lines;
}

TEST(PcapTest, WiresharkDissectorDecodesEveryDatagramOfTheSession) {
  const auto tshark = program_on_path("tshark");
  if (!tshark) GTEST_SKIP() << "tshark is not installed (Debian: tshark; scripts/install-deps.sh installs it)";
  const captured_session session;
  const std::string a = session.a_address;
  const std::string b = session.b_address;
  const auto welcome = [](const std::string& who, int members) {
    return "welcome, you are " + who + "; " + std::to_string(members) + (members == 1 ? " member" : " members") +
           " here; idle timeout 10m; rate limit 20/s burst 60; send quit to leave";
  };
  // direction, kind, sender, text, departure notice
  const std::vector<std::string> expected{
      "member -> server\tjoin / keepalive\t\t\t",
      "server -> member\twelcome\thub\t" + welcome(a, 1) + "\t",
      "member -> server\tjoin / keepalive\t\t\t",
      "server -> member\twelcome\thub\t" + welcome(b, 2) + "\t",
      "member -> server\tmessage\t\thello\t",
      "server -> member\trelayed message\t" + a + "\thello\t",
      "member -> server\tmessage\t\tbell\\x07 esc\\x1b[31m red\\xff\t",
      "server -> member\trelayed message\t" + a + "\tbell\\x07 esc\\x1b[31m red\\xff\t",
      "member -> server\tquit\t\t\t",
      "server -> member\tdeparture\t" + b + "\t\tleft",
      "server -> member\tclosing\thub\t\tclosing",
  };
  EXPECT_EQ(dissected(session, *tshark,
                      {"udpchat.direction", "udpchat.kind", "udpchat.sender", "udpchat.text", "udpchat.notice"}),
            expected);
}

TEST(PcapTest, HeadersNameBothEndsWithGoodChecksums) {
  const auto tshark = program_on_path("tshark");
  if (!tshark) GTEST_SKIP() << "tshark is not installed (Debian: tshark; scripts/install-deps.sh installs it)";
  const captured_session session;
  const auto ends = [&](const std::string& from, const std::string& to) {
    const auto port_of = [](const std::string& address) { return address.substr(address.rfind(':') + 1); };
    // Checksum status 1 is "good" in Wireshark's terms.
    return "127.0.0.1\t" + port_of(from) + "\t127.0.0.1\t" + port_of(to) + "\t1\t1";
  };
  const std::string a = session.a_address;
  const std::string b = session.b_address;
  const std::string hub = "127.0.0.1:" + std::to_string(session.port);
  const std::vector<std::string> expected{ends(a, hub), ends(hub, a), ends(b, hub), ends(hub, b),
                                          ends(a, hub), ends(hub, b), ends(a, hub), ends(hub, b),
                                          ends(b, hub), ends(hub, a), ends(hub, a)};
  EXPECT_EQ(dissected(session, *tshark,
                      {"ip.src", "udp.srcport", "ip.dst", "udp.dstport", "ip.checksum.status", "udp.checksum.status"}),
            expected);
}

TEST(PcapTest, DualStackHubCapturesIpv4MembersOverIpv4AndIpv6MembersOverIpv6) {
  const auto tshark = program_on_path("tshark");
  if (!tshark) GTEST_SKIP() << "tshark is not installed (Debian: tshark; scripts/install-deps.sh installs it)";
  const std::string path = temporary_path("dual-stack.pcap");
  running_hub hub{{"--host", "::", "--port", "0", "--pcap", path}};
  auto v4 = joined_probe(hub);
  auto v6 = joined_probe(hub, true);
  v4->send_to(hub.port, "from v4");
  EXPECT_EQ(v6->receive(), v4->address() + "____from v4");
  hub.process.send_signal(SIGTERM);
  EXPECT_EQ(hub.process.wait_exit(), 0);

  const auto port_of = [](const std::string& address) { return address.substr(address.rfind(':') + 1); };
  const std::string hub_port = std::to_string(hub.port);
  // The hub's end is the address each datagram was sent to, not "::".
  const auto v4_row = [&](const std::string& from, const std::string& to) {
    return "127.0.0.1\t\t" + from + "\t127.0.0.1\t\t" + to + "\t1";
  };
  const auto v6_row = [&](const std::string& from, const std::string& to) {
    return "\t::1\t" + from + "\t\t::1\t" + to + "\t1";
  };
  const std::string v4_port = port_of(v4->address());
  const std::string v6_port = port_of(v6->address());
  const auto output = run_program(*tshark, {"-r", path, "-o", "udp.check_checksum:TRUE", "-T", "fields", "-e", "ip.src",
                                            "-e", "ipv6.src", "-e", "udp.srcport", "-e", "ip.dst", "-e", "ipv6.dst",
                                            "-e", "udp.dstport", "-e", "udp.checksum.status"});
  EXPECT_EQ(output.stdout_lines,
            (std::vector<std::string>{v4_row(v4_port, hub_port), v4_row(hub_port, v4_port), v6_row(v6_port, hub_port),
                                      v6_row(hub_port, v6_port), v4_row(v4_port, hub_port), v6_row(hub_port, v6_port),
                                      v4_row(hub_port, v4_port), v6_row(hub_port, v6_port)}))
      << output.stderr_text;
  std::remove(path.c_str());
}

// The dumps of the trace entries in `trace` whose heading holds `heading` ("send X -> Y ("),
// one after another with their headings left out: what text2pcap reads as one packet each.
std::string dumps_headed(const std::string& trace, const std::string& heading) {
  std::string dumps;
  bool in_entry = false;
  std::size_t start = 0;
  while (start < trace.size()) {
    const std::size_t end = std::min(trace.find('\n', start), trace.size());
    const std::string_view line{trace.data() + start, end - start};
    start = end + 1;
    if (!in_entry) {
      in_entry = line.find(heading) != std::string_view::npos;
      continue;
    }
    dumps.append(line);
    dumps += '\n';
    // The last line of a dump is the offset past the end, alone.
    if (line.find(' ') == std::string_view::npos) in_entry = false;
  }
  return dumps;
}

TEST(PcapTest, WiresharkDissectorDecodesTheLinesOfATcpRoom) {
  const auto tshark = program_on_path("tshark");
  const auto text2pcap = program_on_path("text2pcap");
  if (!tshark || !text2pcap) GTEST_SKIP() << "tshark and text2pcap are not installed (Debian: tshark)";
  std::string trace;
  std::string room_end;
  std::string a_address;
  std::string b_address;
  {
    running_server room{"udpchat-room", on_loopback({"--trace"})};
    room_end = "127.0.0.1:" + std::to_string(room.port);
    tcp_probe a{room.port};
    ASSERT_TRUE(a.read_line());
    tcp_probe b{room.port};
    ASSERT_TRUE(b.read_line());
    a_address = a.address();
    b_address = b.address();
    EXPECT_EQ(a.read_line(), "hub____" + b_address + " joined");
    a.send("hello\n");
    EXPECT_EQ(b.read_line(), a_address + "____hello");
    b.send("hi there\n");
    EXPECT_EQ(a.read_line(), b_address + "____hi there");
    b.send("quit\n");
    EXPECT_EQ(a.read_line(), b_address + "____left____qq");
    a.send("quit\n");
    EXPECT_EQ(a.read_line(), "hub____goodbye");
    room.process.send_signal(SIGTERM);
    EXPECT_EQ(room.process.wait_exit(), 0);
    trace = room.process.all_stderr();
  }
  // One file per direction of a's connection, with the room on the dissector's port (8000).
  const auto decoded = [&](const std::string& heading, const std::string& ports) {
    const std::string dumps = temporary_path("tcp-trace.txt");
    const std::string capture = temporary_path("tcp-trace.pcap");
    std::ofstream{dumps} << dumps_headed(trace, heading);
    const auto converted = run_program(*text2pcap, {"-q", "-T", ports, dumps, capture});
    EXPECT_EQ(converted.exit_status, 0) << converted.stderr_text;
    const auto read = run_program(*tshark, {"-r", capture, "-X", std::string{"lua_script:"} + UDPCHAT_DISSECTOR,
                                            "-T", "fields", "-e", "udpchat.direction", "-e", "udpchat.kind", "-e",
                                            "udpchat.sender", "-e", "udpchat.text", "-e", "udpchat.notice"});
    EXPECT_EQ(read.exit_status, 0) << read.stderr_text;
    std::remove(dumps.c_str());
    std::remove(capture.c_str());
    return read.stdout_lines;
  };
  EXPECT_EQ(decoded("recv " + a_address + " -> " + room_end + " (", "40001,8000"),
            (std::vector<std::string>{"member -> server\tmessage\t\thello\t", "member -> server\tquit\t\t\t"}))
      << trace;
  EXPECT_EQ(decoded("send " + room_end + " -> " + a_address + " (", "8000,40001"),
            (std::vector<std::string>{
                "server -> member\twelcome\thub\twelcome, you are " + a_address +
                    "; 1 member here; idle timeout 30m; rate limit 20/s burst 60; send quit to leave\t",
                "server -> member\thub notice\thub\t" + b_address + " joined\t",
                "server -> member\trelayed message\t" + b_address + "\thi there\t",
                "server -> member\tdeparture\t" + b_address + "\t\tleft",
                "server -> member\tgoodbye\thub\tgoodbye\t",
            }))
      << trace;
}

}  // namespace
}  // namespace udpchat::testing
