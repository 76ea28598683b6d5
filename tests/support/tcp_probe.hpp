// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace udpchat::testing {

// A raw TCP client on loopback, for talking to a room or a desk the way nc would.
class tcp_probe {
 public:
  // Connects to 127.0.0.1:port, or [::1]:port with `ipv6`. A receive_buffer of 0 keeps the
  // system's default.
  explicit tcp_probe(unsigned short port, int receive_buffer = 0, bool ipv6 = false);
  ~tcp_probe();
  tcp_probe(const tcp_probe&) = delete;
  tcp_probe& operator=(const tcp_probe&) = delete;

  void send(std::string_view bytes);
  // Sends all of `bytes`, or stops and returns false once the server has closed the connection.
  bool send_unless_closed(std::string_view bytes);
  // The next whole line (without '\n') within the deadline; nullopt on timeout or end of stream.
  std::optional<std::string> read_line(std::chrono::milliseconds deadline = std::chrono::milliseconds{5000});
  // The next line that satisfies `wanted`, skipping others.
  template <typename Predicate>
  std::optional<std::string> read_line_matching(Predicate wanted,
                                                std::chrono::milliseconds deadline = std::chrono::milliseconds{5000}) {
    const auto until = std::chrono::steady_clock::now() + deadline;
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
      if (left.count() <= 0) return std::nullopt;
      auto line = read_line(left);
      if (!line) return std::nullopt;
      if (wanted(*line)) return line;
    }
  }
  // True when the server closes the connection within the deadline (lines before that are read
  // and dropped).
  bool closed_by_peer(std::chrono::milliseconds deadline = std::chrono::milliseconds{5000});
  void close();
  std::string address() const;  // "127.0.0.1:<port>" or "[::1]:<port>", as a server names this client
  // The socket, for a test that reads it its own way; read_line() must not be used then.
  int native_handle() const { return fd_; }

 private:
  bool fill(std::chrono::milliseconds deadline);  // reads more; false on timeout or end

  int fd_ = -1;
  unsigned short local_port_ = 0;
  bool ipv6_ = false;
  std::string buffered_;
  bool at_end_ = false;
};

}  // namespace udpchat::testing
