// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <string>

#include "log_text.hpp"
#include "web_host.hpp"

namespace udpchat {

class udp_hub;

using web::parse_web_address;

// The hub's web view (--web): the HTTP server, up from construction, and what the hub hands it.
class web_view {
 public:
  // Listens on `at`; throws std::system_error when it cannot, web::microhttpd_unavailable when
  // libmicrohttpd cannot be loaded.
  web_view(const asio::ip::tcp::endpoint& at, std::string program);

  // Starts watching `hub` on its io_context (the hub keeps the watcher), and logs the page's
  // address once the hub runs, after its "listening on" line.
  void watch(asio::io_context& io, udp_hub& hub, std::uint32_t unheard_limit, const log_sink& log);
  std::string address_line() const { return host_.address_line(); }

 private:
  web::web_host host_;
};

}  // namespace udpchat
