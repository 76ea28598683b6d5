// SPDX-License-Identifier: GPL-3.0-or-later
#include "microhttpd_library.hpp"

#include <dlfcn.h>

#include <string>

// Both come from the build (web/CMakeLists.txt): the SONAME of the libmicrohttpd it compiled
// against, and the Debian package that holds that file.
#ifndef UDPCHAT_MICROHTTPD_SONAME
#error "UDPCHAT_MICROHTTPD_SONAME: the build names the libmicrohttpd to load"
#endif
#ifndef UDPCHAT_MICROHTTPD_PACKAGE
#error "UDPCHAT_MICROHTTPD_PACKAGE: the build names the package that holds it"
#endif

namespace udpchat::web {

namespace {

[[noreturn]] void fail(const std::string& reason) {
  throw microhttpd_unavailable{"the web view needs " UDPCHAT_MICROHTTPD_SONAME
                               " (Debian's package " UDPCHAT_MICROHTTPD_PACKAGE "), which cannot be loaded: " +
                               reason};
}

std::string last_dl_error() {
  const char* text = ::dlerror();
  return text != nullptr ? text : "no reason given";
}

template <typename Function>
void resolve(void* library, const char* name, Function& out) {
  void* const address = ::dlsym(library, name);
  if (address == nullptr) {
    const std::string reason = last_dl_error();
    ::dlclose(library);
    fail(reason);
  }
  out = reinterpret_cast<Function>(address);
}

microhttpd_functions load() {
  // RTLD_NOW: a missing function fails here, at start-up, not in a viewer's request.
  // RTLD_LOCAL: GnuTLS's symbols stay out of the program's namespace.
  void* const library = ::dlopen(UDPCHAT_MICROHTTPD_SONAME, RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) fail(last_dl_error());
  microhttpd_functions functions{};
  resolve(library, "MHD_start_daemon", functions.start_daemon);
  resolve(library, "MHD_stop_daemon", functions.stop_daemon);
  resolve(library, "MHD_create_response_from_buffer", functions.create_response_from_buffer);
  resolve(library, "MHD_create_response_from_callback", functions.create_response_from_callback);
  resolve(library, "MHD_add_response_header", functions.add_response_header);
  resolve(library, "MHD_queue_response", functions.queue_response);
  resolve(library, "MHD_destroy_response", functions.destroy_response);
  resolve(library, "MHD_get_connection_info", functions.get_connection_info);
  return functions;
}

}  // namespace

const microhttpd_functions& microhttpd() {
  static const microhttpd_functions functions = load();
  return functions;
}

}  // namespace udpchat::web
