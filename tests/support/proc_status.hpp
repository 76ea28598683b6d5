// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <fstream>
#include <string>
#include <string_view>

namespace udpchat::testing {

// A size field of /proc/PID/status in kB ("VmRSS", "VmHWM"), or 0 when it cannot be read.
inline std::size_t status_kib(pid_t pid, std::string_view field) {
  std::ifstream status{"/proc/" + std::to_string(pid) + "/status"};
  const std::string wanted = std::string{field} + ':';
  std::string word;
  while (status >> word) {
    if (word == wanted) {
      std::size_t kib = 0;
      status >> kib;
      return kib;
    }
  }
  return 0;
}

}  // namespace udpchat::testing
