// SPDX-License-Identifier: GPL-3.0-or-later
// udpchat-server --pcap with the largest datagrams of each family: every packet is kept whole
// and its UDP checksum verifies in tshark.
//
// The largest datagram the hub receives is the largest its family carries: 65507 bytes over
// IPv4 (65535 less the IPv4 and UDP headers), 65527 over IPv6 (65535 less the UDP header: the
// IPv6 payload length does not count the IPv6 header). The hub cannot relay either, because
// the relay adds the sender's address; it says so to the sender. The largest datagram it sends
// is a relay of max_udp_payload (65507) bytes, whatever the family, from a message that size
// less its "<ip:port>____" prefix. Over IPv6 that relay is a packet of 65555 bytes and the
// largest received one 65575: both longer than the 65535 a snaplen of 65535 keeps.
#include <signal.h>

#include <cstdio>

#include "external_program.hpp"
#include "server_fixture.hpp"

namespace udpchat::testing {
namespace {

constexpr std::size_t max_relay = 65507;

struct family {
  bool ipv6;
  std::string host;
  std::size_t largest_datagram;
  std::size_t ip_header;
};

// Each packet of the capture at `path` as tshark reads it: bytes on the wire, bytes kept, UDP
// length, UDP checksum status (1 is good).
std::vector<std::string> packet_sizes(const std::string& tshark, const std::string& path) {
  const auto read = run_program(tshark, {"-r", path, "-o", "udp.check_checksum:TRUE", "-T", "fields", "-e",
                                         "frame.len", "-e", "frame.cap_len", "-e", "udp.length", "-e",
                                         "udp.checksum.status"});
  EXPECT_EQ(read.exit_status, 0) << read.stderr_text;
  return read.stdout_lines;
}

// The packets tshark's expert info flags as having a bad checksum or being malformed.
std::vector<std::string> flagged_packets(const std::string& tshark, const std::string& path) {
  const auto read = run_program(tshark, {"-r", path, "-o", "udp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE",
                                         "-Y", "udp.checksum.bad || ip.checksum_bad.expert || _ws.malformed", "-T",
                                         "fields", "-e", "frame.number"});
  EXPECT_EQ(read.exit_status, 0) << read.stderr_text;
  return read.stdout_lines;
}

TEST(PcapLargestTest, LargestDatagramsOfEitherFamilyAreCapturedWholeWithGoodChecksums) {
  const auto tshark = program_on_path("tshark");
  if (!tshark) GTEST_SKIP() << "tshark is not installed (Debian: tshark; scripts/install-deps.sh installs it)";
  for (const family& each : {family{false, "127.0.0.1", 65507, 20}, family{true, "::1", 65527, 40}}) {
    SCOPED_TRACE(each.host);
    const std::string path = temporary_path(each.ipv6 ? "largest-v6.pcap" : "largest-v4.pcap");
    std::size_t prefix_size = 0;
    {
      running_hub hub{{"--host", each.host, "--port", "0", "--pcap", path}};
      auto a = joined_probe(hub, each.ipv6);
      auto b = joined_probe(hub, each.ipv6);
      a->send_to(hub.port, std::string(each.largest_datagram, 'x'));
      const auto refusal = a->receive();
      ASSERT_TRUE(refusal.has_value());
      EXPECT_TRUE(refusal->starts_with("hub____error: message not relayed: it is " +
                                       std::to_string(each.largest_datagram) + " bytes"))
          << *refusal;
      prefix_size = (a->address() + "____").size();
      a->send_to(hub.port, std::string(max_relay - prefix_size, 'y'));
      const auto relayed = b->receive();
      ASSERT_TRUE(relayed.has_value());
      EXPECT_EQ(relayed->size(), max_relay);
      hub.process.send_signal(SIGTERM);
      EXPECT_EQ(hub.process.wait_exit(), 0);
    }
    const auto row = [&](std::size_t datagram) {
      const std::string packet = std::to_string(each.ip_header + 8 + datagram);
      return packet + "\t" + packet + "\t" + std::to_string(8 + datagram) + "\t1";
    };
    const auto rows = packet_sizes(*tshark, path);
    // a's join and welcome, b's, the largest datagram in and the refusal, the largest relay in
    // and out, and the hub's closing to a and b.
    ASSERT_EQ(rows.size(), 10U);
    EXPECT_EQ(rows[4], row(each.largest_datagram));
    EXPECT_EQ(rows[6], row(max_relay - prefix_size));
    EXPECT_EQ(rows[7], row(max_relay));
    for (const auto& packet : rows) {
      // Kept whole (bytes kept = bytes on the wire), and the checksum good.
      const auto first_tab = packet.find('\t');
      EXPECT_EQ(packet.substr(0, first_tab), packet.substr(first_tab + 1, first_tab)) << packet;
      EXPECT_TRUE(packet.ends_with("\t1")) << packet;
    }
    EXPECT_EQ(flagged_packets(*tshark, path), std::vector<std::string>{});
    std::remove(path.c_str());
  }
}

}  // namespace
}  // namespace udpchat::testing
