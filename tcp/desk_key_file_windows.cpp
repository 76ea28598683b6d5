// SPDX-License-Identifier: GPL-3.0-or-later
#include "desk_key_file.hpp"

namespace udpchat {

// Who may read a file is an access list on Windows, not a mode this program can check as it
// does on POSIX systems; a key it cannot check is not used.
agent_key read_agent_key_file(const std::string& path) {
  return {{}, "cannot use " + path + ": agent keys are only read on POSIX systems"};
}

}  // namespace udpchat
