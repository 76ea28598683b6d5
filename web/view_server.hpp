// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include "view_feed.hpp"

struct MHD_Daemon;
struct MHD_Connection;

namespace udpchat::web {

// The web view's HTTP server (libmicrohttpd, loaded by the first one made, see
// microhttpd_library; one thread per connection, on threads of its own): GET / and the page's files, GET /events (Server-Sent Events), GET /datagram/<seq>
// (JSON). Every other method is answered 405 with "Allow: GET", every other path 404. Every
// response carries a Content-Security-Policy that lets the page load only its own files.
// The page is read-only: nothing here reaches the hub but what view_feed lets out.
class view_server {
 public:
  struct settings {
    // /events streams at once; one more is answered 503.
    std::size_t viewers_max = 16;
    // A connection that moves no byte this long (a viewer that stopped reading) is closed.
    std::chrono::seconds idle_timeout{10};
  };

  // Listens on `address` (length `address_size`; an IPv6 "::" takes IPv4 too). Throws
  // std::system_error when it cannot, and microhttpd_unavailable, before listening, when
  // libmicrohttpd cannot be loaded.
  view_server(view_feed& feed, const sockaddr* address, socklen_t address_size, settings limits);
  // Ends every stream and stops the server's threads.
  ~view_server();
  view_server(const view_server&) = delete;
  view_server& operator=(const view_server&) = delete;

  std::uint16_t port() const { return port_; }
  std::size_t viewers_max() const { return limits_.viewers_max; }

 private:
  friend struct request_handler;
  int answer(MHD_Connection* connection, const std::string& url, const std::string& method);
  int open_stream(MHD_Connection* connection);
  int open_datagram(MHD_Connection* connection, const std::string& seq_text);

  view_feed& feed_;
  settings limits_;
  std::atomic<std::size_t> viewers_{0};  // written by the connections' threads
  MHD_Daemon* daemon_ = nullptr;
  std::uint16_t port_ = 0;
};

}  // namespace udpchat::web
