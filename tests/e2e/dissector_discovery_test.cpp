// SPDX-License-Identifier: GPL-3.0-or-later
// The Wireshark dissector on LAN discovery: probes and answers on UDP port 8099, written into a
// capture by the codec, read back by tshark with packaging/wireshark/udpchat.lua, field by field.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "external_program.hpp"
#include "udpchat/discovery_message.hpp"
#include "udpchat/pcap_format.hpp"

namespace udpchat::testing {
namespace {

const std::vector<std::string> discovery_fields{
    "udpchat.direction",          "udpchat.kind",
    "udpchat.discovery.magic",    "udpchat.discovery.version",
    "udpchat.discovery.want",     "udpchat.discovery.nonce",
    "udpchat.discovery.instance", "udpchat.discovery.kind",
    "udpchat.discovery.port",     "udpchat.discovery.members",
    "udpchat.discovery.name",     "udpchat.discovery.padding_length",
    "_ws.col.Info"};

// tshark's fields for each packet of `capture`, tab-separated, with the dissector loaded.
std::vector<std::string> decoded(const std::string& tshark, const std::string& capture,
                                 const std::vector<std::string>& fields) {
  std::vector<std::string> arguments{"-r", capture, "-X", std::string{"lua_script:"} + UDPCHAT_DISSECTOR, "-T",
                                     "fields"};
  for (const auto& field : fields) arguments.insert(arguments.end(), {"-e", field});
  // tshark warns about running as root on stderr; only what it prints on stdout counts.
  const auto output = run_program(tshark, arguments);
  EXPECT_EQ(output.exit_status, 0) << output.stderr_text;
  EXPECT_EQ(output.stderr_text.find("Lua"), std::string::npos) << output.stderr_text;
  return output.stdout_lines;
}

capture_endpoint v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d, std::uint16_t port) {
  capture_endpoint end;
  end.address = {a, b, c, d};
  end.port = port;
  return end;
}

// fe80::<last> or ff02::<group>: the link-local addresses and group discovery uses.
capture_endpoint v6(std::uint8_t first, std::uint8_t second, std::uint16_t last, std::uint16_t port) {
  capture_endpoint end;
  end.ipv6 = true;
  end.address[0] = first;
  end.address[1] = second;
  end.address[14] = static_cast<std::uint8_t>(last >> 8U);
  end.address[15] = static_cast<std::uint8_t>(last & 0xFFU);
  end.port = port;
  return end;
}

const capture_endpoint terminal_v4 = v4(169, 254, 1, 2, 40312);
const capture_endpoint server_v4 = v4(169, 254, 1, 1, discovery_port);
const capture_endpoint broadcast_v4 = v4(169, 254, 255, 255, discovery_port);
const capture_endpoint group_v4 = v4(239, 255, 80, 99, discovery_port);
const capture_endpoint terminal_v6 = v6(0xfe, 0x80, 2, 40313);
const capture_endpoint server_v6 = v6(0xfe, 0x80, 1, discovery_port);
const capture_endpoint group_v6 = v6(0xff, 0x02, 0x8099, discovery_port);

constexpr discovery_nonce nonce{0x3f, 0x1c, 0x9a, 0x0e, 0x5b, 0x7d, 0x24, 0x68};
constexpr discovery_nonce instance{0x9e, 0x2d, 0x4c, 0x6a, 0x8b, 0x1f, 0x03, 0x57};

struct capture_file {
  void add(const capture_endpoint& from, const capture_endpoint& to, std::string_view datagram) {
    append_pcap_udp_record(bytes, std::chrono::microseconds{1'700'000'000'000'000 + 1000 * count++}, from, to, datagram);
  }
  std::string write(const std::string& name) const {
    const std::string path = temporary_path(name);
    std::ofstream{path, std::ios::binary} << bytes;
    return path;
  }

  std::string bytes = pcap_file_header();
  long count = 0;
};

TEST(DissectorDiscoveryTest, DecodesProbesAndAnswersFieldByField) {
  const auto tshark = program_on_path("tshark");
  if (!tshark) GTEST_SKIP() << "tshark is not installed (Debian: tshark; scripts/install-deps.sh installs it)";
  capture_file capture;
  const std::string probe = encode_probe({wanted_kind::any, nonce});
  capture.add(terminal_v4, broadcast_v4, probe);
  capture.add(terminal_v4, group_v4, probe);
  capture.add(server_v4, terminal_v4, encode_answer({nonce, instance, server_kind::hub, 8000, 3, "Room 101"}));
  // The largest probe, over IPv6, and the largest answer to it, with a name of UTF-8.
  std::string largest_probe = encode_probe({wanted_kind::tcp, instance});
  largest_probe.resize(discovery_probe_max_bytes, '\0');
  capture.add(terminal_v6, group_v6, largest_probe);
  std::string name = "Caf\xc3\xa9 ";
  name.resize(discovery_name_max_bytes, 'n');
  const std::string largest_answer = encode_answer({instance, nonce, server_kind::desk, 65535, 4294967295U, name});
  ASSERT_EQ(largest_answer.size(), discovery_answer_max_bytes);
  capture.add(server_v6, terminal_v6, largest_answer);
  capture.add(server_v4, terminal_v4, encode_answer({nonce, instance, server_kind::room, 9000, 1, "a"}));
  const std::string path = capture.write("discovery.pcap");

  const std::string probe_row = "terminal -> servers\tdiscovery probe\tUDPCHAT-FIND\t1\tany\t3f1c9a0e5b7d2468\t\t\t\t\t\t220\t"
                                "discovery probe: wants any, nonce 3f1c9a0e5b7d2468 (256 bytes)";
  EXPECT_EQ(decoded(*tshark, path, discovery_fields),
            (std::vector<std::string>{
                probe_row, probe_row,
                "server -> terminal\tdiscovery answer\tUDPCHAT-HERE\t1\t\t3f1c9a0e5b7d2468\t9e2d4c6a8b1f0357\thub\t8000\t3\t"
                "Room 101\t\tdiscovery answer: hub \"Room 101\" on port 8000, 3 members (instance 9e2d4c6a8b1f0357)",
                "terminal -> servers\tdiscovery probe\tUDPCHAT-FIND\t1\ttcp\t9e2d4c6a8b1f0357\t\t\t\t\t\t476\t"
                "discovery probe: wants tcp, nonce 9e2d4c6a8b1f0357 (512 bytes)",
                "server -> terminal\tdiscovery answer\tUDPCHAT-HERE\t1\t\t9e2d4c6a8b1f0357\t3f1c9a0e5b7d2468\tdesk\t65535\t"
                "4294967295\t" + name + "\t\tdiscovery answer: desk \"" + name +
                    "\" on port 65535, 4294967295 members (instance 3f1c9a0e5b7d2468)",
                "server -> terminal\tdiscovery answer\tUDPCHAT-HERE\t1\t\t3f1c9a0e5b7d2468\t9e2d4c6a8b1f0357\troom\t9000\t1\t"
                "a\t\tdiscovery answer: room \"a\" on port 9000, 1 member (instance 9e2d4c6a8b1f0357)"}));
  std::remove(path.c_str());
}

// What the codec would ignore, the dissector calls malformed, and says why.
TEST(DissectorDiscoveryTest, CallsMalformedWhatTheCodecRejects) {
  const auto tshark = program_on_path("tshark");
  if (!tshark) GTEST_SKIP() << "tshark is not installed (Debian: tshark; scripts/install-deps.sh installs it)";
  const std::string probe = encode_probe({wanted_kind::hub, nonce});
  const std::string answer = encode_answer({nonce, instance, server_kind::hub, 8000, 3, "Room 101"});
  const auto probe_with = [&](std::string_view line) {
    std::string datagram{line};
    datagram.resize(discovery_probe_min_bytes, '.');
    return datagram;
  };
  const auto answer_with = [](std::string_view fields) { return "UDPCHAT-HERE 1 " + std::string{fields} + "\n"; };
  const std::string ids = "3f1c9a0e5b7d2468 9e2d4c6a8b1f0357";
  const std::vector<std::string> probes{
      probe,
      probe.substr(0, discovery_probe_min_bytes - 1),
      probe + std::string(discovery_probe_max_bytes + 1 - probe.size(), '.'),
      probe_with("UDPCHAT-FIND 2 hub 3f1c9a0e5b7d2468\n"),
      probe_with("UDPCHAT-FINE 1 hub 3f1c9a0e5b7d2468\n"),
      probe_with("UDPCHAT-FIND 1 room 3f1c9a0e5b7d2468\n"),
      probe_with("UDPCHAT-FIND 1 hub 3F1C9A0E5B7D2468\n"),
      probe_with("UDPCHAT-FIND 1 hub 3f1c9a0e5b7d246\n"),
      probe_with("UDPCHAT-FIND 1 hub 3f1c9a0e5b7d2468 extra\n"),
      probe_with("UDPCHAT-FIND 1 hub\n"),
      probe_with("UDPCHAT-FIND 1 hub 3f1c9a0e5b7d2468\r\n"),
      probe_with("UDPCHAT-FIND 1 hub 3f1c9a0e5b7d2468"),
  };
  const std::vector<std::string> answers{
      answer,
      answer + ".",
      answer.substr(0, answer.size() - 1),
      answer_with(ids + " hub 0 3 lab"),
      answer_with(ids + " hub 65536 3 lab"),
      answer_with(ids + " hub 08000 3 lab"),
      answer_with(ids + " hub 8000 4294967296 lab"),
      answer_with(ids + " hub 8000 03 lab"),
      answer_with(ids + " tcp 8000 3 lab"),
      answer_with(ids + " hub 8000 3 "),
      answer_with(ids + " hub 8000 3 " + std::string(161, 'n')),
      answer_with(ids + " hub 8000 3 a\tb"),
      answer_with(ids + " hub 8000 3 \x1b[2J"),
      answer_with(ids + " hub 8000 3 a\xc2\x85"),
      answer_with(ids + " hub 8000 3 a\xff"),
      answer_with(ids + " hub 8000 3  lab"),
      answer_with(ids + " hub 8000 3 lab "),
      answer_with("3F1C9A0E5B7D2468 9e2d4c6a8b1f0357 hub 8000 3 lab"),
      "UDPCHAT-HERE 2 " + ids + " hub 8000 3 lab\n",
  };
  capture_file capture;
  std::vector<std::string> expected;
  for (const auto& datagram : probes) {
    capture.add(terminal_v4, broadcast_v4, datagram);
    expected.push_back(decode_probe(datagram) ? "discovery probe\t" : "malformed discovery probe\t");
  }
  for (const auto& datagram : answers) {
    capture.add(server_v4, terminal_v4, datagram);
    expected.push_back(decode_answer(datagram) ? "discovery answer\t" : "malformed discovery answer\t");
  }
  // An empty datagram to the discovery port is not a chat member's join; a member that got 8099
  // as its own port, talking to a hub on the chat port, is still chat.
  capture.add(terminal_v4, broadcast_v4, "");
  expected.push_back("\t");
  capture.add(v4(169, 254, 1, 2, discovery_port), v4(169, 254, 1, 1, 8000), "hello");
  expected.push_back("message\t");
  const std::string path = capture.write("discovery-malformed.pcap");

  // The codec's verdicts as well: both good datagrams decode, every other one is malformed.
  ASSERT_EQ(expected.front(), "discovery probe\t");
  ASSERT_EQ(expected[probes.size()], "discovery answer\t");
  EXPECT_EQ(std::count(expected.begin(), expected.end(), "discovery probe\t"), 1);
  EXPECT_EQ(std::count(expected.begin(), expected.end(), "discovery answer\t"), 1);

  const auto rows = decoded(*tshark, path, {"udpchat.kind", "_ws.expert.message"});
  ASSERT_EQ(rows.size(), expected.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_TRUE(rows[i].starts_with(expected[i])) << "packet " << i + 1 << ": " << rows[i];
    // A malformed one says why; nothing else carries a note.
    EXPECT_EQ(rows[i].ends_with("\t"), !expected[i].starts_with("malformed")) << "packet " << i + 1 << ": " << rows[i];
  }
  // Why, for a few of them.
  const auto info = decoded(*tshark, path, {"_ws.col.Info"});
  ASSERT_EQ(info.size(), expected.size());
  EXPECT_EQ(info[1], "malformed discovery probe: 255 bytes: a probe has 256 to 512");
  EXPECT_EQ(info[3], "malformed discovery probe: version 2, not 1");
  EXPECT_EQ(info[5], "malformed discovery probe: wants room, not hub, tcp, any");
  EXPECT_EQ(info[probes.size() + 1], "malformed discovery answer: 1 byte after the line end");
  EXPECT_EQ(info[probes.size() + 5],
            "malformed discovery answer: the port is not 1 to 65535 without leading zeros");
  std::remove(path.c_str());
}

}  // namespace
}  // namespace udpchat::testing
