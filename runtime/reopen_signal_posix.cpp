// SPDX-License-Identifier: GPL-3.0-or-later
#include "reopen_signal.hpp"

#include <asio/signal_set.hpp>
#include <csignal>

namespace udpchat {

struct reopen_signal::waiter {
  waiter(asio::io_context& io, std::function<void()> on_signal) : signals{io, SIGHUP}, reopen{std::move(on_signal)} {}

  asio::signal_set signals;
  std::function<void()> reopen;

  void wait() {
    signals.async_wait([this](asio::error_code error, int) {
      if (error) return;  // cancelled
      reopen();
      wait();
    });
  }
};

reopen_signal::reopen_signal(asio::io_context& io, std::function<void()> reopen)
    : waiter_{std::make_unique<waiter>(io, std::move(reopen))} {
  waiter_->wait();
}

reopen_signal::~reopen_signal() = default;

void reopen_signal::cancel() {
  asio::error_code ignored;
  waiter_->signals.cancel(ignored);
}

bool reopen_signal::exists() { return true; }

}  // namespace udpchat
