// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <string_view>

namespace udpchat {

enum class traffic_direction { received, sent };

// What --trace writes for one datagram or line: a heading, then the bytes (see hex_dump.hpp).
//
//   udpchat-server: 12:00:01.123456 recv 127.0.0.1:41877 -> 127.0.0.1:8000 (6 bytes)
//   000000 68 65 6c 6c 6f 0a                                |hello.|
//   000006
//
// `from` and `to` are the two ends as the bytes went; `time` is the clock time to show. The
// heading has no word that text2pcap could take for an offset or a byte (a word of hex digits
// alone, such as a bare length), so a whole trace converts to a capture. Every line ends with
// '\n'.
std::string trace_entry(std::string_view program, std::string_view time, traffic_direction direction,
                        std::string_view from, std::string_view to, std::string_view bytes);

// What --trace writes for a datagram the program meant to send and dropped on purpose (the
// hub's network simulator): one line, like a heading, with the reason after the length.
//
//   udpchat-server: 12:00:01.123456 lost 127.0.0.1:8000 -> 127.0.0.1:41877 (6 bytes), dropped by --loss
//
// No dump follows, so that text2pcap, which makes a packet of every dump, makes none of a
// datagram that never went on the wire.
std::string trace_dropped_entry(std::string_view program, std::string_view time, std::string_view from,
                                std::string_view to, std::size_t size, std::string_view why);

// What --trace writes for a line that went over the wire but holds a secret (a remote agent's
// login, whose key a trace must not show): the heading alone, with the reason after the length.
//
//   udpchat-desk: 12:00:01.123456 recv 127.0.0.1:41877 -> 127.0.0.1:8000 (31 bytes), not shown: an agent's login holds its key
//
// Without a dump, text2pcap makes no packet of it, so a capture made from the trace lacks the
// secret too.
std::string trace_withheld_entry(std::string_view program, std::string_view time, traffic_direction direction,
                                 std::string_view from, std::string_view to, std::size_t size, std::string_view why);

}  // namespace udpchat
