// SPDX-License-Identifier: GPL-3.0-or-later
#include "chat_room.hpp"
#include "line_server_main.hpp"

int main(int argc, char** argv) {
  using namespace udpchat;
  return run_line_server<chat_room>(
      {"udpchat-room", "TCP chat room: every member's line goes to every other member.", "room", "member", "> ",
       1024,
       [](cxxopts::Options& spec) {
         spec.add_options()("q,quiet", "log joins and departures only, not every message");
       },
       "[--quiet] ",
       "Members connect with udpchat --tcp, nc or telnet and send lines of text (at most 65536\n"
       "bytes each). The room sends every other member '<ip:port>____<text>'; joins and\n"
       "departures are announced as 'hub____<ip:port> joined' and '<ip:port>____left____qq'.\n"
       "A member that sends 'quit' leaves. The first line printed says 'listening on <ip>:<port>'.\n",
       "Console commands (type on standard input):\n"
       "  who     list the members, oldest first\n"
       "  quit    tell every member the room is closing and exit\n"
       "SIGINT or SIGTERM closes the room like 'quit'.\n",
       "log",
       [](asio::io_context& io, const asio::ip::tcp::endpoint& listen_on, const log_sink& log,
          const line_server_limits& limits, const cxxopts::ParseResult& options,
          std::unique_ptr<traffic_trace> trace) {
         const chat_room::options settings{options.count("quiet") == 0U, limits.connections, limits.flow};
         return std::make_unique<chat_room>(io, listen_on, log, settings, std::move(trace));
       },
       who_or_quit<chat_room>},
      argc, argv);
}
