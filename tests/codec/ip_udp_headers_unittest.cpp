// SPDX-License-Identifier: GPL-3.0-or-later
// synthesize_headers: the header fields a capture record holds, told without writing one.
#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <string>

#include "udpchat/pcap_format.hpp"

namespace udpchat {
namespace {

capture_endpoint end_of(std::array<std::uint8_t, 16> address, bool ipv6, std::uint16_t port) {
  capture_endpoint end;
  end.address = address;
  end.ipv6 = ipv6;
  end.port = port;
  return end;
}

const capture_endpoint v4_member = end_of({127, 0, 0, 1}, false, 41877);
const capture_endpoint v4_hub = end_of({127, 0, 0, 1}, false, 8000);
const capture_endpoint v6_member = end_of({0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, true, 1);
const capture_endpoint v6_hub = end_of({0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, true, 2);

std::uint16_t be16_at(const std::string& bytes, std::size_t at) {
  return static_cast<std::uint16_t>((static_cast<unsigned char>(bytes[at]) << 8U) |
                                    static_cast<unsigned char>(bytes[at + 1]));
}

ip_udp_headers headers_of(const capture_endpoint& from, const capture_endpoint& to, const std::string& datagram) {
  return synthesize_headers(from, to, datagram.size(), internet_sum(datagram));
}

TEST(IpUdpHeadersTest, Ipv4FieldsAreTheKnownOnes) {
  // The same datagram as PcapFormatTest.Ipv4RecordHasLengthsAndBothChecksums.
  const auto headers = headers_of(v4_member, v4_hub, "hello");
  EXPECT_FALSE(headers.ipv6);
  EXPECT_EQ(headers.ip_header_length, 20U);
  EXPECT_EQ(headers.ip_length, 33U);
  EXPECT_EQ(headers.hop_limit, 64);
  EXPECT_EQ(headers.protocol, 17);
  EXPECT_TRUE(headers.dont_fragment);
  EXPECT_EQ(headers.identification, 0);
  EXPECT_EQ(headers.ip_checksum, 0x3cca);
  EXPECT_EQ(headers.source_port, 41877);
  EXPECT_EQ(headers.destination_port, 8000);
  EXPECT_EQ(headers.udp_length, 13);
  EXPECT_EQ(headers.udp_checksum, 0xfb29);
}

// Each case: the fields must be the bytes a capture record holds for the same datagram.
struct record_case {
  const char* name;
  capture_endpoint from;
  capture_endpoint to;
  std::string datagram;
};

class HeadersMatchRecord : public ::testing::TestWithParam<record_case> {};

TEST_P(HeadersMatchRecord, FieldsAreWhatTheRecordWrites) {
  const auto& test = GetParam();
  const auto headers = headers_of(test.from, test.to, test.datagram);
  std::string record;
  append_pcap_udp_record(record, std::chrono::microseconds{1}, test.from, test.to, test.datagram);
  const std::string packet = record.substr(pcap_record_header_size);
  const std::size_t udp = headers.ip_header_length;
  if (headers.ipv6) {
    EXPECT_EQ(headers.ip_header_length, 40U);
    EXPECT_EQ(be16_at(packet, 4), headers.ip_length);
    EXPECT_EQ(static_cast<unsigned char>(packet[6]), headers.protocol);
    EXPECT_EQ(static_cast<unsigned char>(packet[7]), headers.hop_limit);
  } else {
    EXPECT_EQ(be16_at(packet, 2), headers.ip_length);
    EXPECT_EQ(be16_at(packet, 4), headers.identification);
    EXPECT_EQ((static_cast<unsigned char>(packet[6]) & 0x40U) != 0, headers.dont_fragment);
    EXPECT_EQ(static_cast<unsigned char>(packet[8]), headers.hop_limit);
    EXPECT_EQ(static_cast<unsigned char>(packet[9]), headers.protocol);
    EXPECT_EQ(be16_at(packet, 10), headers.ip_checksum);
    // A header with its checksum in place sums to all ones.
    EXPECT_EQ(internet_checksum(std::string_view{packet}.substr(0, 20)), 0);
  }
  EXPECT_EQ(be16_at(packet, udp), headers.source_port);
  EXPECT_EQ(be16_at(packet, udp + 2), headers.destination_port);
  EXPECT_EQ(be16_at(packet, udp + 4), headers.udp_length);
  EXPECT_EQ(be16_at(packet, udp + 6), headers.udp_checksum);
}

INSTANTIATE_TEST_SUITE_P(
    Datagrams, HeadersMatchRecord,
    ::testing::Values(record_case{"ipv4_empty", v4_member, v4_hub, ""},
                      record_case{"ipv4_odd_length", v4_hub, v4_member, "127.0.0.1:41877____hi!"},
                      record_case{"ipv4_control_bytes", v4_member, v4_hub, std::string{"\x1b[2J\xff\x00", 6}},
                      record_case{"ipv4_largest", v4_member, v4_hub, std::string(65507, 'x')},
                      record_case{"ipv6_empty", v6_member, v6_hub, ""},
                      record_case{"ipv6_text", v6_hub, v6_member, "hub____welcome"},
                      record_case{"ipv6_largest", v6_member, v6_hub, std::string(65527, 'y')}),
    [](const auto& test_info) { return std::string{test_info.param.name}; });

TEST(IpUdpHeadersTest, SumOfAWholeDatagramGivesItsChecksumWhateverWasKept) {
  // A viewer keeps the first bytes of a large datagram and the sum of all of it.
  const std::string datagram(10000, 'z');
  const auto whole = headers_of(v4_member, v4_hub, datagram);
  const auto from_sum = synthesize_headers(v4_member, v4_hub, datagram.size(), internet_sum(datagram));
  EXPECT_EQ(from_sum.udp_checksum, whole.udp_checksum);
  EXPECT_NE(headers_of(v4_member, v4_hub, datagram.substr(0, 4096)).udp_checksum, whole.udp_checksum);
}

TEST(IpUdpHeadersTest, OversizeIsCutAsTheRecordCutsIt) {
  EXPECT_EQ(max_captured_datagram(false), 65507U);
  EXPECT_EQ(max_captured_datagram(true), 65527U);
  const auto headers = synthesize_headers(v4_member, v4_hub, 70000, 0);
  EXPECT_EQ(headers.ip_length, 65535U);
  EXPECT_EQ(headers.udp_length, 65515);
}

}  // namespace
}  // namespace udpchat
