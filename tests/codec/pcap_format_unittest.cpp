// SPDX-License-Identifier: GPL-3.0-or-later
#include "udpchat/pcap_format.hpp"

#include <gtest/gtest.h>

#include <cstdint>

namespace udpchat {
namespace {

// "45 00 21" -> the three bytes.
std::string from_hex(std::string_view hex) {
  std::string bytes;
  for (std::size_t i = 0; i + 1 < hex.size();) {
    if (hex[i] == ' ') {
      ++i;
      continue;
    }
    bytes.push_back(static_cast<char>(std::stoi(std::string{hex.substr(i, 2)}, nullptr, 16)));
    i += 2;
  }
  return bytes;
}

capture_endpoint v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d, std::uint16_t port) {
  capture_endpoint end;
  end.address = {a, b, c, d};
  end.port = port;
  return end;
}

capture_endpoint v6(std::array<std::uint8_t, 16> address, std::uint16_t port) {
  capture_endpoint end;
  end.address = address;
  end.ipv6 = true;
  end.port = port;
  return end;
}

std::uint32_t le32_at(std::string_view bytes, std::size_t at) {
  std::uint32_t value = 0;
  for (std::size_t i = 4; i-- > 0;) value = (value << 8U) | static_cast<unsigned char>(bytes[at + i]);
  return value;
}

constexpr std::chrono::microseconds when{1'700'000'000'123'456};

TEST(PcapFormatTest, FileHeaderIsClassicPcapOfRawIp) {
  EXPECT_EQ(pcap_file_header(), from_hex("d4 c3 b2 a1  02 00 04 00  00 00 00 00  00 00 00 00"
                                         "00 00 04 00  65 00 00 00"));
}

TEST(PcapFormatTest, Ipv4RecordHasLengthsAndBothChecksums) {
  std::string out;
  append_pcap_udp_record(out, when, v4(127, 0, 0, 1, 41877), v4(127, 0, 0, 1, 8000), "hello");
  const std::string packet = from_hex(
      "45 00 00 21 00 00 40 00 40 11 3c ca 7f 00 00 01 7f 00 00 01"  // IPv4, 33 bytes, DF, TTL 64
      "a3 95 1f 40 00 0d fb 29"                                       // UDP 41877 -> 8000, 13 bytes
      "68 65 6c 6c 6f");
  ASSERT_EQ(out.size(), pcap_record_header_size + packet.size());
  EXPECT_EQ(le32_at(out, 0), 1'700'000'000U);
  EXPECT_EQ(le32_at(out, 4), 123'456U);
  EXPECT_EQ(le32_at(out, 8), 33U);
  EXPECT_EQ(le32_at(out, 12), 33U);
  EXPECT_EQ(out.substr(pcap_record_header_size), packet);
  // A correct header checksum makes the header sum to zero.
  EXPECT_EQ(internet_checksum(std::string_view{packet}.substr(0, 20)), 0);
}

TEST(PcapFormatTest, Ipv6RecordHasAComputedUdpChecksum) {
  std::string out;
  append_pcap_udp_record(out, when, v6({0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 5000),
                         v6({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7}, 8000),
                         "hub____welcome");
  const std::string packet = from_hex(
      "60 00 00 00 00 16 11 40"                          // IPv6, payload 22 bytes, UDP, hop limit 64
      "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01"  // ::1
      "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 07"  // 2001:db8::7
      "13 88 1f 40 00 16 df 4c"                          // UDP 5000 -> 8000, 22 bytes
      "68 75 62 5f 5f 5f 5f 77 65 6c 63 6f 6d 65");
  EXPECT_EQ(le32_at(out, 8), 62U);
  EXPECT_EQ(le32_at(out, 12), 62U);
  EXPECT_EQ(out.substr(pcap_record_header_size), packet);
}

TEST(PcapFormatTest, UdpChecksumVerifiesOverThePseudoHeader) {
  // An odd-sized datagram, so the last byte is padded.
  const std::string datagram = "127.0.0.1:41877____odd \x01\x7f\xff";
  std::string out;
  append_pcap_udp_record(out, when, v4(192, 0, 2, 31, 50112), v4(192, 0, 2, 10, 8000), datagram);
  const std::string_view packet = std::string_view{out}.substr(pcap_record_header_size);
  const std::string_view udp = packet.substr(20);
  // The receiver's check: the sum over pseudo-header, header and data is all ones.
  std::uint64_t sum = internet_sum(packet.substr(12, 8));  // both addresses
  sum += 17 + udp.size();
  EXPECT_EQ(internet_checksum(udp, sum), 0);
}

TEST(PcapFormatTest, EmptyDatagramIsAHeaderOnly) {
  std::string out;
  append_pcap_udp_record(out, when, v4(127, 0, 0, 1, 1), v4(127, 0, 0, 1, 2), "");
  EXPECT_EQ(out.size(), pcap_record_header_size + 28);
  EXPECT_EQ(out.substr(pcap_record_header_size + 20, 8), from_hex("00 01 00 02 00 08 01 d9"));
}

TEST(PcapFormatTest, SnaplenHoldsTheLongestPacketOfEitherFamily) {
  // An IPv6 header and the largest payload length its field holds.
  EXPECT_GE(pcap_snaplen, 40U + 65535U);
  // libpcap's and Wireshark's largest.
  EXPECT_LE(pcap_snaplen, 262144U);
}

TEST(PcapFormatTest, LargestIpv4DatagramIsKeptWhole) {
  std::string out;
  append_pcap_udp_record(out, when, v4(127, 0, 0, 1, 1), v4(127, 0, 0, 1, 2), std::string(65507, 'x'));
  EXPECT_EQ(le32_at(out, 8), 65535U);
  EXPECT_EQ(le32_at(out, 12), 65535U);
  EXPECT_EQ(out.size(), pcap_record_header_size + 65535);
  EXPECT_EQ(out.substr(pcap_record_header_size + 2, 2), from_hex("ff ff"));  // total length
}

TEST(PcapFormatTest, LargestIpv6DatagramIsKeptWhole) {
  std::string out;
  const std::array<std::uint8_t, 16> loopback{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  const std::string datagram(65527, 'x');
  append_pcap_udp_record(out, when, v6(loopback, 1), v6(loopback, 2), datagram);
  // Bytes kept and bytes on the wire: all 65575 of them, past the 65535 that would cut it.
  EXPECT_EQ(le32_at(out, 8), 40U + 8U + 65527U);
  EXPECT_EQ(le32_at(out, 12), 40U + 8U + 65527U);
  ASSERT_EQ(out.size(), pcap_record_header_size + 40 + 8 + 65527);
  EXPECT_EQ(out.substr(pcap_record_header_size + 4, 2), from_hex("ff ff"));  // payload length
  EXPECT_EQ(out.substr(pcap_record_header_size + 48), datagram);
  // The whole UDP part verifies against its pseudo-header.
  const std::string_view udp = std::string_view{out}.substr(pcap_record_header_size + 40);
  std::uint64_t sum = internet_sum(std::string_view{out}.substr(pcap_record_header_size + 8, 32));
  sum += 17 + udp.size();
  EXPECT_EQ(internet_checksum(udp, sum), 0);
}

TEST(PcapFormatTest, ChecksumOfKnownWords) {
  // RFC 1071's example words 0001 f203 f4f5 f6f7 sum to ddf2 (after the carry), so the
  // checksum is its complement.
  EXPECT_EQ(internet_checksum(from_hex("00 01 f2 03 f4 f5 f6 f7")), 0x220d);
  EXPECT_EQ(internet_checksum(""), 0xffff);
}

}  // namespace
}  // namespace udpchat
