// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The secret a remote agent and the help desk share (--agent-key-file on both sides): the
// file's first line, without its line ending. The file must be a regular file that only its
// owner may read or write (as ssh demands of a private key), and the secret must be 16 to
// 1,024 printable ASCII characters, so it fits in the login line (desk_login.hpp) and is not
// trivially guessed.

#include <string>
#include <string_view>

namespace udpchat {

struct agent_key {
  std::string secret;  // empty when the file was refused
  std::string error;   // why, in words naming `path`, when it was refused
};

// Reads and checks `path`. One file per platform (desk_key_file_posix.cpp, _windows.cpp).
agent_key read_agent_key_file(const std::string& path);

// The secret rule above applied to the file's first line; an empty string when it holds,
// else what is wrong. Pure.
std::string agent_key_problem(std::string_view secret);

}  // namespace udpchat
