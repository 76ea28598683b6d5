// SPDX-License-Identifier: GPL-3.0-or-later
#include "view_watch.hpp"

#include <asio/post.hpp>

namespace udpchat::web {

namespace {

// Those gone stay listed (greyed on the page) this long, at most this many.
constexpr std::chrono::seconds gone_kept_for{60};
constexpr std::size_t gone_kept = 32;

}  // namespace

std::int64_t epoch_ms(std::chrono::system_clock::time_point when) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(when.time_since_epoch()).count();
}

view_watch::view_watch(asio::io_context& io, view_feed& feed, member_lister list_members)
    : io_{io},
      feed_{feed},
      list_members_{std::move(list_members)},
      second_started_{std::chrono::system_clock::now()},
      second_timer_{io} {
  schedule_second();
}

datagram_event& view_watch::stage(const capture_endpoint& peer, const capture_endpoint& local,
                                  std::string_view bytes, std::string_view name) {
  if (!flush_posted_) {
    // Runs after the handler that is handling this wake-up's traffic.
    flush_posted_ = true;
    asio::post(io_, [this] { flush(); });
  }
  return staged_.stage(next_seq_++, peer, local, bytes, name);
}

datagram_event& view_watch::received(const capture_endpoint& peer, const capture_endpoint& local,
                                     std::string_view bytes, std::string_view name, bool message) {
  // Handed over only here, before the next event is received, so that judged() still finds
  // the last one staged.
  if (staged_.full()) flush();
  datagram_event& event = stage(peer, local, bytes, name);
  ++in_this_second_;
  if (message) ++messages_this_second_;
  last_received_ = staged_.size();
  last_was_message_ = message;
  return event;
}

void view_watch::judged(std::uint64_t seq, const char* verdict) {
  if (last_received_ == 0) return;
  datagram_event& event = staged_.at(last_received_ - 1);
  if (event.seq != seq) return;
  event.verdict = verdict;
  // A message turned away does not fan out; the count is of this second unless it just turned.
  if (last_was_message_ && messages_this_second_ > 0) --messages_this_second_;
  last_was_message_ = false;
}

datagram_event& view_watch::sent(const capture_endpoint& peer, const capture_endpoint& local,
                                 std::string_view bytes, std::string_view name, bool counted) {
  datagram_event& event = stage(peer, local, bytes, name);
  event.outbound = true;
  if (counted) ++out_this_second_;
  return event;
}

void view_watch::gone(gone_row row) {
  gone_.push_front(std::move(row));
  if (gone_.size() > gone_kept) gone_.pop_back();
}

void view_watch::closing() {
  closed_ = true;
  second_timer_.cancel();
}

void view_watch::flush() {
  flush_posted_ = false;
  last_received_ = 0;
  if (staged_.empty()) return;
  feed_.publish_events(staged_.take());
}

void view_watch::schedule_second() {
  second_timer_.expires_after(std::chrono::seconds{1});
  second_timer_.async_wait([this](asio::error_code error) {
    if (error || closed_) return;
    publish_second();
    schedule_second();
  });
}

void view_watch::publish_second() {
  const auto now = std::chrono::system_clock::now();
  auto snapshot = std::make_shared<members_snapshot>();
  snapshot->now_ms = epoch_ms(now);
  const std::size_t members = list_members_(*snapshot);
  while (!gone_.empty() &&
         now - std::chrono::system_clock::time_point{std::chrono::milliseconds{gone_.back().gone_ms}} > gone_kept_for) {
    gone_.pop_back();
  }
  snapshot->gone.assign(gone_.begin(), gone_.end());
  const rate_second rates{epoch_ms(second_started_), in_this_second_, out_this_second_, messages_this_second_,
                          members};
  in_this_second_ = out_this_second_ = messages_this_second_ = 0;
  second_started_ = now;
  feed_.publish_second(std::move(snapshot), rates);
}

}  // namespace udpchat::web
