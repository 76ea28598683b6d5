
#include "command_line.hpp"
#include "help_desk.hpp"
#include "limit_options.hpp"
#include "server_main.hpp"
#include "traffic_trace.hpp"
#include "udpchat/line_framer.hpp"

namespace {

using namespace udpchat;
using asio::ip::tcp;

constexpr const char* program = "udpchat-desk";

cxxopts::Options describe_options() {
  cxxopts::Options spec{program, "TCP help desk: one agent at this console, many customers, one conversation each."};
  spec.custom_help("[--host ADDRESS] [--port PORT] [--max-queue BYTES] [--max-connections N]\n"
                   "               [--idle-timeout DURATION] [--line-timeout DURATION] [--trace]");
  add_common_options(spec, {"address to listen on", "0.0.0.0", "TCP port to listen on, 0 for any free one", 8000});
  spec.add_options()
    ("max-queue", "bytes queued for a customer who is not reading before they are dropped",
     cxxopts::value<std::size_t>()->default_value("1048576"), "BYTES");
  add_limit_options(spec, "desk", "customer");
  add_trace_option(spec);
  return spec;
}

constexpr std::string_view help_epilogue =
    "\n"
    "Customers connect with udpchat --tcp, nc or telnet. Each gets a number (#1, #2, ...)\n"
    "and a place in the queue; their lines show here as '#N: text'.\n"
    "\n"
    "Limits (the replies show the defaults): a newcomer past --max-connections gets\n"
    "'hub____error: the desk is full (1000 customers); try again later' and is disconnected.\n"
    "A customer silent for --idle-timeout, waiting or talking, gets 'hub____error: silent for\n"
    "30m; closing', one that leaves a line unfinished for --line-timeout 'hub____error: line not\n"
    "finished within 30s; closing'; either is disconnected, and shows here as '#N timed out\n"
    "(silent for 30m)' or the like. Timeouts are checked every quarter of the shorter one, from\n"
    "50ms to 5s apart, so a customer goes at most that late.\n"
    "\n"
    "Agent commands (type on standard input):\n"
    "  <text>          say text to the current customer, or to the only one\n"
    "  /to N text      say text to customer N\n"
    "  /take N         make customer N the current one (they are told you are with them)\n"
    "  /next           take the customer who has waited longest\n"
    "  /who            list the customers, waiting or talking\n"
    "  /close [N]      end the conversation with customer N (default: the current one,\n"
    "                  or the only one)\n"
    "  //text          say a line that starts with '/'\n"
    "  /help           list these commands\n"
    "  quit            tell every customer the desk is closing, and exit\n"
    "SIGINT or SIGTERM closes the desk like 'quit'. The first line printed says\n"
    "'listening on <ip>:<port>'.\n"
    "\n"
    "--trace writes every line received and sent to stderr: a heading with the time, the\n"
    "direction, both ends and the length, then the bytes as 'od -Ax -tx1' shows them (the line\n"
    "ending too), with the text beside them. The console on stdout stays as it is.\n";

}  // namespace

int main(int argc, char** argv) {
  auto spec = describe_options();
  const auto command_line = parse_command_line(spec, argc, argv, help_epilogue);
  if (command_line.exit_code) return *command_line.exit_code;
  const auto limits = limits_option(program, command_line.options);
  if (!limits) return 2;
  return run_server<tcp, help_desk>(
      {program, "agent> ", max_tcp_line_bytes,
       [&](asio::io_context& io, const tcp::endpoint& listen_on, const log_sink& log) {
         const help_desk::options settings{command_line.options["max-queue"].as<std::size_t>(), *limits};
         return std::make_unique<help_desk>(io, listen_on, log, settings,
                                            trace_option(io, program, command_line.options));
       },
       [](help_desk& desk, std::string_view line, const log_sink&,
          const std::function<void()>& shut_down) {
         const agent_command command = parse_agent_line(line);
         if (command.action == agent_action::quit) {
           shut_down();
         } else {
           desk.handle(command);
         }
       }},
      command_line.options);
}
