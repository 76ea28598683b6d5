// SPDX-License-Identifier: GPL-3.0-or-later
#include "command_line.hpp"

#include <charconv>
#include <iostream>
#include <limits>

#include "standard_descriptors.hpp"
#include "utf8_arguments.hpp"
#include "udpchat/duration_text.hpp"
#include "udpchat/version.hpp"

namespace udpchat {

void add_common_options(cxxopts::Options& spec, const common_option_text& text) {
  auto host = cxxopts::value<std::string>();
  if (!text.default_host.empty()) host->default_value(text.default_host);
  spec.add_options()
    ("host", text.host_help, host, "ADDRESS")
    ("p,port", text.port_help, cxxopts::value<std::string>()->default_value(std::to_string(text.default_port)), "PORT")
    ("h,help", "print this help and exit")
    ("version", "print the version and exit");
}

std::string wrap_help(std::string_view text, std::size_t width) {
  std::string wrapped;
  std::size_t line_start = 0;
  while (!text.empty()) {
    const auto space = text.find(' ');
    const std::string_view word = text.substr(0, space);
    if (wrapped.size() > line_start && wrapped.size() - line_start + 1 + word.size() > width) {
      wrapped += '\n';
      line_start = wrapped.size();
    } else if (wrapped.size() > line_start) {
      wrapped += ' ';
    }
    wrapped += word;
    text.remove_prefix(space == std::string_view::npos ? text.size() : space + 1);
  }
  return wrapped + '\n';
}

parsed_command_line parse_command_line(cxxopts::Options& spec, int argc, char** argv,
                                       std::string_view help_epilogue) {
  open_missing_standard_descriptors();
  const std::string program = spec.program();
  try {
    auto options = spec.parse(argc, utf8_arguments(argc, argv));
    if (options.count("help") != 0U) {
      std::cout << spec.help() << help_epilogue << std::flush;
      return {std::move(options), 0};
    }
    if (options.count("version") != 0U) {
      std::cout << program << ' ' << version << '\n' << std::flush;
      return {std::move(options), 0};
    }
    if (!options.unmatched().empty()) {
      std::cerr << program << ": unexpected argument '" << options.unmatched().front()
                << "' (see " << program << " --help)\n";
      return {std::move(options), 2};
    }
    return {std::move(options), std::nullopt};
  } catch (const cxxopts::exceptions::exception& error) {
    std::cerr << program << ": " << error.what() << " (see " << program << " --help)\n";
    return {cxxopts::ParseResult{}, 2};
  }
}

std::optional<std::uint16_t> port_option(const std::string& program,
                                         const cxxopts::ParseResult& options) {
  const std::string text = options["port"].as<std::string>();
  std::uint16_t port = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), port);
  if (text.empty() || error != std::errc{} || end != text.data() + text.size()) {
    std::cerr << program << ": --port must be a number from 0 to 65535, not '" << text << "'\n";
    return std::nullopt;
  }
  return port;
}

std::optional<std::chrono::milliseconds> duration_option(const std::string& program,
                                                         const cxxopts::ParseResult& options,
                                                         const std::string& name) {
  const std::string text = options[name].as<std::string>();
  const auto duration = parse_duration(text);
  if (!duration) {
    std::cerr << program << ": --" << name << " must be a whole number with a unit (ms, s, m or h),"
              << " such as 10m or 30s, or 0 for off; not '" << text << "'\n";
  }
  return duration;
}

template <typename T>
std::optional<T> number_option(const std::string& program, const cxxopts::ParseResult& options,
                               const std::string& name) {
  const std::string text = options[name].as<std::string>();
  T number{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (error == std::errc::result_out_of_range) {
    std::cerr << program << ": --" << name << " '" << text << "' is too large; at most "
              << std::numeric_limits<T>::max() << '\n';
    return std::nullopt;
  }
  if (text.empty() || error != std::errc{} || end != text.data() + text.size()) {
    std::cerr << program << ": --" << name << " must be a whole number (0 or more, digits only), not '"
              << text << "'\n";
    return std::nullopt;
  }
  return number;
}

template std::optional<std::uint32_t> number_option(const std::string&, const cxxopts::ParseResult&,
                                                    const std::string&);
template std::optional<std::uint64_t> number_option(const std::string&, const cxxopts::ParseResult&,
                                                    const std::string&);

}  // namespace udpchat
