// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <asio/ip/tcp.hpp>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "view_feed.hpp"
#include "view_server.hpp"

namespace udpchat::web {

// --web [ADDRESS:]PORT: the address to serve the web view on. ADDRESS is a numeric IPv4
// address or a bracketed IPv6 one ([::1]); without it, 127.0.0.1. PORT 0 is any free one.
// nullopt for anything else, with `error` saying why.
std::optional<asio::ip::tcp::endpoint> parse_web_address(std::string_view text, std::string& error);

// What a program serving the web view keeps, whatever it watches (the hub, the TCP room): the
// feed and the HTTP server, up from construction.
class web_host {
 public:
  static constexpr std::size_t ring_events = 8192;
  static constexpr std::size_t ring_bytes = 4 * 1024 * 1024;

  // Listens on `at`; throws std::system_error when it cannot, microhttpd_unavailable when
  // libmicrohttpd cannot be loaded.
  web_host(const asio::ip::tcp::endpoint& at, std::string program, view_transport transport);

  view_feed& feed() { return feed_; }
  // "web view on http://127.0.0.1:PORT/ (at most N viewers)", and for an address every
  // interface listens on, what others use.
  std::string address_line() const;

 private:
  asio::ip::tcp::endpoint at_;
  view_feed feed_;
  std::unique_ptr<view_server> server_;  // after feed_: stops before it goes
};

}  // namespace udpchat::web
