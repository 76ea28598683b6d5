// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <asio/io_context.hpp>
#include <functional>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>

#include "ending_signals.hpp"
#include "endpoint_text.hpp"
#include "log_text.hpp"
#include "resolve_endpoint.hpp"
#include "service_console.hpp"
#include "terminal.hpp"

namespace udpchat {

// What makes one server program (the UDP hub, the TCP room, the help desk) itself. Service has
// local_endpoint(), start() and close().
template <typename Protocol, typename Service>
struct server_definition {
  std::string program;
  const char* prompt;
  std::size_t max_console_line;
  // Builds the service listening on `endpoint`; throws std::system_error when it cannot.
  std::function<std::unique_ptr<Service>(asio::io_context&, const typename Protocol::endpoint&,
                                         const log_sink&)>
      open;
  // Carries out one console line; may call shut_down.
  std::function<void(Service&, std::string_view line, const log_sink&,
                     const std::function<void()>& shut_down)>
      on_console_line;
};

// main() after the command line is parsed: listens where --host and --port say, prints
// "listening on <ip>:<port>", serves until shut down. Without --host, on the default "::"
// (dual-stack: the service turns IPV6_V6ONLY off) or, where the system has no IPv6, 0.0.0.0. Returns the exit status: 0 after quit or a
// signal, 1 when it cannot listen, 2 for a bad --host or --port.
template <typename Protocol, typename Service>
int run_server(const server_definition<Protocol, Service>& server,
               const cxxopts::ParseResult& options) {
  // A server serves on when whoever reads its log goes away.
  ignore_broken_pipe_signal();
  auto listen_on = endpoint_option<Protocol>(server.program, options, endpoint_use::listen);
  if (!listen_on) return 2;
  asio::io_context io;
  const auto console = make_terminal(io, server.max_console_line, server.prompt, slow_output::drop);
  const log_sink log = [&console](std::string_view text) { console->show(timestamped(text)); };
  std::unique_ptr<Service> service;
  try {
    try {
      service = server.open(io, *listen_on, log);
    } catch (const std::system_error& error) {
      // The default, "::", serves IPv4 and IPv6 together, and needs IPv6; a host without it
      // (ipv6.disable=1) is served over IPv4 alone, as an explicit --host 0.0.0.0 would be.
      if (options.count("host") != 0U || listen_on->address() != asio::ip::address{asio::ip::address_v6::any()} ||
          error.code() != asio::error::address_family_not_supported) {
        throw;
      }
      listen_on->address(asio::ip::address_v4::any());
      log("IPv6 is not available here (" + error.code().message() + "); listening on IPv4 only");
      service = server.open(io, *listen_on, log);
    }
  } catch (const std::system_error& error) {
    std::cerr << server.program << ": cannot listen on " << endpoint_text(*listen_on) << ": "
              << error.code().message() << '\n';
    return 1;
  }
  log("listening on " + endpoint_text(service->local_endpoint()));
  // A service whose console must not drop what it shows (the help desk's) holds back its peers
  // while the console is behind.
  std::function<void()> on_output_drained;
  if constexpr (requires { service->follow_console(*console); }) {
    service->follow_console(*console);
    on_output_drained = [&service] { service->console_drained(); };
  }
  // A service that keeps a transcript (--transcript) reopens it on SIGHUP.
  std::function<void()> reopen_files;
  if constexpr (requires { service->reopen_transcript(); }) {
    if (service->keeps_transcript()) reopen_files = [&service] { service->reopen_transcript(); };
  }
  // A service whose console is somebody (the help desk's agent) is told when nobody is.
  std::function<void()> on_input_end;
  if constexpr (requires { service->console_ended(); }) on_input_end = [&service] { service->console_ended(); };
  service->start();
  return run_service(io, *console, log,
                     {[&](std::string_view line, const std::function<void()>& shut_down) {
                        server.on_console_line(*service, line, log, shut_down);
                      },
                       [&] { service->close(); }, on_output_drained, reopen_files, on_input_end});
}

// The console of a server that knows `who` (Service has who_report()) and `quit`.
template <typename Service>
void who_or_quit(Service& service, std::string_view line, const log_sink& log,
                 const std::function<void()>& shut_down) {
  if (line == "who") {
    for (const auto& each : service.who_report()) log(each);
  } else if (line == "quit") {
    shut_down();
  } else if (!line.empty()) {
    log("console commands: who, quit");
  }
}

}  // namespace udpchat
