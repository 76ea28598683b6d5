#include "limit_options.hpp"

#include <iostream>

#include "command_line.hpp"
#include "udpchat/duration_text.hpp"

namespace udpchat {

void add_limit_options(cxxopts::Options& spec, std::string_view place, std::string_view noun) {
  const connection_limits defaults;
  const std::string a{noun};
  spec.add_options()
    ("max-connections", "most " + a + "s connected at once (1 or more); one more is told the " +
     std::string{place} + " is full and disconnected",
     cxxopts::value<std::size_t>()->default_value(std::to_string(defaults.max_connections)), "N")
    ("idle-timeout", "disconnect a " + a + " that sends no line for this long (500ms, 30s, 10m, 2h; "
     "0 for never); an empty line counts and is otherwise ignored",
     cxxopts::value<std::string>()->default_value(format_duration(defaults.idle_timeout)), "DURATION")
    ("line-timeout", "disconnect a " + a + " that begins a line and does not end it within this long "
     "(0 for never)",
     cxxopts::value<std::string>()->default_value(format_duration(defaults.line_timeout)), "DURATION");
}

std::optional<connection_limits> limits_option(const std::string& program,
                                               const cxxopts::ParseResult& options) {
  connection_limits limits;
  limits.max_connections = options["max-connections"].as<std::size_t>();
  if (limits.max_connections == 0) {
    // 0 would be a server nobody can join; "no limit" is not offered, the system's limit on
    // open files would be the real one.
    std::cerr << program << ": --max-connections must be 1 or more, not 0\n";
    return std::nullopt;
  }
  const auto idle = duration_option(program, options, "idle-timeout");
  if (!idle) return std::nullopt;
  const auto line = duration_option(program, options, "line-timeout");
  if (!line) return std::nullopt;
  limits.idle_timeout = *idle;
  limits.line_timeout = *line;
  return limits;
}

}  // namespace udpchat
