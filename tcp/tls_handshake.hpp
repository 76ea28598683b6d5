// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <asio/ip/tcp.hpp>
#include <asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "tls_stream.hpp"

namespace udpchat {

struct tls_server_identity;

// The server's side of a TLS handshake on a connection just accepted. It ends once: `done` gets
// the session, ready for lines, or nullptr and why not in a few words for the log ("TLS
// handshake failed: ...", "not TLS (a plain TCP client?)", "no TLS handshake within 30s"). A
// peer that does not finish within `deadline` (0 for no limit) is closed. A peer whose first
// byte cannot begin a TLS handshake, or that sends nothing at all in that time, is most likely
// a person with nc or telnet: it is told in one plain line that the port speaks TLS
// (plain_client_notice) before it is closed. cancel() closes the connection without calling
// `done`. It keeps itself alive until it has ended.
class tls_handshake : public std::enable_shared_from_this<tls_handshake> {
 public:
  using on_done = std::function<void(std::shared_ptr<tls_stream> session, std::string_view why)>;

  static std::shared_ptr<tls_handshake> start(asio::ip::tcp::socket socket, tls_server_identity& identity,
                                              std::chrono::milliseconds deadline, on_done done);
  void cancel();

  // Use start().
  tls_handshake(asio::ip::tcp::socket socket, tls_server_identity& identity, on_done done);

 private:
  void begin(std::chrono::milliseconds deadline);
  // The first byte has arrived: a TLS handshake, or a plain client.
  void look_at_first_byte();
  void tell_plain_client();
  void finish(std::shared_ptr<tls_stream> session, std::string_view why);

  std::unique_ptr<tls_socket> session_;
  asio::steady_timer deadline_timer_;
  on_done done_;
  bool finished_ = false;
  bool heard_ = false;  // the peer has sent something
};

// What a plain TCP client on a TLS port is told, in the servers' notice format.
extern const std::string_view plain_client_notice;

// An error from a TLS handshake in a few words for a person: OpenSSL's reason ("wrong version
// number", "certificate verify failed"), or what happened to the connection.
std::string handshake_error_text(const asio::error_code& error);

}  // namespace udpchat
