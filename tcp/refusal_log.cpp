#include "refusal_log.hpp"

#include <chrono>

namespace udpchat {
namespace {

constexpr std::chrono::seconds quiet_time{1};

}  // namespace

refusal_log::refusal_log(asio::io_context& io, log_sink log) : timer_{io}, log_{std::move(log)} {}

void refusal_log::refused(std::string_view address, std::string_view reason) {
  if (closed_) return;
  if (waiting_) {
    ++unlogged_;
    reason_ = reason;
    return;
  }
  log_("refused " + std::string{address} + ": " + std::string{reason});
  wait();
}

void refusal_log::wait() {
  waiting_ = true;
  timer_.expires_after(quiet_time);
  timer_.async_wait([this](asio::error_code error) {
    if (error || closed_) return;
    waiting_ = false;
    if (unlogged_ == 0) return;
    log_count();
    wait();
  });
}

void refusal_log::log_count() {
  log_("refused " + counted(unlogged_, "more connection") + ": " + reason_);
  unlogged_ = 0;
}

void refusal_log::close() {
  if (closed_) return;
  closed_ = true;
  timer_.cancel();
  if (unlogged_ > 0) log_count();
}

}  // namespace udpchat
