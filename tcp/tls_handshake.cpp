// SPDX-License-Identifier: GPL-3.0-or-later
#include "tls_handshake.hpp"

#include <array>
#include <asio/ssl/error.hpp>
#include <utility>

#include "tls_certificate.hpp"
#include "udpchat/duration_text.hpp"

namespace udpchat {
namespace {

// A TLS connection begins with a handshake record: its content type is 22 (RFC 8446, section
// 5.1; the same in TLS 1.2, RFC 5246, section 6.2.1).
constexpr unsigned char handshake_record = 22;

}  // namespace

// In the servers' notice format (udpchat/datagram_codec.hpp), as one line.
const std::string_view plain_client_notice =
    "hub____error: this port speaks TLS; connect with udpchat --tcp --tls, ncat --ssl or openssl s_client\n";

std::string handshake_error_text(const asio::error_code& error) {
  if (error == asio::error::eof || error == asio::ssl::error::stream_truncated) return "hung up during it";
  return error.message();
}

std::shared_ptr<tls_handshake> tls_handshake::start(asio::ip::tcp::socket socket, tls_server_identity& identity,
                                                    std::chrono::milliseconds deadline, on_done done) {
  auto handshake = std::make_shared<tls_handshake>(std::move(socket), identity, std::move(done));
  handshake->begin(deadline);
  return handshake;
}

tls_handshake::tls_handshake(asio::ip::tcp::socket socket, tls_server_identity& identity, on_done done)
    : session_{std::make_unique<tls_socket>(std::move(socket), identity.context)},
      deadline_timer_{session_->get_executor()},
      done_{std::move(done)} {}

void tls_handshake::begin(std::chrono::milliseconds deadline) {
  if (deadline > std::chrono::milliseconds::zero()) {
    deadline_timer_.expires_after(deadline);
    deadline_timer_.async_wait([self = shared_from_this(), deadline](asio::error_code error) {
      if (error || self->finished_) return;
      if (!self->heard_) self->tell_plain_client();
      self->finish(nullptr, "no TLS handshake within " + format_duration(deadline));
    });
  }
  // Waited for, not read: the handshake reads the byte itself.
  session_->next_layer().async_wait(asio::ip::tcp::socket::wait_read, [self = shared_from_this()](asio::error_code error) {
    if (self->finished_) return;
    if (error) {
      self->finish(nullptr, "TLS handshake failed: " + handshake_error_text(error));
      return;
    }
    self->look_at_first_byte();
  });
}

void tls_handshake::look_at_first_byte() {
  unsigned char first = 0;
  asio::error_code peek_error;
  const std::size_t size =
      session_->next_layer().receive(asio::buffer(&first, 1), asio::socket_base::message_peek, peek_error);
  if (peek_error || size == 0) {
    finish(nullptr, "hung up before a TLS handshake");
    return;
  }
  heard_ = true;
  if (first != handshake_record) {
    tell_plain_client();
    finish(nullptr, "not TLS (a plain TCP client?)");
    return;
  }
  session_->async_handshake(asio::ssl::stream_base::server, [self = shared_from_this()](asio::error_code error) {
    if (self->finished_) return;
    if (error) {
      self->finish(nullptr, "TLS handshake failed: " + handshake_error_text(error));
      return;
    }
    self->finish(std::make_shared<tls_stream>(std::move(self->session_)), {});
  });
}

void tls_handshake::tell_plain_client() {
  // Best effort, and never waited for: the line fits in any fresh socket's buffer.
  asio::ip::tcp::socket& socket = session_->next_layer();
  asio::error_code ignored;
  socket.non_blocking(true, ignored);
  // What it sent is read first: closing with input unread would reset the connection (tcp(7)),
  // and its system could drop the line before the client reads it.
  std::array<char, 4096> sent{};
  socket.read_some(asio::buffer(sent), ignored);
  socket.write_some(asio::buffer(plain_client_notice), ignored);
  socket.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
}

void tls_handshake::finish(std::shared_ptr<tls_stream> session, std::string_view why) {
  if (finished_) return;
  finished_ = true;
  deadline_timer_.cancel();
  if (!session) {
    // Ends the handshake still under way, if any (its handler finds it finished).
    asio::error_code ignored;
    session_->next_layer().close(ignored);
  }
  std::exchange(done_, nullptr)(std::move(session), why);
}

void tls_handshake::cancel() {
  if (finished_) return;
  finished_ = true;
  done_ = nullptr;
  deadline_timer_.cancel();
  asio::error_code ignored;
  session_->next_layer().close(ignored);
}

}  // namespace udpchat
