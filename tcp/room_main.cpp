
#include "chat_room.hpp"
#include "command_line.hpp"
#include "limit_options.hpp"
#include "server_main.hpp"
#include "traffic_trace.hpp"

namespace {

using namespace udpchat;
using asio::ip::tcp;

constexpr const char* program = "udpchat-room";
constexpr std::size_t max_console_line = 1024;

cxxopts::Options describe_options() {
  cxxopts::Options spec{program, "TCP chat room: every member's line goes to every other member."};
  spec.custom_help("[--host ADDRESS] [--port PORT] [--max-queue BYTES] [--max-connections N]\n"
                   "               [--idle-timeout DURATION] [--line-timeout DURATION] [--quiet] [--trace]");
  add_common_options(spec, {"address to listen on", "0.0.0.0", "TCP port to listen on, 0 for any free one", 8000});
  spec.add_options()
    ("max-queue", "bytes queued for a member that is not reading before it is dropped",
     cxxopts::value<std::size_t>()->default_value("1048576"), "BYTES")
    ("q,quiet", "log joins and departures only, not every message");
  add_limit_options(spec, "room", "member");
  add_trace_option(spec);
  return spec;
}

constexpr std::string_view help_epilogue =
    "\n"
    "Members connect with udpchat --tcp, nc or telnet and send lines of text (at most 65536\n"
    "bytes each). The room sends every other member '<ip:port>____<text>'; joins and\n"
    "departures are announced as 'hub____<ip:port> joined' and '<ip:port>____left____qq'.\n"
    "A member that sends 'quit' leaves. The first line printed says 'listening on <ip>:<port>'.\n"
    "\n"
    "Limits (the replies show the defaults): a newcomer past --max-connections gets\n"
    "'hub____error: the room is full (1000 members); try again later' and is disconnected.\n"
    "A member silent for --idle-timeout gets 'hub____error: silent for 30m; closing', one that\n"
    "leaves a line unfinished for --line-timeout 'hub____error: line not finished within 30s;\n"
    "closing'; either is disconnected and the others hear\n"
    "'<ip:port>____timed out (silent for 30m)____qq' or the like. Timeouts are checked every\n"
    "quarter of the shorter one, from 50ms to 5s apart, so a member goes at most that late.\n"
    "\n"
    "Console commands (type on standard input):\n"
    "  who     list the members, oldest first\n"
    "  quit    tell every member the room is closing and exit\n"
    "SIGINT or SIGTERM closes the room like 'quit'.\n"
    "\n"
    "--trace writes every line received and sent to stderr: a heading with the time, the\n"
    "direction, both ends and the length, then the bytes as 'od -Ax -tx1' shows them (the line\n"
    "ending too), with the text beside them. The log on stdout stays as it is.\n";

}  // namespace

int main(int argc, char** argv) {
  auto spec = describe_options();
  const auto command_line = parse_command_line(spec, argc, argv, help_epilogue);
  if (command_line.exit_code) return *command_line.exit_code;
  const auto limits = limits_option(program, command_line.options);
  if (!limits) return 2;
  return run_server<tcp, chat_room>(
      {program, "> ", max_console_line,
       [&](asio::io_context& io, const tcp::endpoint& listen_on, const log_sink& log) {
         const chat_room::options settings{command_line.options["max-queue"].as<std::size_t>(),
                                           command_line.options.count("quiet") == 0U, *limits};
         return std::make_unique<chat_room>(io, listen_on, log, settings,
                                            trace_option(io, program, command_line.options));
       },
       who_or_quit<chat_room>},
      command_line.options);
}
