// SPDX-License-Identifier: GPL-3.0-or-later
#include "desk_options.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "command_line.hpp"
#include "desk_key_file.hpp"
#include "udpchat/canned_replies.hpp"

namespace udpchat {

const std::string desk_usage =
    "[--agent-key-file FILE] [--canned FILE] [--transcript-dir DIR] [--queue-news DURATION] ";

void add_desk_options(cxxopts::Options& spec) {
  spec.add_options()
    ("agent-key-file", "let remote agents (udpchat --tcp --agent) log in with the secret in FILE: its first "
     "line, 16 to 1024 printable characters; FILE must be readable by its owner alone",
     cxxopts::value<std::string>(), "FILE")
    ("canned", "canned replies for /c and /canned: one a line, 'NAME TEXT', with {name} and {id} in TEXT "
     "filled in with the customer's", cxxopts::value<std::string>(), "FILE")
    ("transcript-dir", "write each conversation to a file of its own in DIR, mode 0600",
     cxxopts::value<std::string>(), "DIR")
    ("queue-news", "tell each waiting customer their place and an estimated wait this often (0 for never)",
     cxxopts::value<std::string>()->default_value("1m"), "DURATION");
}

namespace {

// The whole of a small text file, or nullopt after saying why.
std::optional<std::string> read_text_file(const char* program, const std::string& option, const std::string& path) {
  constexpr std::streamsize most = 1024 * 1024;
  std::ifstream in{path, std::ios::binary};
  if (!in) {
    std::cerr << program << ": --" << option << ": cannot read " << path << ": " << std::strerror(errno) << '\n';
    return std::nullopt;
  }
  std::string text(static_cast<std::size_t>(most) + 1, '\0');
  in.read(text.data(), most + 1);
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > static_cast<std::size_t>(most)) {
    std::cerr << program << ": --" << option << ": " << path << " is larger than 1 MiB\n";
    return std::nullopt;
  }
  return text;
}

}  // namespace

std::optional<int> read_desk_options(const char* program, const cxxopts::ParseResult& options,
                                     help_desk::options& settings) {
  const auto news = duration_option(program, options, "queue-news");
  if (!news) return 2;
  settings.queue_news = *news;
  if (options.count("agent-key-file") != 0U) {
    const agent_key read = read_agent_key_file(options["agent-key-file"].as<std::string>());
    if (!read.error.empty()) {
      std::cerr << program << ": --agent-key-file: " << read.error << '\n';
      return 2;
    }
    settings.agent_key = read.secret;
  }
  if (options.count("canned") != 0U) {
    const std::string path = options["canned"].as<std::string>();
    const auto text = read_text_file(program, "canned", path);
    if (!text) return 2;
    auto parsed = parse_canned_replies(*text);
    if (parsed.error) {
      std::cerr << program << ": --canned: " << path << ":" << parsed.error->line << ": " << parsed.error->reason
                << '\n';
      return 2;
    }
    settings.canned = std::move(parsed.replies);
  }
  if (options.count("transcript-dir") != 0U) {
    const std::string directory = options["transcript-dir"].as<std::string>();
    struct stat status {};
    if (::stat(directory.c_str(), &status) != 0 || !S_ISDIR(status.st_mode)) {
      std::cerr << program << ": --transcript-dir: " << directory << " is not a directory\n";
      return 2;
    }
    settings.transcript_dir = directory;
  }
  return std::nullopt;
}

}  // namespace udpchat
