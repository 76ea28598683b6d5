// SPDX-License-Identifier: GPL-3.0-or-later
#include "event_stream.hpp"

#include <algorithm>
#include <cstring>

#include "view_json.hpp"

namespace udpchat::web {

namespace {

std::int64_t epoch_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

long event_stream::read(char* out, std::size_t room) {
  while (sent_ == pending_.size()) {
    pending_.clear();
    sent_ = 0;
    if (!produce()) return -1;
  }
  const std::size_t count = std::min(room, pending_.size() - sent_);
  std::memcpy(out, pending_.data() + sent_, count);
  sent_ += count;
  return static_cast<long>(count);
}

void event_stream::add_event(const char* name, const std::string& json) {
  pending_.append("event: ").append(name).append("\ndata: ").append(json).append("\n\n");
}

bool event_stream::produce() {
  const auto now = std::chrono::steady_clock::now();
  const auto events_from = catching_up_ ? now : std::max(now, next_batch_at_);
  const view_feed::view news =
      feed_.wait_and_read(cursor_, events_from, now + quiet_at_most, batch_events, !catching_up_);
  if (news.stopping) return false;
  if (!cursor_.started) {
    add_event("hello", hello_json(feed_, viewers_max_, news.conditions.value_or(view_conditions{}), epoch_ms()));
  } else if (news.conditions) {
    add_event("conditions", conditions_json(*news.conditions));
  }
  if (!news.rates.empty() || !cursor_.started) add_event("rates", rates_json(news.rates));
  if (news.members) {
    add_event("members", members_json(*news.members));
  } else if (!cursor_.started) {
    members_snapshot none;
    none.now_ms = epoch_ms();
    add_event("members", members_json(none));
  }
  std::size_t taken = 0;
  for (const auto& slice : news.events) taken += slice.end - slice.begin;
  if (news.missed > 0) add_event("missed", missed_json(news.missed, news.next_seq - taken));
  if (taken > 0) {
    add_event("datagrams", datagrams_json(news.events, transport_));
    next_batch_at_ = std::chrono::steady_clock::now() + batch_interval;
  }
  if (catching_up_ && taken < batch_events) catching_up_ = false;
  cursor_.started = true;
  cursor_.next_seq = news.next_seq;
  cursor_.second = news.second;
  cursor_.conditions_version = news.conditions_version;
  if (pending_.empty()) pending_ = ":\n\n";
  return true;
}

}  // namespace udpchat::web
