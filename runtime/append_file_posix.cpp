// SPDX-License-Identifier: GPL-3.0-or-later
#include "append_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace udpchat {

struct append_file::handle {
  int fd;
};

append_file::append_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) throw std::system_error{errno, std::generic_category()};
  handle_ = std::make_unique<handle>(handle{fd});
}

append_file::~append_file() { ::close(handle_->fd); }

std::error_code append_file::write(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t written = ::write(handle_->fd, bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return {errno, std::generic_category()};
    }
    bytes.remove_prefix(static_cast<std::size_t>(written));
  }
  return {};
}

}  // namespace udpchat
