// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The help desk's canned replies (udpchat-desk --canned FILE): what an agent sends with
// /c NAME. The file is UTF-8 text, one reply a line:
//
//   NAME TEXT
//
//   NAME   by the /nick rule (udpchat/member_name.hpp), unique in the file
//   TEXT   the rest of the line after the spaces that follow NAME: not empty, no control
//          character but TAB, at most max_canned_text_bytes; {name} and {id} in it become the
//          customer's name and number when it is sent, and any other {word} is refused
//
// A line that is empty, all blanks, or whose first non-blank is '#' is skipped. Lines may end
// in LF or CR LF. Pure: no I/O.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace udpchat {

inline constexpr std::size_t max_canned_text_bytes = 4096;
inline constexpr std::size_t max_canned_replies = 1000;

struct canned_reply {
  std::string name;
  std::string text;
};

struct canned_replies_error {
  std::size_t line = 0;  // from 1
  std::string reason;
};

struct canned_replies_parsed {
  std::vector<canned_reply> replies;          // in the file's order; empty on an error
  std::optional<canned_replies_error> error;  // the first line that is wrong
};

canned_replies_parsed parse_canned_replies(std::string_view file_text);

// `text` with every {name} replaced by `name` and every {id} by "#<id>".
std::string fill_canned_reply(std::string_view text, std::string_view name, std::uint64_t id);

}  // namespace udpchat
