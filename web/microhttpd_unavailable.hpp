// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <stdexcept>

namespace udpchat::web {

// Opening a web view found that libmicrohttpd, which is loaded only then (microhttpd_library),
// cannot be loaded. what() is one line for the user: the library's soname, the Debian package
// that holds it, and dlerror(3)'s reason. A separate header so that the programs catching it
// need not see <microhttpd.h>.
class microhttpd_unavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace udpchat::web
