// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A small HTTP/1.1 client over a raw TCP socket to 127.0.0.1, for the web view's tests: one
// request per connection, the response read to its end; and a Server-Sent Events reader.

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace udpchat::testing {

struct http_response {
  int status = 0;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  std::string header(const std::string& lower_name) const {
    const auto found = headers.find(lower_name);
    return found == headers.end() ? std::string{} : found->second;
  }
};

// Sends `method` `path` and reads the whole response; nullopt if none came within 5 s.
std::optional<http_response> http_request(unsigned short port, const std::string& method, const std::string& path);

struct sse_event {
  std::string name;
  std::string data;
};

// GET /events, read event by event (chunked transfer decoded).
class sse_client {
 public:
  explicit sse_client(unsigned short port);
  ~sse_client();
  sse_client(const sse_client&) = delete;
  sse_client& operator=(const sse_client&) = delete;

  // The response's status, once its head has come (0 if not within the deadline).
  int status(std::chrono::milliseconds deadline = std::chrono::milliseconds{5000});
  // The next event within the deadline.
  std::optional<sse_event> next(std::chrono::milliseconds deadline = std::chrono::milliseconds{5000});
  // The next event named `name` whose data satisfies `wanted`, skipping others.
  template <typename Predicate>
  std::optional<sse_event> next_matching(const std::string& name, Predicate wanted,
                                         std::chrono::milliseconds deadline = std::chrono::milliseconds{5000}) {
    const auto until = std::chrono::steady_clock::now() + deadline;
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
      if (left.count() <= 0) return std::nullopt;
      auto event = next(left);
      if (!event) return std::nullopt;
      if (event->name == name && wanted(event->data)) return event;
    }
  }
  std::string body_so_far() const { return body_; }

 private:
  bool fill(std::chrono::steady_clock::time_point until);  // reads more; false on timeout or end
  bool decode_chunks();

  int fd_ = -1;
  std::string raw_;   // as received, past what was decoded
  std::string body_;  // decoded, past the events taken
  int status_ = 0;
  bool head_done_ = false;
};

}  // namespace udpchat::testing
