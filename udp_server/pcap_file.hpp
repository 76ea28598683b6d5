// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>

#include "udpchat/pcap_format.hpp"

namespace udpchat {

// A capture file being written (see udpchat/pcap_format.hpp): records gather in memory and
// are written out when flush() is called or when enough have gathered. A failed write stops
// the capture; what was written before stays a readable file.
class pcap_file {
 public:
  // Creates or empties `path` and writes the file header; throws std::system_error when it
  // cannot.
  explicit pcap_file(const std::string& path);
  ~pcap_file();  // flushes and closes
  pcap_file(const pcap_file&) = delete;
  pcap_file& operator=(const pcap_file&) = delete;

  void add(std::chrono::microseconds when, const capture_endpoint& from, const capture_endpoint& to,
           std::string_view datagram);
  bool has_unwritten() const { return !buffer_.empty(); }
  // Writes what has gathered. Returns false once a write has failed, with the reason in error().
  bool flush();
  std::error_code error() const { return error_; }

 private:
  struct file_closer {
    void operator()(std::FILE* file) const { std::fclose(file); }
  };
  std::unique_ptr<std::FILE, file_closer> file_;
  std::string buffer_;
  std::error_code error_;
};

}  // namespace udpchat
