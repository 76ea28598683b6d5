// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "log_text.hpp"
#include "view_feed.hpp"
#include "view_server.hpp"

namespace udpchat {

class udp_hub;

// --web [ADDRESS:]PORT: the address to serve the web view on. ADDRESS is a numeric IPv4
// address or a bracketed IPv6 one ([::1]); without it, 127.0.0.1. PORT 0 is any free one.
// nullopt for anything else, with `error` saying why.
std::optional<asio::ip::tcp::endpoint> parse_web_address(std::string_view text, std::string& error);

// The hub's web view (--web): the HTTP server, up from construction, and what the hub hands it.
class web_view {
 public:
  static constexpr std::size_t ring_events = 8192;
  static constexpr std::size_t ring_bytes = 4 * 1024 * 1024;

  // Listens on `at`; throws std::system_error when it cannot.
  web_view(const asio::ip::tcp::endpoint& at, std::string program);

  // Starts watching `hub` on its io_context (the hub keeps the watcher), and logs the page's
  // address once the hub runs, after its "listening on" line.
  void watch(asio::io_context& io, udp_hub& hub, std::uint32_t unheard_limit, const log_sink& log);
  // "http://127.0.0.1:PORT/", and for an address every interface listens on, what others use.
  std::string address_line() const;

 private:
  asio::ip::tcp::endpoint at_;
  web::view_feed feed_;
  std::unique_ptr<web::view_server> server_;  // after feed_: stops before it goes
};

}  // namespace udpchat
