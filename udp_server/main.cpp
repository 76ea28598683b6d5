#include <asio/ip/udp.hpp>

#include "command_line.hpp"
#include "server_main.hpp"
#include "udp_hub.hpp"

namespace {

using namespace udpchat;
using asio::ip::udp;

constexpr const char* program = "udpchat-server";
constexpr std::size_t max_console_line = 1024;

cxxopts::Options describe_options() {
  cxxopts::Options spec{program, "UDP chat hub: relays every member's message to every other member."};
  spec.custom_help("[--host ADDRESS] [--port PORT] [--quiet]");
  add_common_options(spec, {"address to listen on", "0.0.0.0", "UDP port to listen on, 0 for any free one", 8000});
  spec.add_options()("q,quiet", "log joins and departures only, not every message");
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
  auto spec = describe_options();
  const auto command_line = parse_command_line(spec, argc, argv, help_epilogue);
  if (command_line.exit_code) return *command_line.exit_code;
  const udp_hub::options hub_options{command_line.options.count("quiet") == 0U};
  return run_server<udp, udp_hub>(
      {program, "> ", max_console_line,
       [&](asio::io_context& io, const udp::endpoint& listen_on, const log_sink& log) {
         return std::make_unique<udp_hub>(io, listen_on, log, hub_options);
       },
       who_or_quit<udp_hub>},
      command_line.options);
}
