// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Which discovery probes the responder answers, as far as counting goes: no I/O and no clock of
// its own, so that tests pass the time in. The responder has already checked the probe itself
// (its size and format, the kind it wants, the source's network) before asking here.
//
// Three limits, in this order:
//   - one answer per (source address, nonce): a prober sends the same probe to the broadcast
//     address and to the group, and twice, and each copy may arrive; only the first is answered;
//   - a token bucket per source address: answer_source_burst answers at once, refilled at
//     answer_source_rate a second, so a forged source (the victim of a reflection) gets little;
//   - one token bucket over all sources: answer_overall_burst, refilled at answer_overall_rate a
//     second, so many forged sources together still get a bounded number of answers.
// A refused probe takes no token from either bucket.
//
// The source table holds at most answer_source_table_size sources. A source gets an entry only
// when it is answered, so the table fills no faster than the overall bucket allows (32 a second
// after a burst of 64). When it is full, the entry answered longest ago is forgotten to make room
// for the new source: a prober that is answered is never turned away because others probed
// first. Forgetting costs little: the forgotten source's bucket starts full again, and a copy of
// its last probe could be answered once more, but only after answer_source_table_size answers to
// other sources, which the overall bucket spreads over two minutes. Refusing new sources
// instead would let anyone who probes from 4096 addresses silence the responder for everyone.

#include <asio/ip/address.hpp>
#include <udpchat/discovery_message.hpp>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <utility>

namespace udpchat {

inline constexpr double answer_source_burst = 4;
inline constexpr double answer_source_rate = 1;  // answers a second
inline constexpr double answer_overall_burst = 64;
inline constexpr double answer_overall_rate = 32;  // answers a second
inline constexpr std::size_t answer_source_table_size = 4096;
// Nonces remembered per source. A source gets at most answer_source_burst answers at once and
// one a second after, so a copy of a probe would have to arrive seconds after the probe, later
// than a prober listens, to find its nonce already forgotten.
inline constexpr std::size_t answer_nonces_per_source = 8;

enum class answer_verdict {
  answer,        // answer it; counted
  duplicate,     // this source's probe with this nonce was answered already
  source_rate,   // the source's bucket is empty
  overall_rate,  // the overall bucket is empty
};

// "answer", "duplicate", "source rate", "overall rate": for logs and traces.
const char* verdict_text(answer_verdict verdict);

class token_bucket {
 public:
  using time_point = std::chrono::steady_clock::time_point;

  // Full (`burst` tokens) at `start`; refilled at `rate` tokens a second, up to `burst`.
  token_bucket(double burst, double rate, time_point start);

  // Whether a token is there at `now`; does not take it. A `now` before an earlier one counts as
  // no time passed.
  bool has_token(time_point now);
  void take();

 private:
  void refill(time_point now);

  double burst_;
  double rate_;
  double tokens_;
  time_point last_;
};

class discovery_answer_limits {
 public:
  using time_point = std::chrono::steady_clock::time_point;

  // `table_size` is there for tests; the responder takes the default.
  explicit discovery_answer_limits(time_point start, std::size_t table_size = answer_source_table_size);

  // Whether to answer the probe with `nonce` from `source` (its port does not matter) at `now`,
  // and if so, counts the answer. An IPv4-mapped IPv6 source counts as the IPv4 address; IPv6
  // link-local sources on different interfaces (scope ids) are different sources.
  answer_verdict admit(const asio::ip::address& source, const discovery_nonce& nonce, time_point now);

  // Sources in the table now: at most the table size.
  std::size_t sources() const { return sources_.size(); }

 private:
  // The address as 16 bytes (IPv4 mapped into IPv6) and its scope id.
  using source_key = std::pair<std::array<unsigned char, 16>, unsigned long>;

  struct source_entry {
    token_bucket bucket;
    std::array<discovery_nonce, answer_nonces_per_source> nonces{};
    std::size_t nonces_held = 0;
    std::size_t next_nonce = 0;
    std::uint64_t last_answer = 0;  // the answer's number, for forgetting the one answered longest ago

    bool answered(const discovery_nonce& nonce) const;
    void remember(const discovery_nonce& nonce);
  };

  void forget_longest_answered();

  std::size_t table_size_;
  token_bucket overall_;
  std::map<source_key, source_entry> sources_;
  std::uint64_t answers_ = 0;
};

}  // namespace udpchat
