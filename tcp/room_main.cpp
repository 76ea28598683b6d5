// SPDX-License-Identifier: GPL-3.0-or-later
#include <asio/post.hpp>
#include <iostream>

#include "chat_room.hpp"
#include "endpoint_text.hpp"
#include "line_server_main.hpp"
#include "microhttpd_unavailable.hpp"
#include "room_web_view.hpp"
#include "transcript_file.hpp"
#include "transcript_option.hpp"
#include "web_host.hpp"

int main(int argc, char** argv) {
  using namespace udpchat;
  static constexpr const char* program = "udpchat-room";
  // Up before the room listens, so a --web that cannot be served stops the start; it outlives
  // the room, whose watcher hands it the lines.
  std::unique_ptr<web::web_host> web;
  // Opened before the room listens, so a --transcript that cannot be written stops the start.
  transcript_option_value transcript;
  std::uint32_t history = chat_room::default_history;
  return run_line_server<chat_room>(
      {program, server_kind::room, "TCP chat room: every member's line goes to every other member.", "room", "member", "> ",
       1024,
       [](cxxopts::Options& spec) {
         spec.add_options()("q,quiet", "log joins and departures only, not every message")(
             "web",
             "serve a read-only page showing the members and their lines live on [ADDRESS:]PORT "
             "(ADDRESS 127.0.0.1 unless given; [::1]:PORT for IPv6; PORT 0 for any free one)",
             cxxopts::value<std::string>(), "[ADDRESS:]PORT")(
             "history",
             "replay the last N messages to each newcomer after its welcome, marked as history with "
             "their time (at most 1000; 0 for none)",
             cxxopts::value<std::string>()->default_value(std::to_string(chat_room::default_history)), "N")(
             "transcript",
             "append every message relayed to FILE with its time, one line each (made mode 0600); "
             "SIGHUP reopens it",
             cxxopts::value<std::string>(), "FILE");
       },
       "[--quiet] [--web [ADDRESS:]PORT] [--history N] [--transcript FILE] ",
       "Members connect with udpchat --tcp, nc or telnet and send lines of text (at most 65536\n"
       "bytes each). The room sends every other member '<ip:port>____<text>'; joins and\n"
       "departures are announced as 'hub____<ip:port> joined' and '<ip:port>____left____qq'.\n"
       "A member that sends 'quit' leaves. The first line printed says 'listening on <ip>:<port>'.\n"
       "\n"
       "History: a newcomer gets the last --history messages (10 unless given) after its welcome,\n"
       "each as '[history 2026-11-30T10:15:12Z] <ip:port>____<text>', with the time the room\n"
       "relayed it, in UTC. --transcript FILE appends every message relayed to FILE as\n"
       "'2026-11-30T10:15:12Z <ip:port>____<text>', one line each. With --transcript, SIGHUP\n"
       "reopens FILE (after it was moved away, as logrotate does) instead of closing the room.\n"
       "A write that fails is logged once, and the room goes on serving.\n"
       "\n"
       "Web view: --web 8080 serves the hub's page (see udpchat-server) on http://127.0.0.1:8080/,\n"
       "with lines where the hub has datagrams: the members, a ladder of the latest lines in and\n"
       "out, each one's fields and bytes (TCP's segments are not shown), and the lines a second.\n"
       "--web 0.0.0.0:8080 lets other machines open it too. The page is read-only (GET only),\n"
       "needs no internet, and is served to at most 16 viewers at once. The line after\n"
       "'listening on' says 'web view on http://<ip>:<port>/'.\n",
       "Console commands (type on standard input):\n"
       "  who     list the members, oldest first\n"
       "  quit    tell every member the room is closing and exit\n"
       "SIGINT or SIGTERM closes the room like 'quit'.\n",
       "log",
       [&](asio::io_context& io, const asio::ip::tcp::endpoint& listen_on, const log_sink& log,
              const line_server_limits& limits, const cxxopts::ParseResult& options,
              std::unique_ptr<traffic_trace> trace) {
         const chat_room::options settings{options.count("quiet") == 0U, limits.connections, limits.flow, history};
         auto room = std::make_unique<chat_room>(io, listen_on, log, settings, std::move(trace));
         if (transcript.file) {
           room->keep_transcript(std::make_unique<transcript_file>(transcript.path, std::move(transcript.file), log));
         }
         if (web) {
           room->watch(std::make_unique<room_web_view>(io, *room, web->feed()));
           asio::post(io, [log, line = web->address_line()] { log(line); });
         }
         return room;
       },
       who_or_quit<chat_room>,
       [](const chat_room& room) { return room.member_count(); },
       [&](const cxxopts::ParseResult& options) -> std::optional<int> {
         const auto history_option = number_option<std::uint32_t>(program, options, "history");
         if (!history_option) return 2;
         if (*history_option > chat_room::max_history) {
           std::cerr << program << ": --history is at most " << chat_room::max_history << '\n';
           return 2;
         }
         history = *history_option;
         transcript = transcript_option(program, options);
         if (transcript.exit_status != 0) return transcript.exit_status;
         if (options.count("web") == 0U) return std::nullopt;
         const auto text = options["web"].as<std::string>();
         std::string why;
         const auto at = web::parse_web_address(text, why);
         if (!at) {
           std::cerr << program << ": bad --web '" << text << "': " << why << '\n';
           return 2;
         }
         try {
           web = std::make_unique<web::web_host>(*at, program, web::view_transport::tcp);
         } catch (const std::system_error& error) {
           std::cerr << program << ": cannot serve the web view on " << endpoint_text(*at) << ": "
                     << error.code().message() << '\n';
           return 1;
         } catch (const web::microhttpd_unavailable& error) {
           std::cerr << program << ": " << error.what() << '\n';
           return 1;
         }
         return std::nullopt;
       }},
      argc, argv);
}
