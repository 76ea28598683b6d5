// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// LAN discovery: the probe a terminal sends to find servers, and the answer a server gives.
// Both are one UDP datagram of ASCII text, one line each, so a class reads them in a capture:
//
//   probe    UDPCHAT-FIND 1 <want> <nonce>\n<padding>
//   answer   UDPCHAT-HERE 1 <nonce> <instance> <kind> <port> <members> <name>\n
//
//   want      "hub", "tcp" (a room or a desk) or "any": which servers should answer
//   nonce     16 lowercase hex digits the prober chose at random; the answer carries it back
//   instance  16 lowercase hex digits a server chose at random when it started, so a prober
//             that hears one server over IPv4 and IPv6 lists it once
//   kind      "hub", "room" or "desk"
//   port      the port the server serves on, 1-65535, decimal without leading zeros
//   members   how many members (customers, for a desk) it has, 0 to 4294967295, decimal
//             without leading zeros
//   name      the server's --name: 1 to discovery_name_max_bytes of UTF-8, no control
//             characters, may hold spaces; the rest of the line
//   padding   any bytes, up to the probe's size
//
// Servers listen on UDP port discovery_port, on the IPv4 and IPv6 wildcard addresses and in the
// groups discovery_group_v4 and discovery_group_v6; probers send to each interface's IPv4
// broadcast address and to both groups. docs/protocol.md has the exchange byte by byte.
//
// A probe is never smaller than the largest answer (discovery_probe_min_bytes), so no answer is
// larger than the probe it answers: a forged probe cannot make a server send more bytes than it
// received. Probes of another size are malformed and get no answer.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace udpchat {

inline constexpr std::uint16_t discovery_port = 8099;
inline constexpr std::string_view discovery_group_v4 = "239.255.80.99";  // RFC 2365 organization-local scope
inline constexpr std::string_view discovery_group_v6 = "ff02::8099";     // RFC 4291 link-local scope
inline constexpr std::size_t discovery_name_max_bytes = 160;
// The largest answer: "UDPCHAT-HERE 1 " + nonce + instance + "desk" + 5-digit port + 10-digit
// count + the longest name, each after a space, and the newline: 15+16+1+16+1+4+1+5+1+10+1+160+1.
inline constexpr std::size_t discovery_answer_max_bytes = 232;
inline constexpr std::size_t discovery_probe_min_bytes = 256;
inline constexpr std::size_t discovery_probe_max_bytes = 512;
static_assert(discovery_answer_max_bytes <= discovery_probe_min_bytes);

enum class server_kind { hub, room, desk };
enum class wanted_kind { hub, tcp, any };

using discovery_nonce = std::array<std::uint8_t, 8>;

struct discovery_probe {
  wanted_kind want = wanted_kind::any;
  discovery_nonce nonce{};
};

struct discovery_answer {
  discovery_nonce nonce{};
  discovery_nonce instance{};
  server_kind kind = server_kind::hub;
  std::uint16_t port = 0;
  std::uint32_t members = 0;
  std::string name;
};

// The probe's bytes, padded with '.' to discovery_probe_min_bytes.
std::string encode_probe(const discovery_probe& probe);
// The probe `datagram` holds, or nullopt when it is not exactly a well-formed probe of version 1
// between discovery_probe_min_bytes and discovery_probe_max_bytes long (padding excepted).
std::optional<discovery_probe> decode_probe(std::string_view datagram);

// Whether a server of `kind` answers a probe that wants `want`.
bool kind_wanted(wanted_kind want, server_kind kind);

// Whether `name` may be a server's name: 1 to discovery_name_max_bytes bytes of valid UTF-8
// (RFC 3629) without control characters (C0, DEL, C1), and not starting or ending with a space
// (U+0020).
bool valid_server_name(std::string_view name);
// `name` made valid: control characters and bytes that are not valid UTF-8 dropped, cut at a
// character boundary to discovery_name_max_bytes, outer spaces trimmed; "udpchat" when nothing
// is left. A valid name comes back unchanged. For a host name given by the system, which the
// server uses when --name is not given.
std::string server_name_from(std::string_view name);

// The answer's bytes: at most discovery_answer_max_bytes. `answer.name` must be valid_server_name;
// one that is not is sent as server_name_from makes it, so the bound holds whatever the name.
std::string encode_answer(const discovery_answer& answer);
// The answer `datagram` holds, or nullopt when it is not exactly a well-formed answer of
// version 1 (nothing may follow its newline).
std::optional<discovery_answer> decode_answer(std::string_view datagram);

// "hub", "room", "desk"; "hub", "tcp", "any".
std::string_view kind_text(server_kind kind);
std::string_view kind_text(wanted_kind want);

// A nonce or instance as the datagrams carry it: 16 lowercase hex digits.
std::string discovery_nonce_text(const discovery_nonce& nonce);

}  // namespace udpchat
