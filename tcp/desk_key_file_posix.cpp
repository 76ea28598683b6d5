// SPDX-License-Identifier: GPL-3.0-or-later
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "desk_key_file.hpp"

namespace udpchat {
namespace {

std::string octal_mode(mode_t mode) {
  std::array<char, 8> text{};
  std::snprintf(text.data(), text.size(), "%04o", static_cast<unsigned>(mode & 07777));
  return text.data();
}

}  // namespace

agent_key read_agent_key_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return {{}, "cannot read " + path + ": " + std::strerror(errno)};
  struct stat status {};
  std::string error;
  std::string content;
  if (::fstat(fd, &status) != 0) {
    error = "cannot read " + path + ": " + std::strerror(errno);
  } else if (!S_ISREG(status.st_mode)) {
    error = path + " is not a regular file";
  } else if ((status.st_mode & 077) != 0) {
    error = path + " may be read or written by others than its owner (mode " + octal_mode(status.st_mode) +
            "); make it private with: chmod 600 " + path;
  } else {
    std::array<char, 2048> chunk{};
    for (;;) {
      const ssize_t got = ::read(fd, chunk.data(), chunk.size());
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) error = "cannot read " + path + ": " + std::strerror(errno);
      if (got <= 0) break;
      content.append(chunk.data(), static_cast<std::size_t>(got));
      if (content.size() > 4096 || content.find('\n') != std::string::npos) break;
    }
  }
  ::close(fd);
  if (!error.empty()) return {{}, error};
  std::string secret = content.substr(0, content.find('\n'));
  if (secret.ends_with('\r')) secret.pop_back();
  if (const std::string problem = agent_key_problem(secret); !problem.empty()) return {{}, path + ": " + problem};
  return {secret, {}};
}

}  // namespace udpchat
