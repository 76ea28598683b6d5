// SPDX-License-Identifier: GPL-3.0-or-later
#include "web_host.hpp"

#include <charconv>
#include <chrono>

#include "endpoint_text.hpp"
#include "udpchat/version.hpp"

namespace udpchat::web {

namespace {

std::int64_t epoch_ms_now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

hub_identity identity_of(std::string program, view_transport transport) {
  hub_identity identity;
  identity.program = std::move(program);
  identity.version = version;
  identity.started_ms = epoch_ms_now();
  identity.transport = transport;
  return identity;
}

}  // namespace

std::optional<asio::ip::tcp::endpoint> parse_web_address(std::string_view text, std::string& error) {
  std::string_view host = "127.0.0.1";
  std::string_view port_text = text;
  if (text.starts_with('[')) {
    const auto close = text.find("]:");
    if (close == std::string_view::npos) {
      error = "an IPv6 address goes in brackets before the port, as [::1]:8080";
      return std::nullopt;
    }
    host = text.substr(1, close - 1);
    port_text = text.substr(close + 2);
  } else if (const auto colon = text.rfind(':'); colon != std::string_view::npos) {
    host = text.substr(0, colon);
    port_text = text.substr(colon + 1);
    if (host.find(':') != std::string_view::npos) {
      error = "an IPv6 address goes in brackets before the port, as [::1]:8080";
      return std::nullopt;
    }
  }
  unsigned port = 0;
  const auto [end, parse_error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || parse_error != std::errc{} || end != port_text.data() + port_text.size() || port > 65535) {
    error = "the port must be a number from 0 to 65535 (0 for any free one)";
    return std::nullopt;
  }
  asio::error_code bad_address;
  const auto address = asio::ip::make_address(std::string{host}, bad_address);
  if (bad_address) {
    error = "'" + std::string{host} + "' is not a numeric IPv4 or IPv6 address";
    return std::nullopt;
  }
  return asio::ip::tcp::endpoint{address, static_cast<std::uint16_t>(port)};
}

web_host::web_host(const asio::ip::tcp::endpoint& at, std::string program, view_transport transport)
    : at_{at}, feed_{identity_of(std::move(program), transport), ring_events, ring_bytes} {
  server_ = std::make_unique<view_server>(feed_, at_.data(), static_cast<socklen_t>(at_.size()), view_server::settings{});
  at_.port(server_->port());
}

std::string web_host::address_line() const {
  if (!at_.address().is_unspecified()) {
    return "web view on http://" + endpoint_text(at_) + "/ (at most " + std::to_string(server_->viewers_max()) +
           " viewers)";
  }
  const asio::ip::tcp::endpoint here{at_.address().is_v4() ? asio::ip::address{asio::ip::address_v4::loopback()}
                                                          : asio::ip::address{asio::ip::address_v6::loopback()},
                                     at_.port()};
  return "web view on http://" + endpoint_text(here) + "/ (at most " + std::to_string(server_->viewers_max()) +
         " viewers); it listens on every address (" + endpoint_text(at_) +
         "): other machines open http://<this machine's address>:" + std::to_string(at_.port()) + "/";
}

}  // namespace udpchat::web
