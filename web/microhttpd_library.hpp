// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The libmicrohttpd functions the view server calls, loaded with dlopen(3) the first time a view
// is opened. A program run without --web then never maps libmicrohttpd, nor GnuTLS and the
// libraries GnuTLS links, which left about 2.4 MB resident in an idle hub (GnuTLS's constructor
// touches many of their pages). <microhttpd.h> still gives the types and constants.

#include <microhttpd.h>

#include "microhttpd_unavailable.hpp"

namespace udpchat::web {

struct microhttpd_functions {
  decltype(&MHD_start_daemon) start_daemon;
  decltype(&MHD_stop_daemon) stop_daemon;
  decltype(&MHD_create_response_from_buffer) create_response_from_buffer;
  decltype(&MHD_create_response_from_callback) create_response_from_callback;
  decltype(&MHD_add_response_header) add_response_header;
  decltype(&MHD_queue_response) queue_response;
  decltype(&MHD_destroy_response) destroy_response;
  decltype(&MHD_get_connection_info) get_connection_info;
};

// The functions, loading the library on the first call; safe from any thread. The library stays
// loaded until the process ends. Throws microhttpd_unavailable when it cannot be loaded (a later
// call tries again).
const microhttpd_functions& microhttpd();

}  // namespace udpchat::web
