#include <asio/io_context.hpp>
#include <asio/ip/udp.hpp>
#include <csignal>
#include <iostream>

#include "command_line.hpp"
#include "endpoint_text.hpp"
#include "resolve_endpoint.hpp"
#include "service_console.hpp"
#include "log_text.hpp"
#include "terminal.hpp"
#include "udp_hub.hpp"

namespace {

using namespace udpchat;
using asio::ip::udp;

constexpr const char* program = "udpchat-server";
constexpr std::size_t max_console_line = 1024;

cxxopts::Options describe_options() {
  cxxopts::Options spec{program, "UDP chat hub: relays every member's message to every other member."};
  spec.custom_help("[--host ADDRESS] [--port PORT]");
  add_common_options(spec, {"address to listen on", "0.0.0.0", "UDP port to listen on, 0 for any free one", 8000});
  return spec;
}

constexpr std::string_view help_epilogue =
      "\n"
      "  --host 0.0.0.0 serves every IPv4 interface; 127.0.0.1 this machine only; :: IPv4 and\n"
      "  IPv6 together. --port 0 picks a free port. The first line printed says\n"
      "  'listening on <ip>:<port>'.\n"
      "\n"
      "Console commands (type on standard input):\n"
      "  who     list the members, oldest first\n"
      "  quit    tell every member the hub is closing and exit\n"
      "\n"
      "Members send datagrams of text; the hub relays '<ip:port>____<text>' to the others.\n"
      "A member that sends 'quit' leaves and the others get '<ip:port>____left____qq'.\n"
      "SIGINT or SIGTERM closes the hub like 'quit'.\n";

}  // namespace

int main(int argc, char** argv) {
  // The hub serves on when whoever reads its log goes away.
  std::signal(SIGPIPE, SIG_IGN);
  auto spec = describe_options();
  const auto command_line = parse_command_line(spec, argc, argv, help_epilogue);
  if (command_line.exit_code) return *command_line.exit_code;
  const auto listen_on = endpoint_option<udp>(program, command_line.options, endpoint_use::listen);
  if (!listen_on) return 2;

  asio::io_context io;
  const auto console = make_terminal(io, max_console_line, "> ");
  const log_sink log = [&console](std::string_view text) { console->show(timestamped(text)); };
  std::optional<udp_hub> hub;
  try {
    hub.emplace(io, *listen_on, log);
  } catch (const std::system_error& error) {
    std::cerr << program << ": cannot listen on " << endpoint_text(*listen_on) << ": "
              << error.code().message() << '\n';
    return 1;
  }
  log("listening on " + endpoint_text(hub->local_endpoint()));

  hub->start();
  return run_service(io, *console, log,
                     {[&](std::string_view line, const std::function<void()>& shut_down) {
                        if (line == "who") {
                          for (const auto& each : hub->who_report()) log(each);
                        } else if (line == "quit") {
                          shut_down();
                        } else if (!line.empty()) {
                          log("console commands: who, quit");
                        }
                      },
                      [&] { hub->close(); }});
}
