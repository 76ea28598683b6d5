// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <string_view>

namespace udpchat {

// Bytes as `od -Ax -tx1 -v` shows them, with a column of text on the right:
//
//   000000 68 65 6c 6c 6f 20 65 76 65 72 79 6f 6e 65 0a 41  |hello everyone.A|
//   000010 42                                               |B|
//   000011
//
// Each line is a six-digit hex offset and up to 16 bytes in two-digit hex; the last line is the
// offset just past the end (so no bytes at all give the single line "000000"). The text column
// shows printable ASCII as it is and every other byte as '.', so the dump is safe to print on a
// terminal. It starts with '|', which cannot be read as a hex byte: Wireshark's text2pcap reads
// the offsets and bytes and ignores the rest of a line. Every line ends with '\n'.
std::string hex_dump(std::string_view bytes);
void append_hex_dump(std::string& out, std::string_view bytes);

}  // namespace udpchat
