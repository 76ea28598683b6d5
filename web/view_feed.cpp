// SPDX-License-Identifier: GPL-3.0-or-later
#include "view_feed.hpp"

namespace udpchat::web {

view_feed::view_feed(hub_identity identity, std::size_t ring_events, std::size_t ring_bytes)
    : ring_capacity_{ring_events}, identity_{std::move(identity)}, ring_{ring_events, ring_bytes} {}

hub_identity view_feed::identity() const {
  const std::lock_guard lock{mutex_};
  return identity_;
}

void view_feed::set_hub_address(std::string address) {
  const std::lock_guard lock{mutex_};
  identity_.hub = std::move(address);
}

void view_feed::publish_events(std::shared_ptr<const event_batch> batch) {
  bool wake = false;
  {
    const std::lock_guard lock{mutex_};
    ring_.push(std::move(batch));
    wake = waiting_for_events_ > 0;
  }
  if (wake) changed_.notify_all();
}

void view_feed::publish_second(std::shared_ptr<const members_snapshot> members, const rate_second& rates) {
  {
    const std::lock_guard lock{mutex_};
    members_ = std::move(members);
    rates_.push_back(rates);
    if (rates_.size() > rates_kept) rates_.pop_front();
    ++second_;
  }
  changed_.notify_all();
}

void view_feed::publish_conditions(const view_conditions& conditions) {
  {
    const std::lock_guard lock{mutex_};
    conditions_ = conditions;
    ++conditions_version_;
  }
  changed_.notify_all();
}

void view_feed::stop() {
  {
    const std::lock_guard lock{mutex_};
    stopping_ = true;
  }
  changed_.notify_all();
}

view_feed::view view_feed::wait_and_read(const cursor& at, std::chrono::steady_clock::time_point events_from,
                                         std::chrono::steady_clock::time_point until, std::size_t limit,
                                         bool skip_behind) {
  std::unique_lock lock{mutex_};
  const auto from_seq = [&] { return at.next_seq == 0 ? ring_.first_seq() : at.next_seq; };
  const auto other_news = [&] {
    return stopping_ || !at.started || second_ != at.second || conditions_version_ != at.conditions_version;
  };
  while (!other_news()) {
    const bool events_waiting = ring_.next_seq() > from_seq();
    const auto now = std::chrono::steady_clock::now();
    if (events_waiting && now >= events_from) break;
    if (now >= until) break;
    if (events_waiting) {
      // Not its turn yet: only the clock or other news can make it one.
      changed_.wait_until(lock, std::min(events_from, until));
    } else {
      ++waiting_for_events_;
      changed_.wait_until(lock, until);
      --waiting_for_events_;
    }
  }
  view result;
  result.stopping = stopping_;
  std::uint64_t from = from_seq();
  if (from < ring_.first_seq()) {
    result.missed = ring_.first_seq() - from;
    from = ring_.first_seq();
  }
  if (std::chrono::steady_clock::now() >= events_from) {
    if (skip_behind && ring_.next_seq() - from > limit) {
      result.missed += ring_.next_seq() - limit - from;
      from = ring_.next_seq() - limit;
    }
    result.events = ring_.read(from, limit);
  }
  for (const auto& slice : result.events) from += slice.end - slice.begin;
  result.next_seq = from;
  result.second = second_;
  if (!at.started || second_ != at.second) {
    result.members = members_;
    // The whole history at first; then the seconds since the viewer's last.
    const std::size_t wanted = at.started ? static_cast<std::size_t>(second_ - at.second) : rates_.size();
    const std::size_t count = std::min(wanted, rates_.size());
    result.rates.assign(rates_.end() - static_cast<std::ptrdiff_t>(count), rates_.end());
  }
  result.conditions_version = conditions_version_;
  if (!at.started || conditions_version_ != at.conditions_version) result.conditions = conditions_;
  return result;
}

event_slice view_feed::find(std::uint64_t seq) const {
  const std::lock_guard lock{mutex_};
  return ring_.find(seq);
}

view_conditions view_feed::conditions() const {
  const std::lock_guard lock{mutex_};
  return conditions_;
}

}  // namespace udpchat::web
