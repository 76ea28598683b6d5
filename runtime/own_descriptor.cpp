// SPDX-License-Identifier: GPL-3.0-or-later
#include "own_descriptor.hpp"

#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>

namespace udpchat {

int own_descriptor(int fd, int access_mode) {
  struct stat status{};
  if (::fstat(fd, &status) != 0) return -1;
  if (::isatty(fd) == 1 || S_ISFIFO(status.st_mode)) {
    const std::string path = "/proc/self/fd/" + std::to_string(fd);
    const int reopened = ::open(path.c_str(), access_mode | O_CLOEXEC | O_NOCTTY);
    if (reopened >= 0) return reopened;
  }
  return ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
}

int readiness_descriptor(int fd, unsigned events) {
  const int watch = ::epoll_create1(EPOLL_CLOEXEC);
  if (watch < 0) return -1;
  epoll_event wanted{};
  wanted.events = events;
  wanted.data.fd = fd;
  if (::epoll_ctl(watch, EPOLL_CTL_ADD, fd, &wanted) != 0) {
    ::close(watch);
    return -1;
  }
  return watch;
}

}  // namespace udpchat
