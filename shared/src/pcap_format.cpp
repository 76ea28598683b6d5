// SPDX-License-Identifier: GPL-3.0-or-later
#include "udpchat/pcap_format.hpp"

namespace udpchat {
namespace {

constexpr std::size_t ipv4_header_size = 20;
constexpr std::size_t ipv6_header_size = 40;
constexpr std::size_t udp_header_size = 8;
constexpr std::uint8_t udp_protocol = 17;
constexpr std::uint8_t hop_limit = 64;
constexpr std::size_t max_ip_length = 65535;  // IPv4 total length, IPv6 payload length

void put_le32(std::string& out, std::uint32_t value) {
  for (int shift = 0; shift < 32; shift += 8) out.push_back(static_cast<char>((value >> shift) & 0xFFU));
}

void put_le16(std::string& out, std::uint16_t value) {
  out.push_back(static_cast<char>(value & 0xFFU));
  out.push_back(static_cast<char>(value >> 8U));
}

void put_be16(std::string& out, std::size_t value) {
  out.push_back(static_cast<char>((value >> 8U) & 0xFFU));
  out.push_back(static_cast<char>(value & 0xFFU));
}

std::string_view address_bytes(const capture_endpoint& end) {
  return {reinterpret_cast<const char*>(end.address.data()), end.ipv6 ? std::size_t{16} : std::size_t{4}};
}

std::uint16_t fold(std::uint64_t sum) {
  while ((sum >> 16U) != 0) sum = (sum & 0xFFFFU) + (sum >> 16U);
  return static_cast<std::uint16_t>(sum);
}

// The UDP checksum over the pseudo-header, the UDP header (checksum field zero) and the
// datagram, whose own sum is `datagram_sum`.
std::uint16_t udp_checksum(const capture_endpoint& from, const capture_endpoint& to, std::size_t udp_length,
                           std::uint64_t datagram_sum) {
  std::uint64_t sum = internet_sum(address_bytes(from));
  sum = internet_sum(address_bytes(to), sum);
  // IPv4: zero, protocol, 16-bit length. IPv6: 32-bit length, three zeros, next header. As
  // 16-bit words both come to the protocol and the length (the length's upper half is zero).
  sum += udp_protocol;
  sum += udp_length;
  // The UDP header: both ports, the length again, and a zero checksum. The datagram follows
  // it at an even offset, so its sum adds on word for word.
  sum += from.port;
  sum += to.port;
  sum += udp_length;
  sum += datagram_sum;
  const auto checksum = static_cast<std::uint16_t>(~fold(sum));
  // Zero means "no checksum" in UDP; a computed zero is sent as all ones.
  return checksum == 0 ? std::uint16_t{0xFFFF} : checksum;
}

void append_ip_header(std::string& out, const ip_udp_headers& headers, const capture_endpoint& from,
                      const capture_endpoint& to, bool with_checksum) {
  if (headers.ipv6) {
    out.append({'\x60', '\0', '\0', '\0'});  // version 6, traffic class and flow label 0
    put_be16(out, headers.ip_length);
    out.push_back(static_cast<char>(headers.protocol));
    out.push_back(static_cast<char>(headers.hop_limit));
  } else {
    out.append({'\x45', '\0'});  // version 4, a 20-byte header; type of service 0
    put_be16(out, headers.ip_length);
    put_be16(out, headers.identification);
    out.append({headers.dont_fragment ? '\x40' : '\0', '\0'});  // flags, fragment offset 0
    out.push_back(static_cast<char>(headers.hop_limit));
    out.push_back(static_cast<char>(headers.protocol));
    put_be16(out, with_checksum ? headers.ip_checksum : 0);
  }
  out.append(address_bytes(from));
  out.append(address_bytes(to));
}

}  // namespace

std::uint64_t internet_sum(std::string_view bytes, std::uint64_t partial_sum) {
  std::uint64_t sum = partial_sum;
  std::size_t i = 0;
  for (; i + 1 < bytes.size(); i += 2) {
    sum += (static_cast<std::uint64_t>(static_cast<unsigned char>(bytes[i])) << 8U) |
           static_cast<unsigned char>(bytes[i + 1]);
  }
  if (i < bytes.size()) sum += static_cast<std::uint64_t>(static_cast<unsigned char>(bytes[i])) << 8U;
  return sum;
}

std::uint16_t internet_checksum(std::string_view bytes, std::uint64_t partial_sum) {
  return static_cast<std::uint16_t>(~fold(internet_sum(bytes, partial_sum)));
}

std::string pcap_file_header() {
  std::string out;
  out.reserve(pcap_file_header_size);
  put_le32(out, 0xA1B2C3D4U);
  put_le16(out, 2);  // version 2.4
  put_le16(out, 4);
  put_le32(out, 0);  // time zone offset: timestamps are UTC
  put_le32(out, 0);  // timestamp accuracy
  put_le32(out, pcap_snaplen);
  put_le32(out, linktype_raw);
  return out;
}

std::size_t max_captured_datagram(bool ipv6) {
  // The length field of IPv4 counts its own header; IPv6's counts only what follows it.
  return max_ip_length - udp_header_size - (ipv6 ? std::size_t{0} : ipv4_header_size);
}

ip_udp_headers synthesize_headers(const capture_endpoint& from, const capture_endpoint& to,
                                  std::size_t datagram_size, std::uint64_t datagram_sum) {
  ip_udp_headers headers;
  headers.ipv6 = from.ipv6;
  headers.ip_header_length = headers.ipv6 ? ipv6_header_size : ipv4_header_size;
  const std::size_t udp_length = udp_header_size + std::min(datagram_size, max_captured_datagram(headers.ipv6));
  headers.ip_length = headers.ipv6 ? udp_length : ipv4_header_size + udp_length;
  headers.hop_limit = hop_limit;
  headers.protocol = udp_protocol;
  headers.dont_fragment = !headers.ipv6;
  headers.source_port = from.port;
  headers.destination_port = to.port;
  headers.udp_length = static_cast<std::uint16_t>(udp_length);
  headers.udp_checksum = udp_checksum(from, to, udp_length, datagram_sum);
  if (!headers.ipv6) {
    std::string header;
    header.reserve(ipv4_header_size);
    append_ip_header(header, headers, from, to, false);
    headers.ip_checksum = internet_checksum(header);
  }
  return headers;
}

void append_pcap_udp_record(std::string& out, std::chrono::microseconds when,
                            const capture_endpoint& from, const capture_endpoint& to,
                            std::string_view datagram) {
  datagram = datagram.substr(0, max_captured_datagram(from.ipv6));
  const ip_udp_headers headers = synthesize_headers(from, to, datagram.size(), internet_sum(datagram));
  const std::size_t packet_length = headers.ip_header_length + headers.udp_length;
  static_assert(ipv6_header_size + max_ip_length <= pcap_snaplen, "every packet is kept whole");

  const auto micros = when.count();
  put_le32(out, static_cast<std::uint32_t>(micros / 1000000));
  put_le32(out, static_cast<std::uint32_t>(micros % 1000000));
  put_le32(out, static_cast<std::uint32_t>(packet_length));  // kept: all of it
  put_le32(out, static_cast<std::uint32_t>(packet_length));

  append_ip_header(out, headers, from, to, true);
  put_be16(out, headers.source_port);
  put_be16(out, headers.destination_port);
  put_be16(out, headers.udp_length);
  put_be16(out, headers.udp_checksum);
  out.append(datagram);
}

}  // namespace udpchat
