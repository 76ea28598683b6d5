// SPDX-License-Identifier: GPL-3.0-or-later
#include "help_desk.hpp"
#include "line_server_main.hpp"
#include "udpchat/line_framer.hpp"

int main(int argc, char** argv) {
  using namespace udpchat;
  return run_line_server<help_desk>(
      {"udpchat-desk", "TCP help desk: one agent at this console, many customers, one conversation each.", "desk",
       "customer", "agent> ", max_tcp_line_bytes, {}, "",
       "Customers connect with udpchat --tcp, nc or telnet. Each gets a number (#1, #2, ...)\n"
       "and a place in the queue; their lines show here whole as '#N: text'. The first line\n"
       "printed says 'listening on <ip>:<port>'.\n",
       "Agent commands (type on standard input):\n"
       "  <text>          say text to the current customer\n"
       "  /to N text      say text to customer N\n"
       "  /take N         make customer N the current one (they are told you are with them)\n"
       "  /next           take the customer who has waited longest\n"
       "  /who            list the customers, waiting or talking\n"
       "  /close [N]      end the conversation with customer N (default: the current one)\n"
       "  //text          say a line that starts with '/'\n"
       "  /help           list these commands\n"
       "  quit            tell every customer the desk is closing, and exit\n"
       "When the current customer leaves, nobody is current until you choose with /take or\n"
       "/next: a plain line never goes to somebody you did not choose.\n"
       "SIGINT or SIGTERM closes the desk like 'quit'.\n",
       "console",
       [](asio::io_context& io, const asio::ip::tcp::endpoint& listen_on, const log_sink& log,
          const line_server_limits& limits, const cxxopts::ParseResult&, std::unique_ptr<traffic_trace> trace) {
         const help_desk::options settings{limits.connections, limits.flow};
         return std::make_unique<help_desk>(io, listen_on, log, settings, std::move(trace));
       },
       [](help_desk& desk, std::string_view line, const log_sink&, const std::function<void()>& shut_down) {
         const agent_command command = parse_agent_line(line);
         if (command.action == agent_action::quit) {
           shut_down();
         } else {
           desk.handle(command);
         }
       },
       {}},
      argc, argv);
}
