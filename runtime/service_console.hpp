// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <asio/io_context.hpp>
#include <functional>
#include <string_view>

#include "log_text.hpp"
#include "terminal.hpp"

namespace udpchat {

// How a server's console runs it. handle_line gets each console line and may call shut_down;
// shut_down is also what SIGINT, SIGTERM and SIGHUP do: it runs close_service, then stops the console,
// and io.run() returns once the service's last I/O has ended. The service keeps running when the
// console's input ends or nobody reads its output.
struct service_console {
  std::function<void(std::string_view line, const std::function<void()>& shut_down)> handle_line;
  std::function<void()> close_service;
  // The console has written everything it was given, after a time it had not (may be empty).
  std::function<void()> on_output_drained;
  // Reopens the files the service writes, so they can be rotated; empty when it writes none.
  // When set, the reopen signal (SIGHUP, reopen_signal.hpp) calls it instead of shutting down.
  std::function<void()> reopen_files;
  // The console's input ended: nobody types there any more (may be empty).
  std::function<void()> on_input_end;
};

// Runs io until shut down; returns the process's exit status.
int run_service(asio::io_context& io, terminal& console, const log_sink& log,
                service_console service);

}  // namespace udpchat
