// SPDX-License-Identifier: GPL-3.0-or-later
#include <iostream>

#include "desk_options.hpp"
#include "help_desk.hpp"
#include "line_server_main.hpp"
#include "udpchat/line_framer.hpp"

int main(int argc, char** argv) {
  using namespace udpchat;
  static constexpr const char* program = "udpchat-desk";
  // Read before the desk listens, so a key or a file that cannot be used stops the start.
  help_desk::options settings;
  return run_line_server<help_desk>(
      {program, server_kind::desk, "TCP help desk: agents at this console and remote, many customers, one conversation each.",
       "desk", "customer", "agent> ", max_tcp_line_bytes,
       add_desk_options, desk_usage,
       "Customers connect with udpchat --tcp, nc or telnet. Each gets a number (#1, #2, ...) and\n"
       "is asked for a name (one line, by the /nick rule; /nick NAME answers too, as udpchat --name\n"
       "sends it); then they wait in the queue, hearing their place and an estimated wait every\n"
       "--queue-news. The agents see '#3 Maria (ip:port) is waiting', and her lines whole as\n"
       "'#3 Maria: text'. The first line printed says 'listening on <ip>:<port>'.\n"
       "\n"
       "Agents: the one at this console ('agent') is on until its input ends; a desk run with\n"
       "standard input on /dev/null (a service) has none. With --agent-key-file, remote agents\n"
       "log in with udpchat --tcp --agent --agent-key-file FILE --name NAME on the customers'\n"
       "port (first line '/agent NAME KEY'). Each agent has their own current customer; a\n"
       "customer taken by one agent leaves the others' queue, and their lines go to that agent\n"
       "alone: the console agent's view is this log, a remote agent's its own terminal. A wrong\n"
       "key gets one error line and a close; every attempt is logged, and an address with 5\n"
       "failed logins within 10 minutes gets no more tries until they have passed.\n"
       "With no agent on, what a waiting customer sends is kept as a message, and the next agent\n"
       "to log in is shown every message kept.\n"
       "\n"
       "Canned replies (--canned FILE): one a line, 'NAME TEXT', '#' for a comment, e.g.\n"
       "  hello Hello {name}, I am looking at it now.\n"
       "Transcripts (--transcript-dir DIR): one file per conversation, named by the desk\n"
       "(<start>-<number>.txt), mode 0600: the customer's number, name and address, the start\n"
       "and end, every line both ways with its time (UTC) and the agent's name, and transfers.\n"
       "A transcript that cannot be written is logged, and the desk serves on without it.\n",
       "Agent commands (type on standard input):\n"
       "  <text>            say text to your current customer\n"
       "  /to N text        say text to customer N\n"
       "  /take N           make customer N your current one (they are told you are with them)\n"
       "  /next             take the customer who has waited longest\n"
       "  /who              list the customers, waiting or talking, and with whom\n"
       "  /agents           list the agents on the desk\n"
       "  /transfer N AGENT hand customer N to agent AGENT (they are told)\n"
       "  /c NAME [N]       send canned reply NAME to customer N (default: your current one)\n"
       "  /canned           list the canned replies\n"
       "  /close [N]        end the conversation with customer N (default: your current one)\n"
       "  //text            say a line that starts with '/'\n"
       "  /help             list these commands\n"
       "  quit              at the console: tell everyone the desk is closing, and exit;\n"
       "                    a remote agent: leave the desk (their customers wait again)\n"
       "A remote agent types the same commands in their udpchat --agent terminal.\n"
       "When your current customer leaves, nobody is current until you choose with /take or\n"
       "/next: a plain line never goes to somebody you did not choose.\n"
       "SIGINT or SIGTERM closes the desk like 'quit' at the console.\n",
       "console",
       [&settings](asio::io_context& io, const asio::ip::tcp::endpoint& listen_on, const log_sink& log,
                   const line_server_limits& limits, const cxxopts::ParseResult&,
                   std::unique_ptr<traffic_trace> trace) {
         settings.limits = limits.connections;
         settings.flow = limits.flow;
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
       [](const help_desk& desk) { return desk.customer_count(); },
       [&settings](const cxxopts::ParseResult& options) { return read_desk_options(program, options, settings); }},
      argc, argv);
}
