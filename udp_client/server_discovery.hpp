// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The terminal without --host: it finds the servers on its links (server_finder), says what it
// found, and joins the only one, or asks the person at the keyboard which, or gives up.

#include <asio/io_context.hpp>
#include <optional>
#include <string_view>

#include "event_printer.hpp"
#include "found_servers.hpp"

namespace udpchat {

class traffic_trace;

struct discovery_request {
  wanted_kind want = wanted_kind::hub;
  bool desk_only = false;    // --agent: only a desk will do
  bool interactive = false;  // stdin is a terminal: a person may pick from several
};

struct discovery_result {
  std::optional<found_server> server;  // the one to join
  int exit_code = 0;                   // 1 when there is none, after saying why on stderr
};

// Runs `io` until the finder is done (about server_finder::listen_for), then restarts it for
// the chat. What was found is said on stderr (the list, the prompt, the errors, each after
// "<program>: "), and with --json each server is also a "found" event on stdout. Reads the
// person's choice from stdin.
discovery_result discover_server(std::string_view program, asio::io_context& io, const discovery_request& request,
                                 const event_printer& printer, traffic_trace* trace);

}  // namespace udpchat
