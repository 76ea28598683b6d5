// SPDX-License-Identifier: GPL-3.0-or-later
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/ip/udp.hpp>
#include <asio/signal_set.hpp>
#include <iostream>
#include <memory>

#include "agent_link.hpp"
#include "agent_options.hpp"
#include "ending_signals.hpp"
#include "command_line.hpp"
#include "endpoint_text.hpp"
#include "connect_endpoints.hpp"
#include "tcp_server_link.hpp"
#include "terminal.hpp"
#include "tls_client_options.hpp"
#include "event_printer.hpp"
#include "server_discovery.hpp"
#include "stdin_terminal.hpp"
#include "traffic_trace.hpp"
#include "udp_hub_link.hpp"
#include "udpchat/member_name.hpp"
#include "udpchat/datagram_codec.hpp"
#include "udpchat/terminal_safe.hpp"

namespace {

using namespace udpchat;
using asio::ip::tcp;
using asio::ip::udp;

constexpr const char* program = "udpchat";
constexpr std::chrono::milliseconds connect_timeout{5000};

cxxopts::Options describe_options() {
  cxxopts::Options spec{program, "Chat through a udpchat hub, room or desk: type a line to send it."};
  spec.custom_help("[--find | --host SERVER [--port PORT]] [--tcp [--tls [--tls-ca FILE | --tls-fingerprint SHA256]]] "
                   "[--name NAME] [--timestamps | --json] [--keepalive TIME] [--trace]");
  add_common_options(spec, {"the server's address or host name; without it, the server is found on the local "
                            "networks (--find)", "", "with --host, the server's port", 8000});
  spec.add_options()
    ("find", "find the server on the local networks, as without --host: join the only one that answers, "
     "or pick one by number")
    ("tcp", "connect over TCP, to udpchat-room or udpchat-desk, instead of to a UDP hub")
    ("name", "be shown to the others as NAME, beside your address (a udpchat hub, room or desk; "
     "/nick NAME changes it later)", cxxopts::value<std::string>(), "NAME")
    ("timestamps", "begin each line shown with the time it arrived")
    ("json", "print one JSON object per event instead of lines for people (JSON Lines)")
    ("keepalive", "to a udpchat server, send an empty message when nothing else went out "
     "for this long, so a quiet reader stays a member (0 for never)",
     cxxopts::value<std::string>()->default_value("20s"), "TIME");
  add_tls_client_options(spec);
  add_trace_option(spec);
  add_agent_options(spec);
  return spec;
}

constexpr std::string_view help_epilogue =
    "\n"
    "Each line typed (or piped in) is one message; 'quit', Ctrl-D (Ctrl-Z on Windows), Ctrl-C,\n"
    "the end of piped input, SIGTERM, or closing the terminal (SIGHUP) or the console window\n"
    "leaves the chat. Received messages print one per line:\n"
    "  127.0.0.1:54321: hello           a member's message\n"
    "  *** 127.0.0.1:54321 left         a member left\n"
    "  *** 127.0.0.1:54321 left (WHY)   a member left, in the hub's words if not 'left'\n"
    "  *** hub: ...                     a notice from the server\n"
    "Control characters and invalid UTF-8 from others are shown escaped (\\x1b, \\n, \\xff).\n"
    "Over UDP a message is one datagram (at most 65507 bytes); over TCP one line (at most\n"
    "65536 bytes). Works with the original Python hub as well.\n"
    "\n"
    "Chat commands (type on standard input):\n"
    "  /nick NAME   be shown to the others as NAME beside your address (a udpchat hub,\n"
    "               room or desk; anywhere else it is an ordinary message)\n"
    "  /who         list who is there, with names and idle times (a udpchat hub or room)\n"
    "  quit         leave the chat and exit\n"
    "\n"
    "With --json, each event is one line: {\"time\":...,\"event\":\"message\",\"sender\":...,\n"
    "\"name\":...,\"address\":...,\"text\":...}; events are message, departure, notice,\n"
    "closing, unreadable, status (the terminal's own news) and found (a server discovery found).\n"
    "\n"
    "A udpchat hub or server says welcome first; only then does the terminal send keepalives\n"
    "(empty messages, never shown to anyone), and at least three times per idle timeout the\n"
    "welcome states, whatever --keepalive says.\n"
    "\n"
    "A host name with several addresses (localhost: ::1 and 127.0.0.1) is tried address by\n"
    "address: over TCP a new attempt starts every 250 ms until one connects (RFC 8305); over UDP\n"
    "until a hub says welcome. Over UDP, what you type waits for the hub's welcome, is paced\n"
    "within the rate limit the welcome states, and is kept until the hub has answered since:\n"
    "if the hub closes, crashes or refuses you, the terminal asks to join again every second and\n"
    "sends it when the hub welcomes it back (a line the hub relayed just before a crash may\n"
    "arrive twice). At the end of input it waits up to 5 s without progress for what is left.\n"
    "With --tls the server is verified before anything is sent: a certificate not trusted, not\n"
    "for --host, or not the pinned one stops the terminal with one line saying which.\n"
    "Finding the server: without --host (or with --find), the terminal sends a discovery probe\n"
    "to UDP port 8099 on every local network (the broadcast address of each IPv4 interface, the\n"
    "groups 239.255.80.99 and ff02::8099 out of each interface, and loopback), twice, and lists\n"
    "the hubs (with --tcp: the rooms and desks; with --agent: the desks) that answer within 1 s.\n"
    "It joins the only one; when several answer, a person at the terminal picks one by number,\n"
    "while a script (stdin not a terminal) exits with status 1 and lists them, as it does when\n"
    "none answers. A server started with --no-discovery, or beyond a router, is not found: give\n"
    "its address with --host. With --json each server found is also a \"found\" event.\n"
    "\n"
    "Exit status: 0; 1 when discovery gives no server to join, when it cannot connect or verify\n"
    "the server, when some line did not reach the server (each is named on stderr), or when\n"
    "standard output cannot be written; 2 for a wrong command line.\n";

// What the command line asks of the link, checked before anything goes on the network.
struct link_request {
  std::chrono::milliseconds keepalive{};
  std::string name;
  tls_choice tls;
  agent_settings agent;
  bool tcp = false;
  bool discover = false;  // no --host, or --find: the server is found by discovery
};

// The request, or the exit status (2) after saying on stderr what is wrong with it.
struct request_or_failure {
  std::optional<link_request> request;
  int exit_code = 0;
};

request_or_failure read_link_request(const cxxopts::ParseResult& options) {
  link_request request;
  request.tcp = options.count("tcp") != 0U;
  request.discover = options.count("find") != 0U || options.count("host") == 0U;
  if (options.count("find") != 0U && options.count("host") != 0U) {
    std::cerr << program << ": --find looks for the server and --host names it; give one\n";
    return {std::nullopt, 2};
  }
  if (request.discover && options.count("port") != 0U) {
    std::cerr << program << ": --port goes with --host; a server found by discovery says its own port\n";
    return {std::nullopt, 2};
  }
  const auto keepalive = duration_option(program, options, "keepalive");
  if (!keepalive) return {std::nullopt, 2};
  request.keepalive = *keepalive;
  if (options.count("name") != 0U) {
    request.name = options["name"].as<std::string>();
    if (!is_valid_name(request.name)) {
      std::cerr << program << ": --name '" << request.name << "': " << name_rule() << '\n';
      return {std::nullopt, 2};
    }
  }
  request.tls = tls_client_option(program, options);
  if (request.tls.exit_code) return {std::nullopt, *request.tls.exit_code};
  const auto agent = agent_option(program, options, request.name);
  if (!agent) return {std::nullopt, 2};
  request.agent = *agent;
  return {std::move(request)};
}

// The link the command line asks for, or nullptr with the exit status, having said why.
struct link_or_failure {
  std::unique_ptr<chat_link> link;
  std::string server;
  int exit_code = 0;
};

// The server's addresses: the one discovery found, or what --host and --port name.
template <typename Protocol>
std::optional<std::vector<typename Protocol::endpoint>> server_endpoints(const cxxopts::ParseResult& options,
                                                                        const std::optional<found_server>& found) {
  if (found) return std::vector<typename Protocol::endpoint>{{found->address, found->answer.port}};
  return connect_endpoints_option<Protocol>(program, options);
}

template <typename Protocol, typename Link, typename... Arguments>
link_or_failure connect_link(asio::io_context& io, const cxxopts::ParseResult& options,
                             const std::optional<found_server>& found, const Arguments&... arguments) {
  const auto server = server_endpoints<Protocol>(options, found);
  if (!server) return {nullptr, {}, 2};
  try {
    auto link = std::make_unique<Link>(io, *server, arguments...);
    std::string address = link->server_address();
    return {std::move(link), std::move(address)};
  } catch (const tls_failure& failure) {
    std::cerr << program << ": " << failure.what() << '\n';
    return {nullptr, {}, 1};
  } catch (const std::system_error& error) {
    std::cerr << program << ": cannot reach ";
    for (std::size_t i = 0; i < server->size(); ++i) std::cerr << (i == 0 ? "" : " or ") << endpoint_text((*server)[i]);
    std::cerr << ": " << error.code().message() << '\n';
    return {nullptr, {}, 1};
  }
}

link_or_failure make_link(asio::io_context& io, const cxxopts::ParseResult& options, link_request request,
                          const std::optional<found_server>& found, traffic_trace* trace) {
  // A server found is verified (--tls) against the address it answered from.
  if (found && request.tls.settings) request.tls.settings->host = found->address.to_string();
  const auto& tls = request.tls.settings;
  if (request.agent.wanted) {
    return connect_link<tcp, agent_link>(io, options, found, connect_timeout, request.keepalive, request.agent.name,
                                         request.agent.secret, trace, tls);
  }
  if (request.tcp) {
    return connect_link<tcp, tcp_server_link>(io, options, found, connect_timeout, request.keepalive, request.name,
                                              trace, tls);
  }
  return connect_link<udp, udp_hub_link>(io, options, found, request.keepalive, request.name, trace);
}

// Says on stderr what did not reach the server; the exit status: 0 if nothing, 1 otherwise.
int report_undelivered(const chat_link::undelivered& lost) {
  if (lost.none()) return 0;
  constexpr std::size_t shown_at_most = 20;
  for (std::size_t i = 0; i < lost.lines.size() && i < shown_at_most; ++i) {
    std::cerr << program << ": not delivered: " << escape_for_terminal(lost.lines[i]) << '\n';
  }
  if (lost.lines.size() > shown_at_most) {
    std::cerr << program << ": not delivered: " << lost.lines.size() - shown_at_most << " more lines\n";
  }
  if (lost.dropped_by_server > 0) {
    std::cerr << program << ": the server did not relay " << lost.dropped_by_server
              << (lost.dropped_by_server == 1 ? " message" : " messages") << " (it said why above)\n";
  }
  if (lost.server_dropped_some) {
    std::cerr << program << ": the server dropped messages sent faster than its rate limit\n";
  }
  return 1;
}

event_format format_option(const cxxopts::ParseResult& options) {
  if (options.count("json") != 0U) return event_format::json;
  if (options.count("timestamps") != 0U) return event_format::timestamped;
  return event_format::plain;
}

}  // namespace

int main(int argc, char** argv) {
  // A closed stdout must not kill the terminal before it can leave the chat properly.
  ignore_broken_pipe_signal();
  auto spec = describe_options();
  const auto command_line = parse_command_line(spec, argc, argv, std::string{help_epilogue} + std::string{agent_help});
  if (command_line.exit_code) return *command_line.exit_code;
  if (command_line.options.count("json") != 0U && command_line.options.count("timestamps") != 0U) {
    std::cerr << program << ": --json events carry their time already; use --json or --timestamps\n";
    return 2;
  }
  const event_printer printer{format_option(command_line.options)};

  auto [request, request_failure] = read_link_request(command_line.options);
  if (!request) return request_failure;

  asio::io_context io;
  const auto trace = trace_option(io, program, command_line.options);
  std::optional<found_server> found;
  if (request->discover) {
    const discovery_request wanted{request->tcp ? wanted_kind::tcp : wanted_kind::hub, request->agent.wanted,
                                   stdin_is_terminal()};
    auto discovered = discover_server(program, io, wanted, printer, trace.get());
    if (!discovered.server) {
      if (trace) trace->finish();
      io.run();
      return discovered.exit_code;
    }
    found = std::move(discovered.server);
  }
  const auto [link, server, exit_code] = make_link(io, command_line.options, std::move(*request), found, trace.get());
  if (!link) return exit_code;
  const auto screen = make_terminal(io, link->max_message_bytes(), "> ", slow_output::wait);

  asio::signal_set signals{io};
  add_ending_signals(signals);
  bool left = false;
  const auto stop = [&] {
    left = true;
    screen->stop();
    // Not just cancelled: while a TCP link waits for its server to take the last lines, Ctrl-C
    // must end the program at once, as it would any other.
    signals.clear();
    signals.cancel();
    if (trace) trace->finish();
  };
  const auto leave = [&] {
    if (left) return;
    link->leave();
    stop();
  };
  signals.async_wait([&](asio::error_code error, int) {
    if (!error) leave();
  });

  std::cerr << program << ": chatting through " << server << " as " << link->local_address()
            << "; type quit to leave\n";
  // Input pauses while the link has much to send (a TCP server reading slowly, a hub's rate
  // limit pacing piped lines): nothing is dropped and memory stays bounded.
  bool input_paused = false;
  // After quit or the end of input, what the link still has is sent before leaving, within a
  // bounded time (see chat_link::finish_sending); lines read after quit are not sent.
  bool finishing = false;
  bool output_failed = false;
  const auto finish_then_leave = [&] {
    if (finishing || left) return;
    finishing = true;
    screen->pause_input();
    link->finish_sending(leave);
  };
  link->start(chat_link::handlers{
      [&](std::string_view message) { screen->show(printer.for_message(message)); },
      [&](std::string_view notice) { screen->show(printer.for_notice(notice)); },
      [&] {
        if (!left) stop();
      },
      [&] {
        if (input_paused && !finishing && link->input_may_resume()) {
          input_paused = false;
          screen->resume_input();
        }
      }});
  screen->start(terminal::handlers{
      [&](std::string_view line) {
        if (finishing) return;
        if (classify_inbound(line).kind == inbound_kind::quit) {
          finish_then_leave();
        } else if (!line.empty()) {
          link->send(line);
          if (!input_paused && link->input_should_pause()) {
            input_paused = true;
            screen->pause_input();
          }
        }
      },
      [&] {
        screen->show(printer.for_notice("*** not sent: a line longer than " +
                                        std::to_string(link->max_message_bytes()) +
                                        " bytes does not fit in one message"));
      },
      finish_then_leave,
      [&] {
        // Nobody can see the chat any more (a closed pipe, a full disk): leave, and say so in
        // the exit status, since what arrived meanwhile was shown to nobody. What was typed
        // still goes out first, so lines the hub has taken are not reported as lost.
        output_failed = true;
        finish_then_leave();
      },
      {}});
  io.run();
  const int delivery_status = report_undelivered(link->what_was_lost());
  if (const std::string refusal = link->refusal(); !refusal.empty()) {
    std::cerr << program << ": " << refusal << '\n';
    return 1;
  }
  if (output_failed) {
    std::cerr << program << ": standard output could not be written; left the chat\n";
    return 1;
  }
  return delivery_status;
}
