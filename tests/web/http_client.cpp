// SPDX-License-Identifier: GPL-3.0-or-later
#include "http_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "deadline.hpp"

namespace udpchat::testing {

namespace {

int connect_to(unsigned short port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error{"socket"};
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&to), sizeof to) != 0) {
    ::close(fd);
    throw std::runtime_error{"connect"};
  }
  return fd;
}

void send_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const auto sent = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (sent <= 0) return;
    bytes.remove_prefix(static_cast<std::size_t>(sent));
  }
}

// Reads into `out` until `until`; false on timeout, end or error.
bool read_some(int fd, std::string& out, std::chrono::steady_clock::time_point until) {
  pollfd readable{fd, POLLIN, 0};
  if (::poll(&readable, 1, static_cast<int>(left_until(until).count())) <= 0) return false;
  char buffer[65536];
  const auto count = ::recv(fd, buffer, sizeof buffer, 0);
  if (count <= 0) return false;
  out.append(buffer, static_cast<std::size_t>(count));
  return true;
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// Parses the status line and headers in `head` (without the blank line).
void parse_head(const std::string& head, int& status, std::map<std::string, std::string>& headers) {
  std::size_t at = head.find("\r\n");
  const std::string status_line = head.substr(0, at);
  status = std::stoi(status_line.substr(status_line.find(' ') + 1, 3));
  while (at != std::string::npos && at + 2 < head.size()) {
    const std::size_t next = head.find("\r\n", at + 2);
    const std::string line = head.substr(at + 2, next == std::string::npos ? std::string::npos : next - at - 2);
    const auto colon = line.find(':');
    if (colon != std::string::npos) {
      headers[lower(line.substr(0, colon))] = line.substr(line.find_first_not_of(' ', colon + 1));
    }
    at = next;
  }
}

// The body of a chunked message, decoded as far as it is complete; `raw` keeps the rest.
bool take_chunks(std::string& raw, std::string& body) {
  for (;;) {
    const auto line_end = raw.find("\r\n");
    if (line_end == std::string::npos) return true;
    const std::size_t size = std::stoul(raw.substr(0, line_end), nullptr, 16);
    if (size == 0) return false;  // the last chunk
    if (raw.size() < line_end + 2 + size + 2) return true;
    body.append(raw, line_end + 2, size);
    raw.erase(0, line_end + 2 + size + 2);
  }
}

}  // namespace

std::optional<http_response> http_request(unsigned short port, const std::string& method, const std::string& path) {
  const int fd = connect_to(port);
  send_all(fd, method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
  std::string raw;
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds{5};
  while (read_some(fd, raw, until)) {
  }
  ::close(fd);
  const auto head_end = raw.find("\r\n\r\n");
  if (head_end == std::string::npos) return std::nullopt;
  http_response response;
  parse_head(raw.substr(0, head_end), response.status, response.headers);
  std::string rest = raw.substr(head_end + 4);
  if (lower(response.header("transfer-encoding")) == "chunked") {
    take_chunks(rest, response.body);
  } else {
    response.body = rest;
  }
  return response;
}

sse_client::sse_client(unsigned short port) : fd_{connect_to(port)} {
  send_all(fd_, "GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n");
}

sse_client::~sse_client() { ::close(fd_); }

bool sse_client::fill(std::chrono::steady_clock::time_point until) {
  if (!read_some(fd_, raw_, until)) return false;
  if (!head_done_) {
    const auto head_end = raw_.find("\r\n\r\n");
    if (head_end == std::string::npos) return true;
    std::map<std::string, std::string> headers;
    parse_head(raw_.substr(0, head_end), status_, headers);
    raw_.erase(0, head_end + 4);
    head_done_ = true;
  }
  return decode_chunks();
}

bool sse_client::decode_chunks() { return take_chunks(raw_, body_); }

int sse_client::status(std::chrono::milliseconds deadline) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  while (!head_done_ && fill(until)) {
  }
  return status_;
}

std::optional<sse_event> sse_client::next(std::chrono::milliseconds deadline) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  for (;;) {
    const auto end = body_.find("\n\n");
    if (end != std::string::npos) {
      const std::string block = body_.substr(0, end);
      body_.erase(0, end + 2);
      sse_event event;
      std::size_t at = 0;
      while (at <= block.size()) {
        const auto line_end = std::min(block.find('\n', at), block.size());
        const std::string line = block.substr(at, line_end - at);
        if (line.starts_with("event: ")) event.name = line.substr(7);
        if (line.starts_with("data: ")) event.data += line.substr(6);
        at = line_end + 1;
      }
      if (!event.name.empty()) return event;
      continue;  // a comment
    }
    if (!fill(until)) return std::nullopt;
  }
}

}  // namespace udpchat::testing
