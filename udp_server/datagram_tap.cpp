// SPDX-License-Identifier: GPL-3.0-or-later
#include "datagram_tap.hpp"

#include <algorithm>
#include <utility>

#include "capture_ends.hpp"
#include "endpoint_text.hpp"

namespace udpchat {

using asio::ip::udp;

namespace {

constexpr std::chrono::seconds flush_interval{1};

}  // namespace

datagram_tap::datagram_tap(asio::io_context& io, log_sink log, std::unique_ptr<traffic_trace> trace,
                           std::unique_ptr<pcap_file> capture)
    : log_{std::move(log)}, trace_{std::move(trace)}, capture_{std::move(capture)}, flush_timer_{io} {}

void datagram_tap::attach(udp::socket& socket, send_batch& outgoing) {
  bound_ = socket.local_endpoint();
  outgoing.observe_sent([this](std::string_view datagram, const udp::endpoint& to, const asio::ip::address& from) {
    sent(datagram, to, from);
  });
}

void datagram_tap::received(const receive_batch& batch, std::size_t count) {
  const auto now = std::chrono::system_clock::now();
  for (std::size_t i = 0; i < count; ++i) {
    record(traffic_direction::received, batch.sender(i), local_end(batch.destination(i)), batch.datagram(i), now);
  }
}

void datagram_tap::sent(std::string_view datagram, const udp::endpoint& to, const asio::ip::address& from) {
  record(traffic_direction::sent, to, local_end(from), datagram, std::chrono::system_clock::now());
}

void datagram_tap::dropped(std::string_view datagram, const udp::endpoint& to, const asio::ip::address& from,
                           std::string_view why) {
  if (!trace_) return;
  const auto [peer_end, local] = in_one_family(to, local_end(from));
  trace_->record_dropped(endpoint_text(local), endpoint_text(peer_end), datagram.size(), why);
}

void datagram_tap::record_other(traffic_direction direction, const udp::endpoint& peer, const udp::endpoint& local,
                                std::string_view datagram) {
  record(direction, peer, local, datagram, std::chrono::system_clock::now());
}

udp::endpoint datagram_tap::local_end(const asio::ip::address& reported) const {
  udp::endpoint local = bound_;
  if (!reported.is_unspecified()) local.address(reported);
  return local;
}

void datagram_tap::record(traffic_direction direction, const udp::endpoint& peer, const udp::endpoint& local,
                          std::string_view datagram, std::chrono::system_clock::time_point when) {
  const auto [peer_end, local_end] = in_one_family(peer, local);
  const bool received = direction == traffic_direction::received;
  const udp::endpoint& from = received ? peer_end : local_end;
  const udp::endpoint& to = received ? local_end : peer_end;
  if (trace_) trace_->record(direction, endpoint_text(from), endpoint_text(to), datagram);
  if (capture_) {
    capture_->add(std::chrono::duration_cast<std::chrono::microseconds>(when.time_since_epoch()),
                  capture_end(from), capture_end(to), datagram);
    schedule_flush();
  }
}

void datagram_tap::schedule_flush() {
  if (flush_scheduled_) return;
  flush_scheduled_ = true;
  flush_timer_.expires_after(flush_interval);
  flush_timer_.async_wait([this](asio::error_code error) {
    if (error) return;
    flush_scheduled_ = false;
    flush_capture();
  });
}

void datagram_tap::flush_capture() {
  if (!capture_ || capture_->flush()) return;
  log_("cannot write the capture: " + capture_->error().message() + "; capturing stops here");
  capture_.reset();
}

void datagram_tap::close() {
  flush_timer_.cancel();
  flush_capture();
  capture_.reset();
  if (trace_) trace_->finish();
}

}  // namespace udpchat
