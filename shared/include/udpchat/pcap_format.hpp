// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A classic pcap capture file of UDP datagrams, built byte by byte (no libpcap):
//
//   file header   24 bytes: magic a1b2c3d4 (timestamps in microseconds), version 2.4,
//                 snaplen 262144, link type 101 (LINKTYPE_RAW: each packet starts with its IP
//                 header). Written little-endian; readers tell the byte order by the magic.
//                 The snaplen is the largest libpcap and Wireshark accept (their
//                 MAXIMUM_SNAPLEN): above the longest UDP packet of either family (an IPv6
//                 header, 40 bytes, plus a payload length of up to 65535), so no packet is cut.
//                 65535 would cut IPv6 datagrams over 65487 bytes, whose checksums then could
//                 not be verified.
//   record        16 bytes: seconds, microseconds, bytes kept, bytes on the wire (always
//                 equal: every packet is kept whole); then the packet: an IPv4 header
//                 (20 bytes) or an IPv6 header (40 bytes), a UDP header (8 bytes) and the
//                 datagram.
//
// The IP and UDP headers are synthesized: lengths as the datagram needs, TTL / hop limit 64,
// IPv4 with "don't fragment" and a correct header checksum, and a correct UDP checksum for both
// IPv4 and IPv6.

#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace udpchat {

inline constexpr std::uint32_t pcap_snaplen = 262144;
inline constexpr std::uint32_t linktype_raw = 101;
inline constexpr std::size_t pcap_file_header_size = 24;
inline constexpr std::size_t pcap_record_header_size = 16;

// One end of a UDP datagram as a capture names it.
struct capture_endpoint {
  std::array<std::uint8_t, 16> address{};  // network byte order; IPv4 in the first 4 bytes
  bool ipv6 = false;
  std::uint16_t port = 0;
};

std::string pcap_file_header();

// Appends the record of one datagram from `from` to `to`, seen at `when` (time since the Unix
// epoch). Both ends must be of one family. The packet is kept whole. The datagram must fit its
// IP packet's length field: at most 65507 bytes over IPv4, 65527 over IPv6; anything longer is
// cut to that.
void append_pcap_udp_record(std::string& out, std::chrono::microseconds when,
                            const capture_endpoint& from, const capture_endpoint& to,
                            std::string_view datagram);

// The IP and UDP header fields append_pcap_udp_record writes for one datagram, for a program
// that shows them (the web view) rather than writes them.
struct ip_udp_headers {
  bool ipv6 = false;
  std::size_t ip_header_length = 0;  // bytes: 20 (IPv4) or 40 (IPv6)
  std::size_t ip_length = 0;         // IPv4 total length, or IPv6 payload length, in bytes
  std::uint8_t hop_limit = 0;        // IPv4 TTL or IPv6 hop limit
  std::uint8_t protocol = 0;         // IPv4 protocol or IPv6 next header: 17, UDP
  bool dont_fragment = false;        // IPv4 only
  std::uint16_t identification = 0;  // IPv4 only
  std::uint16_t ip_checksum = 0;     // IPv4 only: the header checksum (RFC 791)
  std::uint16_t source_port = 0;
  std::uint16_t destination_port = 0;
  std::uint16_t udp_length = 0;    // the UDP header and the datagram, in bytes (RFC 768)
  std::uint16_t udp_checksum = 0;  // RFC 768, over the pseudo-header (RFC 8200 8.1 for IPv6)
};

// The headers of a datagram of `datagram_size` bytes whose internet_sum is `datagram_sum`
// (what the checksum needs, so a caller that kept only part of a large datagram can pass the
// sum of the whole). Both ends must be of one family. A size past what the IP length field
// holds is cut as append_pcap_udp_record cuts the datagram.
ip_udp_headers synthesize_headers(const capture_endpoint& from, const capture_endpoint& to,
                                  std::size_t datagram_size, std::uint64_t datagram_sum);
// The most of a datagram one IP packet of this family can carry, which is what a record keeps.
std::size_t max_captured_datagram(bool ipv6);

// The Internet checksum (RFC 1071) of `bytes`: the ones' complement of the ones' complement sum
// of its 16-bit big-endian words, an odd last byte padded with zero. `partial_sum` carries on
// a sum from other bytes (a pseudo-header), as internet_sum gives it.
std::uint16_t internet_checksum(std::string_view bytes, std::uint64_t partial_sum = 0);
std::uint64_t internet_sum(std::string_view bytes, std::uint64_t partial_sum = 0);

}  // namespace udpchat
