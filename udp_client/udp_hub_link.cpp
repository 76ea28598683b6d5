// SPDX-License-Identifier: GPL-3.0-or-later
#include "udp_hub_link.hpp"

#include <asio/buffer.hpp>

#include "endpoint_text.hpp"
#include "hub_news.hpp"
#include "traffic_trace.hpp"
#include "udpchat/datagram_codec.hpp"
#include "udpchat/member_command.hpp"
#include "udpchat/member_name.hpp"

namespace udpchat {
namespace {

// Well inside the hub's default unheard limit (512), so a few lost acks change nothing.
constexpr std::size_t ack_every = 32;
constexpr std::chrono::seconds rejoin_interval{1};
// Lines typed while the hub is away; beyond this the oldest are dropped. They all go at once
// when it is back, so they must fit the burst a hub allows one member (60 by default).
constexpr std::size_t max_held_lines = 50;

}  // namespace

udp_hub_link::udp_hub_link(asio::io_context& io, const asio::ip::udp::endpoint& hub,
                           std::chrono::milliseconds keepalive_interval, std::string name,
                           traffic_trace* trace)
    : socket_{io},
      hub_address_{endpoint_text(hub)},
      name_{std::move(name)},
      trace_{trace},
      keepalive_{io, keepalive_interval, [this] { send_now({}); }},
      rejoin_timer_{io} {
  socket_.connect(hub);
  if (trace_ != nullptr) trace_local_ = local_address();
}

void udp_hub_link::start(handlers callbacks) {
  handlers_ = std::move(callbacks);
  do_receive();
  send_now({});
}

void udp_hub_link::send(std::string_view message) {
  remember_name(message);
  if (!hub_away_) {
    send_now(message);
    return;
  }
  if (held_.empty()) {
    handlers_.on_notice("*** the hub at " + hub_address_ + " is away; what you type is sent when it is back");
  }
  if (held_.size() == max_held_lines) held_.pop_front();
  held_.emplace_back(message);
}

void udp_hub_link::remember_name(std::string_view message) {
  const auto command = parse_member_command(message);
  if (command && command->kind == member_command_kind::nick && is_valid_name(command->argument)) {
    name_ = command->argument;
  }
}

void udp_hub_link::send_now(std::string_view message) {
  // A datagram either leaves whole or not at all; a lost one is UDP's to lose, and a hub that is
  // not there is reported by the receive side.
  asio::error_code error;
  socket_.send(asio::buffer(message.data(), message.size()), 0, error);
  if (trace_ != nullptr && !error) trace_->record(traffic_direction::sent, trace_local_, hub_address_, message);
  received_since_sent_ = 0;
  keepalive_.note_sent();
}

void udp_hub_link::leave() {
  send_now(quit_command);
  keepalive_.stop();
  rejoin_timer_.cancel();
  asio::error_code ignored;
  socket_.close(ignored);
}

std::string udp_hub_link::local_address() const {
  asio::error_code ignored;
  return endpoint_text(socket_.local_endpoint(ignored));
}

std::size_t udp_hub_link::max_message_bytes() const { return max_udp_payload; }

void udp_hub_link::do_receive() {
  socket_.async_receive(asio::buffer(receive_buffer_), [this](asio::error_code error,
                                                              std::size_t size) {
    if (error == asio::error::operation_aborted || !socket_.is_open()) return;
    if (error == asio::error::connection_refused) {
      refused_since_probe_ = true;
      // Said once, until the hub is heard from again.
      if (!hub_away_) handlers_.on_notice("*** no hub is answering at " + hub_address_);
      hub_went_away();
    } else if (!error) {
      const std::string_view datagram{receive_buffer_.data(), size};
      if (trace_ != nullptr) trace_->record(traffic_direction::received, hub_address_, trace_local_, datagram);
      receive(datagram);
    }
    do_receive();
  });
}

void udp_hub_link::receive(std::string_view datagram) {
  const hub_news news = read_hub_news(datagram);
  if (news.welcome) {
    hub_is_udpchat_ = true;
    if (news.idle_timeout) keepalive_.at_most(*news.idle_timeout / 3);
    keepalive_.start();
    // A hub that restarted has forgotten the name: it is asked for with every welcome.
    if (!name_.empty()) send_now(std::string{nick_command} + " " + name_);
  }
  // A hub that welcomed this terminal once is back when it speaks again (its welcome, after a
  // restart): silence could be a lost route as well as a hub that is up.
  if (news.from_hub && !hub_is_udpchat_) {
    hub_is_udpchat_ = true;  // its welcome was lost, but this came from a udpchat hub
    keepalive_.start();
  }
  if (!news.closing) hub_is_back();
  handlers_.on_message(datagram);
  if (news.closing) {
    hub_went_away();
  } else if (hub_is_udpchat_ && (news.paused || ++received_since_sent_ >= ack_every)) {
    send_now({});
  }
}

void udp_hub_link::hub_went_away() {
  if (hub_away_) return;
  hub_away_ = true;
  probed_ = false;
  schedule_rejoin();
}

void udp_hub_link::hub_is_back() {
  if (!hub_away_) return;
  hub_away_ = false;
  rejoin_timer_.cancel();
  // What was held goes now; the hub counts each line against this member's rate as usual.
  while (!held_.empty()) {
    send_now(held_.front());
    held_.pop_front();
  }
}

void udp_hub_link::schedule_rejoin() {
  rejoin_timer_.expires_after(rejoin_interval);
  rejoin_timer_.async_wait([this](asio::error_code error) {
    if (error || !hub_away_ || !socket_.is_open()) return;
    // A hub that answers nothing (the original Python hub) is back once a join goes
    // unrefused for a whole interval; a udpchat hub is back only when it says welcome.
    if (probed_ && !refused_since_probe_ && !hub_is_udpchat_) {
      hub_is_back();
      return;
    }
    refused_since_probe_ = false;
    probed_ = true;
    send_now({});
    schedule_rejoin();
  });
}

}  // namespace udpchat
