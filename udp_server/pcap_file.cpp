// SPDX-License-Identifier: GPL-3.0-or-later
#include "pcap_file.hpp"

#include <cerrno>
#include <system_error>

namespace udpchat {
namespace {

// Written out once this much has gathered, without waiting for the next flush().
constexpr std::size_t write_at_bytes = 1024 * 1024;

// The reason the C library gave for the last failure, or a generic one where it gave none
// (the C standard does not require fopen and fwrite to set errno; glibc and Windows' C
// library do).
std::error_code last_error() {
  return std::error_code{errno != 0 ? errno : EIO, std::generic_category()};
}

}  // namespace

pcap_file::pcap_file(const std::string& path) {
  errno = 0;
  // Binary: Windows' C library would otherwise write each 0x0a byte of a record as 0d 0a.
  file_.reset(std::fopen(path.c_str(), "wb"));
  if (!file_) throw std::system_error{last_error()};
  // The records gather in buffer_ already: a second buffer would only copy them once more.
  std::setvbuf(file_.get(), nullptr, _IONBF, 0);
  buffer_ = pcap_file_header();
  if (!flush()) throw std::system_error{error_};
}

pcap_file::~pcap_file() { flush(); }

void pcap_file::add(std::chrono::microseconds when, const capture_endpoint& from,
                    const capture_endpoint& to, std::string_view datagram) {
  if (error_) return;
  append_pcap_udp_record(buffer_, when, from, to, datagram);
  if (buffer_.size() >= write_at_bytes) flush();
}

bool pcap_file::flush() {
  if (error_) return false;
  errno = 0;
  if (!buffer_.empty() && std::fwrite(buffer_.data(), 1, buffer_.size(), file_.get()) != buffer_.size()) {
    error_ = last_error();
    buffer_.clear();
    return false;
  }
  buffer_.clear();
  // A burst may have made the buffer large; an idle capture keeps little.
  if (buffer_.capacity() > 2 * write_at_bytes) buffer_.shrink_to_fit();
  return true;
}

}  // namespace udpchat
