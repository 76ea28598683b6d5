// SPDX-License-Identifier: GPL-3.0-or-later
#include "limit_options.hpp"

#include <iostream>

#include "command_line.hpp"
#include "udpchat/duration_text.hpp"
#include "log_text.hpp"
#include "udpchat/line_framer.hpp"

namespace udpchat {

void add_limit_options(cxxopts::Options& spec, std::string_view place, std::string_view noun) {
  const connection_limits defaults;
  const flow_limits flow_defaults;
  const std::string a{noun};
  spec.add_options()
    ("max-connections", "most " + a + "s connected at once (1 or more); one more is told the " +
     std::string{place} + " is full and disconnected",
     cxxopts::value<std::size_t>()->default_value(std::to_string(defaults.max_connections)), "N")
    ("idle-timeout", "disconnect a " + a + " that sends no line for this long (500ms, 30s, 10m, 2h; "
     "0 for never); an empty line counts and is otherwise ignored",
     cxxopts::value<std::string>()->default_value(format_duration(defaults.idle_timeout)), "DURATION")
    ("line-timeout", "disconnect a " + a + " that begins a line and does not end it within this long "
     "(0 for never); a line left without its ending, with nothing more sent for " +
     format_duration(unframed_line_quiet_time) + ", is taken whole instead",
     cxxopts::value<std::string>()->default_value(format_duration(defaults.line_timeout)), "DURATION")
    ("rate-limit", "lines a second one " + a + " may send on average; 0 for no limit. Lines beyond it "
     "wait, unread, in its connection",
     cxxopts::value<std::string>()->default_value(std::to_string(flow_defaults.lines_per_second)), "N")
    ("burst", "lines one " + a + " may send at once, within the rate limit",
     cxxopts::value<std::string>()->default_value(std::to_string(flow_defaults.burst)), "N")
    ("max-queue", "bytes a " + a + " may leave untaken, queued for it, before it is dropped as not "
     "reading (" + std::to_string(max_tcp_line_bytes) + " or more)",
     cxxopts::value<std::string>()->default_value(std::to_string(flow_defaults.max_queued_bytes)), "BYTES");
}

std::optional<line_server_limits> limits_option(const std::string& program, const cxxopts::ParseResult& options) {
  line_server_limits limits;
  limits.connections.max_connections = options["max-connections"].as<std::size_t>();
  if (limits.connections.max_connections == 0) {
    // 0 would be a server nobody can join; "no limit" is not offered, the system's limit on
    // open files would be the real one.
    std::cerr << program << ": --max-connections must be 1 or more, not 0\n";
    return std::nullopt;
  }
  const auto idle = duration_option(program, options, "idle-timeout");
  const auto line = duration_option(program, options, "line-timeout");
  const auto rate = number_option<std::uint32_t>(program, options, "rate-limit");
  const auto burst = number_option<std::uint32_t>(program, options, "burst");
  const auto max_queue = number_option<std::uint64_t>(program, options, "max-queue");
  if (!idle || !line || !rate || !burst || !max_queue) return std::nullopt;
  limits.connections.idle_timeout = *idle;
  limits.connections.line_timeout = *line;
  // Allowed (a test may want it), but it undoes the framing of clients that send no line
  // endings, so whoever starts the server is told.
  if (*line > std::chrono::milliseconds::zero() && *line < unframed_line_quiet_time) {
    std::cerr << program << ": warning: --line-timeout " << format_duration(*line) << " is shorter than the "
              << format_duration(unframed_line_quiet_time)
              << " of quiet that ends a line sent without its line ending; such clients are closed "
                 "before their message is taken\n";
  }
  // The same bounds as the hub's, for the same flags.
  if (*rate > 1'000'000) {
    std::cerr << program << ": --rate-limit is at most 1000000 a second; 0 turns it off\n";
    return std::nullopt;
  }
  if (*rate != 0 && *burst == 0) {
    std::cerr << program << ": --burst must be at least 1 while there is a --rate-limit\n";
    return std::nullopt;
  }
  // Below one longest line, a member could not be sent a line another member may send.
  if (*max_queue < max_tcp_line_bytes) {
    std::cerr << program << ": --max-queue must be at least " << max_tcp_line_bytes
              << " bytes, the longest line\n";
    return std::nullopt;
  }
  limits.flow.lines_per_second = *rate;
  limits.flow.burst = *burst;
  limits.flow.max_queued_bytes = static_cast<std::size_t>(*max_queue);
  return limits;
}

std::string line_limits_help(std::string_view place, std::string_view noun) {
  const connection_limits defaults;
  const flow_limits flow;
  const std::string a{noun};
  const auto seconds = [](std::chrono::seconds duration) { return std::to_string(duration.count()) + "s"; };
  return wrap_help(
      "Limits: whoever meets one is told in a 'hub____error: ...' line (the replies show the defaults). A "
      "newcomer past --max-connections gets 'hub____error: the " + std::string{place} + " is full (" +
      counted(defaults.max_connections, noun) + "); try again later' and is disconnected. A " + a +
      " silent for --idle-timeout gets 'hub____error: silent for 30m; closing', one that leaves a line "
      "unfinished for --line-timeout 'hub____error: line not finished within 30s; closing'; either is "
      "disconnected, and " + std::string{place == "room" ? "its departure gives the reason: "
                                                           "'<ip:port>____timed out (silent for 30m)____qq'. "
                                                         : "the agent sees '#3 timed out (silent for 30m)'. "} +
      "Timeouts are checked every quarter of the shorter one, from 50ms to 5s apart.") +
         "\n" +
         wrap_help(
             "Lines may end in LF, CR LF, CR NUL or a bare CR. A " + a + " that sends no line endings "
             "(each message one write, as the original Python clients did) is understood too: a line "
             "without its ending is a whole message once the " + a + " has sent nothing more for " +
             format_duration(unframed_line_quiet_time) + ", or hangs up, so a bare 'quit' leaves. "
             "--line-timeout therefore catches only a " + a + " that keeps a line going, bytes less than " +
             format_duration(unframed_line_quiet_time) + " apart; set below that, it closes such a " + a +
             " before its message is taken.") +
         "\n" +
         wrap_help(
             "A " + a + " over --rate-limit (" + std::to_string(flow.lines_per_second) + " lines a second, bursts of " +
             std::to_string(flow.burst) + ") is not read from until its budget refills: its lines wait in its "
             "connection and none is lost. It is told 'hub____error: slow down: ...' once; held back for " +
             seconds(flood_timeout) + " on end, it is disconnected as flooding. While a " + a +
             " has more than 64 KiB queued (a quarter of --max-queue when that is less), nobody is read "
             "from: senders wait until it is below that mark, or dropped. A " + a + " that takes nothing for " + seconds(stall_timeout) +
             " while lines wait, stays over that mark for " + seconds(over_mark_timeout) +
             ", or leaves more than --max-queue bytes untaken is dropped as not reading.");
}

}  // namespace udpchat
