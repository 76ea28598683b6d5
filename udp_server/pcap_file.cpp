// SPDX-License-Identifier: GPL-3.0-or-later
#include "pcap_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace udpchat {
namespace {

// Written out once this much has gathered, without waiting for the next flush().
constexpr std::size_t write_at_bytes = 1024 * 1024;

}  // namespace

pcap_file::pcap_file(const std::string& path)
    : fd_{::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)} {
  if (fd_ < 0) throw std::system_error{errno, std::system_category()};
  buffer_ = pcap_file_header();
  if (!flush()) {
    ::close(fd_);
    throw std::system_error{error_};
  }
}

pcap_file::~pcap_file() {
  flush();
  ::close(fd_);
}

void pcap_file::add(std::chrono::microseconds when, const capture_endpoint& from,
                    const capture_endpoint& to, std::string_view datagram) {
  if (error_) return;
  append_pcap_udp_record(buffer_, when, from, to, datagram);
  if (buffer_.size() >= write_at_bytes) flush();
}

bool pcap_file::flush() {
  if (error_) return false;
  std::string_view unwritten{buffer_};
  while (!unwritten.empty()) {
    const ssize_t written = ::write(fd_, unwritten.data(), unwritten.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      error_ = std::error_code{errno, std::system_category()};
      buffer_.clear();
      return false;
    }
    unwritten.remove_prefix(static_cast<std::size_t>(written));
  }
  buffer_.clear();
  // A burst may have made the buffer large; an idle capture keeps little.
  if (buffer_.capacity() > 2 * write_at_bytes) buffer_.shrink_to_fit();
  return true;
}

}  // namespace udpchat
