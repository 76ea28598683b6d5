// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <asio/ip/tcp.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "command_line.hpp"
#include "discovery_option.hpp"
#include "discovery_service.hpp"
#include "endpoint_text.hpp"
#include "limit_options.hpp"
#include "server_main.hpp"
#include "tls_options.hpp"
#include "traffic_trace.hpp"

namespace udpchat {

// What makes one TCP line server (the room, the desk) itself; the rest of its main() is
// run_line_server's. Service has local_endpoint(), start() and close().
template <typename Service>
struct line_server_program {
  const char* program;
  server_kind kind;     // what it says it is to a terminal looking for servers (discovery)
  std::string summary;  // the first line of --help
  std::string place;    // "room", "desk"
  std::string noun;     // "member", "customer"
  const char* prompt;
  std::size_t max_console_line;
  std::function<void(cxxopts::Options&)> add_own_options;  // may be empty
  std::string own_usage;    // those options in the usage line, each followed by a space
  std::string how_to_use;   // the start of the --help epilogue: who connects, and what they get
  std::string commands;     // the console's commands, for the --help epilogue
  std::string stdout_holds; // "log", "console"
  // Builds the service; throws std::system_error when it cannot listen.
  std::function<std::unique_ptr<Service>(asio::io_context&, const asio::ip::tcp::endpoint&, const log_sink&,
                                         const line_server_limits&, const cxxopts::ParseResult&,
                                         std::unique_ptr<traffic_trace>)>
      open;
  std::function<void(Service&, std::string_view line, const log_sink&, const std::function<void()>& shut_down)>
      on_console_line;
  // The members (customers, for a desk) it has now, for the answers to discovery probes.
  std::function<std::size_t(const Service&)> count;
  // May be empty: runs once the command line is read, before listening; returns an exit status
  // to stop with (after saying why on stderr), or nullopt to go on.
  std::function<std::optional<int>(const cxxopts::ParseResult&)> prepare;
};

// main() of a line server: the command line, then run_server. Returns the exit status.
template <typename Service>
int run_line_server(const line_server_program<Service>& server, int argc, char** argv) {
  cxxopts::Options spec{server.program, server.summary};
  spec.custom_help("[--host ADDRESS] [--port PORT] [--name NAME] [--no-discovery] " + server.own_usage +
                   "[--tls-cert FILE --tls-key FILE [--plain-port PORT]] [--trace] [limits]");
  add_common_options(spec, {"address to listen on", "::", "TCP port to listen on, 0 for any free one", 8000});
  add_discovery_options(spec);
  if (server.add_own_options) server.add_own_options(spec);
  add_tls_options(spec, server.noun);
  add_limit_options(spec, server.place, server.noun);
  add_trace_option(spec);
  const std::string epilogue = "\n" + server.how_to_use + "\n" + tls_help(server.noun) + "\n" +
                               line_limits_help(server.place, server.noun) + "\n" + server.commands + "\n" +
                               discovery_help(server.place, server.noun) + "\n" +
                               trace_help("line",
                                          "It writes the discovery probes received and answers sent (UDP port 8099) "
                                          "too, as datagrams.",
                                          server.stdout_holds);
  const auto command_line = parse_command_line(spec, argc, argv, epilogue);
  if (command_line.exit_code) return *command_line.exit_code;
  auto limits = limits_option(server.program, command_line.options);
  if (!limits) return 2;
  auto security = security_option(server.program, command_line.options);
  if (!security) return 2;
  limits->connections.security = std::move(*security);
  const auto discovery = discovery_option(server.program, command_line.options);
  if (!discovery) return 2;
  if (server.prepare) {
    if (const auto status = server.prepare(command_line.options)) return *status;
  }
  using discovering = discovering_service<Service>;
  return run_server<asio::ip::tcp, discovering>(
      {server.program, server.prompt, server.max_console_line,
       [&](asio::io_context& io, const asio::ip::tcp::endpoint& listen_on, const log_sink& log) {
         auto trace = trace_option(io, server.program, command_line.options);
         // The service owns the trace and outlives the responder (discovering_service), which
         // writes its probes and answers there too.
         traffic_trace* const shared_trace = trace.get();
         auto service = server.open(io, listen_on, log, *limits, command_line.options, std::move(trace));
         std::unique_ptr<discovery_responder> responder;
         if (discovery->answer) {
           discovery_observer observe;
           if (shared_trace != nullptr) {
             observe = [shared_trace](traffic_direction direction, const asio::ip::udp::endpoint& peer,
                                      const asio::ip::udp::endpoint& local, std::string_view datagram) {
               const bool received = direction == traffic_direction::received;
               shared_trace->record(direction, endpoint_text(received ? peer : local),
                                    endpoint_text(received ? local : peer), datagram);
             };
           }
           const Service& counted = *service;
           responder = std::make_unique<discovery_responder>(
               io, discovery_identity{server.kind, discovery->name, service->local_endpoint().port()},
               [&counted, &server] { return static_cast<std::uint32_t>(server.count(counted)); }, log,
               std::move(observe));
         }
         return std::make_unique<discovering>(std::move(service), std::move(responder));
       },
       [&server](discovering& both, std::string_view line, const log_sink& log,
                 const std::function<void()>& shut_down) { server.on_console_line(both.service(), line, log, shut_down); }},
      command_line.options);
}

}  // namespace udpchat
