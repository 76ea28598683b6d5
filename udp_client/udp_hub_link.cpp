// SPDX-License-Identifier: GPL-3.0-or-later
#include "udp_hub_link.hpp"

#include <asio/buffer.hpp>
#include <asio/post.hpp>
#include <algorithm>

#include "endpoint_text.hpp"
#include "hub_news.hpp"
#include "port_unreachable.hpp"
#include "traffic_trace.hpp"
#include "udpchat/datagram_codec.hpp"
#include "udpchat/member_command.hpp"
#include "udpchat/member_name.hpp"

namespace udpchat {
namespace {

using asio::ip::udp;

// Well inside the hub's default unheard limit (512), so a few lost acks change nothing.
constexpr std::size_t ack_every = 32;
constexpr std::chrono::seconds rejoin_interval{1};
// How long an address may stay silent before the next is asked (a udpchat hub welcomes within
// a round trip).
constexpr std::chrono::seconds answer_wait{1};
// A line is probed for when nothing came from the hub this long after it was sent, and taken
// as delivered when the probe (or, for a hub that says nothing, the line itself) then goes
// this long unrefused: a refusal comes back within a round trip.
constexpr std::chrono::milliseconds probe_after{200};
constexpr std::chrono::milliseconds refusal_wait{300};
// At the end, the time left for the hub's notices about the last lines (a "slow down").
constexpr std::chrono::milliseconds notice_wait{200};
// Input pauses while this many lines wait to be sent, and goes on below the second figure:
// the queue, and the time the end of input waits for it, stay bounded.
constexpr std::size_t pause_input_lines = 100;
constexpr std::size_t resume_input_lines = 20;

// The pace kept: a little under what the hub allows, so that datagrams bunched up on the way
// (up to a tenth of the burst) still find the hub's bucket with room.
send_rate_limit own_pace(rate_limit hub) {
  const std::uint32_t per_second = std::max<std::uint32_t>(1, hub.per_second - hub.per_second / 20);
  const std::uint32_t burst = std::max<std::uint32_t>(1, hub.burst - hub.burst / 10);
  return send_rate_limit{per_second, burst};
}

}  // namespace

udp_hub_link::udp_hub_link(asio::io_context& io, const std::vector<udp::endpoint>& hub,
                           std::chrono::milliseconds keepalive_interval, std::string name,
                           traffic_trace* trace)
    : io_{io},
      candidates_{hub},
      socket_{io},
      name_{std::move(name)},
      trace_{trace},
      keepalive_{io, keepalive_interval, [this] { send_now({}); }},
      rejoin_timer_{io},
      pace_timer_{io},
      confirm_timer_{io},
      finish_timer_{io} {
  open(0);
}

void udp_hub_link::open(std::size_t candidate) {
  asio::error_code ignored;
  if (socket_.is_open()) socket_.close(ignored);  // its pending receive ends as aborted
  candidate_ = candidate;
  const udp::endpoint& hub = candidates_[candidate];
  socket_.open(hub.protocol());
  socket_.connect(hub);
  hub_address_ = endpoint_text(hub);
  if (trace_ != nullptr) trace_local_ = local_address();
}

void udp_hub_link::renew_socket() {
  ++renewals_;
  asio::error_code error;
  const udp::endpoint local = socket_.local_endpoint(error);
  socket_.close(error);
  socket_.open(local.protocol(), error);
  if (!error) socket_.bind(local, error);
  if (error) {
    socket_.close(error);
    socket_.open(local.protocol(), error);
  }
  socket_.connect(candidates_[candidate_], error);
  if (trace_ != nullptr) trace_local_ = local_address();
}

void udp_hub_link::start(handlers callbacks) {
  handlers_ = std::move(callbacks);
  do_receive();
  ask(0);
}

void udp_hub_link::ask(std::size_t candidate) {
  if (candidate != candidate_) {
    open(candidate);
    do_receive();
  }
  // Armed before the join goes: a refusal reported by the send itself cancels it.
  rejoin_timer_.expires_after(answer_wait);
  rejoin_timer_.async_wait([this](asio::error_code error) {
    if (!error) try_next_address(false);
  });
  send_now({});
}

void udp_hub_link::try_next_address(bool refused_here) {
  if (phase_ != phase::finding || left_) return;
  if (!refused_here && !first_silent_) first_silent_ = candidate_;
  if (candidate_ + 1 < candidates_.size()) {
    ask(candidate_ + 1);
    return;
  }
  if (!first_silent_) {
    // Every address refused: nobody is listening yet. Asked again, in turn, every second.
    if (!refused_this_round_) {
      refused_this_round_ = true;
      handlers_.on_notice("*** no hub is answering at " + hub_address_);
    }
    rejoin_timer_.expires_after(rejoin_interval);
    rejoin_timer_.async_wait([this](asio::error_code error) {
      if (!error && phase_ == phase::finding && !left_) ask(0);
    });
    return;
  }
  // A hub that answers nothing (the original Python hub): the first address that was not
  // refused. A member on an address left behind is never told; such a hub forgets nobody anyway.
  if (*first_silent_ != candidate_) {
    open(*first_silent_);
    do_receive();
    send_now({});
  }
  settle();
}

void udp_hub_link::settle() {
  rejoin_timer_.cancel();
  phase_ = phase::live;
  if (candidate_ != 0 || refused_this_round_) {
    handlers_.on_notice("*** chatting through " + hub_address_ + " as " + local_address());
  }
  pump();
}

void udp_hub_link::send(std::string_view message) {
  remember_name(message);
  // Said once, whether the hub went away or none has answered yet: the person must know the
  // line waits rather than went.
  const bool nobody_answers = phase_ == phase::away || (phase_ == phase::finding && refused_this_round_);
  if (nobody_answers && !told_held_) {
    told_held_ = true;
    handlers_.on_notice("*** the hub at " + hub_address_ + " is away; what you type is sent when it is back");
  }
  queue_.push_back({std::string{message}, true});
  queued_bytes_ += message.size();
  pump();
}

void udp_hub_link::remember_name(std::string_view message) {
  const auto command = parse_member_command(message);
  if (command && command->kind == member_command_kind::nick && is_valid_name(command->argument)) {
    name_ = command->argument;
  }
}

bool udp_hub_link::send_now(std::string_view message) {
  if (!socket_.is_open()) return false;
  asio::error_code error;
  socket_.send(asio::buffer(message.data(), message.size()), 0, error);
  // An ICMP "port unreachable" for an earlier datagram comes back on the next send as well as
  // on the next receive, and whichever comes first takes it: this datagram did not go.
  if (is_port_unreachable(error)) {
    refused_on_socket();
    return false;
  }
  if (trace_ != nullptr && !error) trace_->record(traffic_direction::sent, trace_local_, hub_address_, message);
  received_since_sent_ = 0;
  keepalive_.note_sent();
  return true;
}

void udp_hub_link::pump() {
  while (phase_ == phase::live && !queue_.empty()) {
    const auto now = send_rate_limit::clock::now();
    if (rate_ && !rate_->would_allow(rate_full_at_, now)) {
      pace_timer_.expires_at(rate_->ready_at(rate_full_at_));
      pace_timer_.async_wait([this](asio::error_code error) {
        if (!error) pump();
      });
      break;
    }
    if (!send_now(queue_.front().text)) break;  // refused: the hub is away now
    if (rate_) rate_->allow(rate_full_at_, now);
    queued_line line = std::move(queue_.front());
    queue_.pop_front();
    queued_bytes_ -= line.text.size();
    if (line.typed) {
      unconfirmed_.push_back({++sent_lines_, std::move(line.text)});
      arm_confirmation();
    }
    made_progress();
  }
  if (handlers_.on_sent && input_may_resume()) handlers_.on_sent();
  check_finished();
}

bool udp_hub_link::input_should_pause() const { return queue_.size() > pause_input_lines; }
bool udp_hub_link::input_may_resume() const { return queue_.size() < resume_input_lines; }

void udp_hub_link::arm_confirmation() {
  if (confirm_stage_ != confirm_stage::idle) return;
  confirm_stage_ = confirm_stage::probing;
  confirm_timer_.expires_after(probe_after);
  confirm_timer_.async_wait([this](asio::error_code error) {
    if (error || confirm_stage_ != confirm_stage::probing) return;
    if (unconfirmed_.empty()) {
      confirm_stage_ = confirm_stage::idle;
      return;
    }
    probe_covers_ = unconfirmed_.back().number;
    // A udpchat hub takes an empty datagram from a member as a keepalive and says nothing;
    // another hub might relay it, so it is only asked of a udpchat hub.
    if (hub_is_udpchat_ && !send_now({})) return;
    confirm_stage_ = confirm_stage::confirming;
    confirm_timer_.expires_after(refusal_wait);
    confirm_timer_.async_wait([this](asio::error_code again) {
      if (again || confirm_stage_ != confirm_stage::confirming) return;
      confirm_stage_ = confirm_stage::idle;
      while (!unconfirmed_.empty() && unconfirmed_.front().number <= probe_covers_) unconfirmed_.pop_front();
      made_progress();
      if (!unconfirmed_.empty()) arm_confirmation();
      check_finished();
    });
  });
}

void udp_hub_link::confirm_all() {
  if (unconfirmed_.empty()) return;
  unconfirmed_.clear();
  made_progress();
}

void udp_hub_link::requeue_unconfirmed() {
  confirm_stage_ = confirm_stage::idle;
  if (unconfirmed_.empty()) return;
  handlers_.on_notice("*** " + std::to_string(unconfirmed_.size()) +
                      (unconfirmed_.size() == 1 ? " line" : " lines") +
                      " not yet confirmed by the hub will be sent again when it is back");
  for (auto line = unconfirmed_.rbegin(); line != unconfirmed_.rend(); ++line) {
    queued_bytes_ += line->text.size();
    queue_.push_front({std::move(line->text), true});
  }
  unconfirmed_.clear();
}

void udp_hub_link::leave() {
  left_ = true;
  send_now(quit_command);
  keepalive_.stop();
  rejoin_timer_.cancel();
  pace_timer_.cancel();
  confirm_timer_.cancel();
  finish_timer_.cancel();
  asio::error_code ignored;
  socket_.close(ignored);
}

std::string udp_hub_link::local_address() const {
  asio::error_code ignored;
  return endpoint_text(socket_.local_endpoint(ignored));
}

std::size_t udp_hub_link::max_message_bytes() const { return max_udp_payload; }

void udp_hub_link::do_receive() {
  socket_.async_receive(asio::buffer(receive_buffer_), [this, renewals = renewals_](asio::error_code error,
                                                                                 std::size_t size) {
    if (error == asio::error::operation_aborted || !socket_.is_open()) return;
    if (is_port_unreachable(error)) {
      refused_on_socket();
    } else if (!error) {
      const std::string_view datagram{receive_buffer_.data(), size};
      if (trace_ != nullptr) trace_->record(traffic_direction::received, hub_address_, trace_local_, datagram);
      receive(datagram);
    }
    // Re-armed on this socket even if the link is about to move to another: closing it then
    // ends this receive as aborted. A renewed socket was given its receive when renewed.
    if (socket_.is_open() && renewals == renewals_) do_receive();
  });
}

void udp_hub_link::refused_on_socket() {
  if (!receive_survives_port_unreachable()) {
    renew_socket();
    do_receive();
  }
  refused();
}

void udp_hub_link::refused() {
  refused_since_probe_ = true;
  if (phase_ == phase::finding) {
    // Nobody listens at this address: the next is asked at once (not from inside a send or
    // a receive handler, which the move to another socket would pull the socket from under).
    rejoin_timer_.cancel();
    asio::post(io_, [this] { try_next_address(true); });
    return;
  }
  // Said once, until the hub is heard from again.
  if (phase_ == phase::live) handlers_.on_notice("*** no hub is answering at " + hub_address_);
  requeue_unconfirmed();
  hub_went_away();
}

void udp_hub_link::show_refusal(std::string_view datagram) {
  if (datagram == last_refusal_) return;
  last_refusal_ = datagram;
  handlers_.on_message(datagram);
  handlers_.on_notice("*** the hub at " + hub_address_ + " did not let this terminal in; asking again every second");
}

void udp_hub_link::receive(std::string_view datagram) {
  const hub_news news = read_hub_news(datagram);
  if (phase_ == phase::finding) {
    if (news.welcome) {
      welcomed(news);
      settle();
    } else if (news.error) {
      // A udpchat hub that turned this terminal away (it is full, say): the right address, and
      // what is typed waits for its welcome.
      hub_is_udpchat_ = true;
      show_refusal(datagram);
      rejoin_timer_.cancel();
      phase_ = phase::live;
      hub_went_away();
      return;
    } else {
      // A hub that relays without a welcome (the original Python hub) is there too.
      if (news.from_hub) hub_is_udpchat_ = true;
      settle();
    }
    if (!news.error) handlers_.on_message(datagram);
    return;
  }
  if (phase_ == phase::away) {
    // Only a welcome, or news only a member is sent, means this terminal is a member again: a
    // refusal from a hub restarted full or rate-limited is not "back".
    if (news.error) {
      show_refusal(datagram);
      return;
    }
    if (!news.closing && (news.welcome || is_member_news(datagram) || !hub_is_udpchat_ || news.from_hub)) {
      if (news.welcome) welcomed(news);
      handlers_.on_message(datagram);
      hub_is_back();
      return;
    }
    handlers_.on_message(datagram);
    return;
  }
  if (news.welcome) {
    welcomed(news);  // a hub that restarted between two of our datagrams
    pump();
  }
  // A hub that welcomed this terminal once is back when it speaks again (its welcome, after a
  // restart): silence could be a lost route as well as a hub that is up.
  if (news.from_hub && !hub_is_udpchat_) {
    hub_is_udpchat_ = true;  // its welcome was lost, but this came from a udpchat hub
    keepalive_.start();
  }
  if (news.over_rate) over_rate_ = true;
  if (news.not_relayed) ++not_relayed_;
  handlers_.on_message(datagram);
  if (news.closing) {
    // Lines the hub may have had in its socket when it closed: sent again, not lost.
    requeue_unconfirmed();
    hub_went_away();
    return;
  }
  confirm_all();
  if (hub_is_udpchat_ && (news.paused || ++received_since_sent_ >= ack_every)) send_now({});
  check_finished();
}

void udp_hub_link::welcomed(const hub_news& news) {
  hub_is_udpchat_ = true;
  last_refusal_.clear();
  if (news.idle_timeout) keepalive_.at_most(*news.idle_timeout / 3);
  keepalive_.start();
  // The hub counts every member from a full bucket: so does this end.
  rate_.reset();
  if (news.rate) rate_ = own_pace(*news.rate);
  rate_full_at_ = send_rate_limit::clock::now();
  // A hub that restarted has forgotten the name: it is asked for with every welcome, before
  // anything that waits.
  if (!name_.empty()) {
    const std::string nick = std::string{nick_command} + " " + name_;
    queued_bytes_ += nick.size();
    queue_.push_front({nick, false});
  }
}

void udp_hub_link::hub_went_away() {
  if (phase_ == phase::away) return;
  phase_ = phase::away;
  told_held_ = false;
  probed_ = false;
  pace_timer_.cancel();
  schedule_rejoin();
}

void udp_hub_link::hub_is_back() {
  if (phase_ != phase::away) return;
  phase_ = phase::live;
  rejoin_timer_.cancel();
  last_refusal_.clear();
  pump();
}

void udp_hub_link::schedule_rejoin() {
  rejoin_timer_.expires_after(rejoin_interval);
  rejoin_timer_.async_wait([this](asio::error_code error) {
    if (error || phase_ != phase::away || !socket_.is_open()) return;
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

void udp_hub_link::finish_sending(std::function<void()> done) {
  finished_ = std::move(done);
  made_progress();
  check_finished();
}

void udp_hub_link::made_progress() {
  if (!finished_ || waiting_for_notices_) return;
  finish_timer_.expires_after(give_up_after);
  finish_timer_.async_wait([this](asio::error_code error) {
    if (error || !finished_) return;
    auto done = std::move(finished_);
    finished_ = nullptr;
    done();
  });
}

void udp_hub_link::check_finished() {
  if (!finished_ || waiting_for_notices_ || !queue_.empty() || !unconfirmed_.empty()) return;
  if (phase_ != phase::live) {
    // Nothing waits, and a hub that is not there sends no notices: nothing to wait for.
    auto done = std::move(finished_);
    finished_ = nullptr;
    asio::post(io_, std::move(done));
    return;
  }
  waiting_for_notices_ = true;
  // Everything is delivered: a moment more for a notice about the last lines.
  finish_timer_.expires_after(notice_wait);
  finish_timer_.async_wait([this](asio::error_code error) {
    if (error || !finished_) return;
    auto done = std::move(finished_);
    finished_ = nullptr;
    done();
  });
}

chat_link::undelivered udp_hub_link::what_was_lost() const {
  undelivered lost;
  for (const auto& line : unconfirmed_) lost.lines.push_back(line.text);
  for (const auto& line : queue_) {
    if (line.typed) lost.lines.push_back(line.text);
  }
  lost.dropped_by_server = not_relayed_;
  lost.server_dropped_some = over_rate_;
  return lost;
}

}  // namespace udpchat
