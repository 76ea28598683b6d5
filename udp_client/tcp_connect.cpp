// SPDX-License-Identifier: GPL-3.0-or-later
#include "tcp_connect.hpp"

#include <asio/steady_timer.hpp>
#include <memory>
#include <optional>
#include <system_error>

namespace udpchat {

using asio::ip::tcp;

namespace {

// The attempts of one connect_first call; it lives on that call's stack and every handler has
// run (cancelled, if need be) before it returns.
struct attempts {
  attempts(asio::io_context& io, const std::vector<tcp::endpoint>& server_endpoints)
      : server{server_endpoints}, stagger{io} {
    sockets.reserve(server.size());
    for (std::size_t i = 0; i < server.size(); ++i) sockets.emplace_back(io);
  }

  void start_next() {
    if (winner || next == server.size()) return;
    const std::size_t i = next++;
    ++pending;
    sockets[i].async_connect(server[i], [this, i](asio::error_code error) {
      --pending;
      if (winner) return;
      if (!error) {
        winner = i;
        stagger.cancel();
        for (std::size_t other = 0; other < sockets.size(); ++other) {
          asio::error_code ignored;
          if (other != i) sockets[other].close(ignored);
        }
        return;
      }
      last_error = error;
      // A refusal need not wait out the delay: the next address is tried at once.
      start_next();
      arm_stagger();
    });
    arm_stagger();
  }

  void arm_stagger() {
    if (next == server.size()) {
      stagger.cancel();
      return;
    }
    stagger.expires_after(connection_attempt_delay);
    stagger.async_wait([this](asio::error_code error) {
      if (!error) start_next();
    });
  }

  bool finished() const { return winner.has_value() || (next == server.size() && pending == 0); }

  const std::vector<tcp::endpoint>& server;
  std::vector<tcp::socket> sockets;
  asio::steady_timer stagger;
  std::size_t next = 0;
  std::size_t pending = 0;
  std::optional<std::size_t> winner;
  asio::error_code last_error = asio::error::host_not_found;
};

}  // namespace

tcp::socket connect_first(asio::io_context& io, const std::vector<tcp::endpoint>& server,
                          std::chrono::milliseconds timeout) {
  attempts trying{io, server};
  trying.start_next();
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!trying.finished() && std::chrono::steady_clock::now() < deadline) {
    io.run_one_until(deadline);
  }
  const bool timed_out = !trying.finished();
  // Lets every cancelled handler finish while `trying` is still alive.
  trying.stagger.cancel();
  for (std::size_t i = 0; i < trying.sockets.size(); ++i) {
    asio::error_code ignored;
    if (!trying.winner || *trying.winner != i) trying.sockets[i].close(ignored);
  }
  io.restart();
  while (trying.pending > 0) {
    if (io.run_one() == 0) io.restart();
  }
  io.restart();
  io.poll();
  io.restart();
  if (trying.winner) return std::move(trying.sockets[*trying.winner]);
  throw std::system_error{timed_out ? asio::error_code{asio::error::timed_out} : trying.last_error};
}

}  // namespace udpchat
