#include <asio/io_context.hpp>
#include <asio/ip/udp.hpp>
#include <asio/signal_set.hpp>
#include <csignal>
#include <iostream>

#include "command_line.hpp"
#include "endpoint_text.hpp"
#include "resolve_endpoint.hpp"
#include "terminal.hpp"
#include "udp_hub_link.hpp"
#include "udpchat/datagram_codec.hpp"
#include "udpchat/display_text.hpp"

namespace {

using namespace udpchat;
using asio::ip::udp;

constexpr const char* program = "udpchat";

cxxopts::Options describe_options() {
  cxxopts::Options spec{program, "Chat through a udpchat hub: type a line to send it."};
  spec.custom_help("[--host HUB] [--port PORT]");
  add_common_options(spec, {"the hub's address or host name", "127.0.0.1", "the hub's UDP port", 8000});
  return spec;
}

constexpr std::string_view help_epilogue =
    "\n"
    "Each line typed (or piped in) is sent as one datagram; 'quit', Ctrl-D or the end of\n"
    "piped input leaves the chat. Received messages print one per line:\n"
    "  127.0.0.1:54321: hello           a member's message\n"
    "  *** 127.0.0.1:54321 left         a member left\n"
    "  *** hub: ...                     a notice from the hub\n"
    "Control characters and invalid UTF-8 from others are shown escaped (\\x1b, \\n, \\xff).\n"
    "Works with the original Python hub as well.\n";

}  // namespace

int main(int argc, char** argv) {
  // A closed stdout must not kill the program before it can leave the chat properly.
  std::signal(SIGPIPE, SIG_IGN);
  auto spec = describe_options();
  const auto command_line = parse_command_line(spec, argc, argv, help_epilogue);
  if (command_line.exit_code) return *command_line.exit_code;
  const auto port = port_option(program, command_line.options);
  if (!port) return 2;
  if (*port == 0) {
    std::cerr << program << ": --port must name the hub's port, not 0\n";
    return 2;
  }
  const auto hub_endpoint = resolve_endpoint<udp>(program, command_line.options["host"].as<std::string>(),
                                                  *port, endpoint_use::connect);
  if (!hub_endpoint) return 2;
  const std::string hub_text = endpoint_text(*hub_endpoint);

  asio::io_context io;
  const auto screen = make_terminal(io, max_udp_payload, "> ");
  bool hub_reported_missing = false;
  std::optional<udp_hub_link> hub;
  try {
    hub.emplace(io, *hub_endpoint,
                udp_hub_link::handlers{
                    [&](std::string_view datagram) {
                      hub_reported_missing = false;
                      screen->show(display_line(datagram));
                    },
                    [&] {
                      if (hub_reported_missing) return;
                      hub_reported_missing = true;
                      screen->show("*** no hub is answering at " + hub_text);
                    }});
  } catch (const std::system_error& error) {
    std::cerr << program << ": cannot reach " << hub_text << ": " << error.code().message() << '\n';
    return 1;
  }

  asio::signal_set signals{io, SIGINT, SIGTERM};
  bool left = false;
  const auto leave = [&] {
    if (left) return;
    left = true;
    hub->send(quit_command);
    hub->close();
    screen->stop();
    signals.cancel();
  };
  signals.async_wait([&](asio::error_code error, int) {
    if (!error) leave();
  });

  std::cerr << program << ": chatting through " << hub_text << " as "
            << endpoint_text(hub->local_endpoint()) << "; type quit to leave\n";
  hub->start();
  screen->start(terminal::handlers{
      [&](std::string_view line) {
        if (classify_inbound(line).kind == inbound_kind::quit) {
          leave();
        } else if (!line.empty()) {
          hub->send(line);
        }
      },
      [&] {
        screen->show("*** not sent: a line longer than " + std::to_string(max_udp_payload) +
                     " bytes does not fit in one datagram");
      },
      leave,
      leave});
  io.run();
  return 0;
}
