// SPDX-License-Identifier: GPL-3.0-or-later
#include "discovery_answer_limits.hpp"

#include <algorithm>

namespace udpchat {

const char* verdict_text(answer_verdict verdict) {
  switch (verdict) {
    case answer_verdict::answer: return "answer";
    case answer_verdict::duplicate: return "duplicate";
    case answer_verdict::source_rate: return "source rate";
    case answer_verdict::overall_rate: return "overall rate";
  }
  return "?";
}

token_bucket::token_bucket(double burst, double rate, time_point start)
    : burst_{burst}, rate_{rate}, tokens_{burst}, last_{start} {}

void token_bucket::refill(time_point now) {
  if (now <= last_) return;
  const std::chrono::duration<double> passed = now - last_;
  tokens_ = std::min(burst_, tokens_ + passed.count() * rate_);
  last_ = now;
}

bool token_bucket::has_token(time_point now) {
  refill(now);
  return tokens_ >= 1;
}

void token_bucket::take() { tokens_ -= 1; }

bool discovery_answer_limits::source_entry::answered(const discovery_nonce& nonce) const {
  return std::find(nonces.begin(), nonces.begin() + static_cast<std::ptrdiff_t>(nonces_held), nonce) !=
         nonces.begin() + static_cast<std::ptrdiff_t>(nonces_held);
}

void discovery_answer_limits::source_entry::remember(const discovery_nonce& nonce) {
  nonces[next_nonce] = nonce;
  next_nonce = (next_nonce + 1) % nonces.size();
  nonces_held = std::min(nonces_held + 1, nonces.size());
}

discovery_answer_limits::discovery_answer_limits(time_point start, std::size_t table_size)
    : table_size_{std::max<std::size_t>(table_size, 1)},
      overall_{answer_overall_burst, answer_overall_rate, start} {}

namespace {

std::pair<std::array<unsigned char, 16>, unsigned long> key_of(const asio::ip::address& source) {
  if (source.is_v4()) return {asio::ip::make_address_v6(asio::ip::v4_mapped, source.to_v4()).to_bytes(), 0};
  const asio::ip::address_v6 v6 = source.to_v6();
  return {v6.to_bytes(), v6.is_v4_mapped() ? 0 : v6.scope_id()};
}

}  // namespace

answer_verdict discovery_answer_limits::admit(const asio::ip::address& source, const discovery_nonce& nonce,
                                              time_point now) {
  const source_key key = key_of(source);
  auto found = sources_.find(key);
  if (found != sources_.end()) {
    if (found->second.answered(nonce)) return answer_verdict::duplicate;
    if (!found->second.bucket.has_token(now)) return answer_verdict::source_rate;
  }
  if (!overall_.has_token(now)) return answer_verdict::overall_rate;
  if (found == sources_.end()) {
    // The overall bucket lets through at most one new entry per answer, so this scan of the
    // table runs at most answer_overall_rate times a second once it is full.
    if (sources_.size() >= table_size_) forget_longest_answered();
    found = sources_.emplace(key, source_entry{token_bucket{answer_source_burst, answer_source_rate, now}}).first;
  }
  overall_.take();
  found->second.bucket.take();
  found->second.remember(nonce);
  found->second.last_answer = ++answers_;
  return answer_verdict::answer;
}

void discovery_answer_limits::forget_longest_answered() {
  const auto oldest = std::min_element(sources_.begin(), sources_.end(), [](const auto& a, const auto& b) {
    return a.second.last_answer < b.second.last_answer;
  });
  if (oldest != sources_.end()) sources_.erase(oldest);
}

}  // namespace udpchat
