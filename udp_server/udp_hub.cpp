// SPDX-License-Identifier: GPL-3.0-or-later
#include "udp_hub.hpp"

#include <algorithm>
#include <array>

#include <asio/ip/v6_only.hpp>
#include <asio/post.hpp>

#include "arrival_address.hpp"
#include "endpoint_text.hpp"
#include "udp_socket_options.hpp"
#include "udpchat/datagram_codec.hpp"
#include "udpchat/duration_text.hpp"
#include "udpchat/history_mark.hpp"
#include "udpchat/member_command.hpp"
#include "udpchat/member_name.hpp"
#include "udpchat/terminal_safe.hpp"
#include "udpchat/welcome_text.hpp"

namespace udpchat {

using asio::ip::udp;

namespace {

constexpr std::size_t datagrams_per_call = 64;
// Queued datagrams that trigger a send in the middle of a batch, when fan-outs are large: one
// sendmmsg's worth (UIO_MAXIOV).
constexpr std::size_t send_at_queued = 1024;
// Batches taken per wake-up before the hub lets the console and signals have a turn.
constexpr int calls_per_wakeup = 16;
// Room for bursts: the system caps these unless the hub may exceed its limits (root).
constexpr int socket_buffer_bytes = 8 * 1024 * 1024;
// The member table is made this big at most in advance (about 220 bytes each, kept virtual
// until members join); a larger --max-members grows it as members come.
constexpr std::size_t members_reserved_at_most = 65536;
// Replies to turned-away newcomers, all of them together.
constexpr std::uint32_t refusals_per_second = 100;
// A member over its rate is told so at most this often.
constexpr std::chrono::seconds warn_interval{1};

std::chrono::milliseconds sweep_period_for(std::chrono::milliseconds idle_timeout) {
  using std::chrono::milliseconds;
  // Often enough that a member leaves within an eighth of the timeout of its due time.
  if (idle_timeout == milliseconds::zero()) return milliseconds{1000};
  return std::clamp(idle_timeout / 8, milliseconds{10}, milliseconds{1000});
}

// An IPv4 member of a dual-stack hub as 192.0.2.7, not ::ffff:192.0.2.7.
std::string plain_address(const udp::endpoint& from) {
  const auto address = from.address();
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6()).to_string();
  }
  return address.to_string();
}

}  // namespace

udp_hub::udp_hub(asio::io_context& io, const udp::endpoint& listen_on, log_sink log,
                 options settings, std::unique_ptr<datagram_tap> tap)
    : socket_{io},
      incoming_{datagrams_per_call},
      log_{std::move(log)},
      settings_{settings},
      member_rate_{settings.messages_per_second, settings.burst},
      join_rate_{settings.joins_per_second, settings.join_burst},
      refusal_rate_{refusals_per_second, refusals_per_second},
      sweep_timer_{io},
      sweep_period_{sweep_period_for(settings.idle_timeout)},
      tap_{std::move(tap)},
      simulator_{settings.seed, settings.network},
      delayed_{io,
               [this](std::string_view datagram, const udp::endpoint& to, const asio::ip::address& from) {
                 outgoing_.send(outgoing_.add_payload(datagram), to, from);
               },
               [this] {
                 if (!closed_) flush_released();
               }},
      history_{std::min(settings.history, max_history)},
      keeps_record_{history_.capacity() != 0} {
  members_.reserve(std::min(settings.max_members, members_reserved_at_most));
  socket_.open(listen_on.protocol());
  if (listen_on.address().is_v6()) {
    // On "::" serve IPv4 and IPv6 members together, whatever the system default.
    socket_.set_option(asio::ip::v6_only{false});
  }
  sender_.emplace(socket_, listen_on, socket_buffer_bytes);
  socket_.non_blocking(true);
  enlarge_socket_buffers(socket_, socket_buffer_bytes);
  // A member that vanished must not fail the receive that follows a relay to it. Where the
  // system will not be told, receive_some() passes over the failure.
  ignore_unreachable_reports(socket_);
  // Each member is answered from the address it sent to: on a host with several, a reply from
  // another would never reach a member whose socket is connected to the one it chose. A hub
  // bound to one address answers from it anyway, and is spared the control messages.
  if (listen_on.address().is_unspecified() &&
      report_arrival_addresses(socket_.native_handle(), listen_on.address().is_v6())) {
    incoming_.take_destinations();
    answers_from_arrival_ = true;
  }
  bound_ = socket_.local_endpoint();
  if (tap_) tap_->attach(socket_, outgoing_);
}

void udp_hub::start() {
  const auto off_or = [](std::uint64_t value, const std::string& text) {
    return value == 0 ? std::string{"off"} : text;
  };
  log_("limits: " + counted(settings_.max_members, "member") + ", " +
       std::to_string(settings_.max_per_source) + " from one address, joining " +
       off_or(settings_.joins_per_second, std::to_string(settings_.joins_per_second) + " a second") + "; " +
       "rate limit " + off_or(settings_.messages_per_second, std::to_string(settings_.messages_per_second) +
                                                 " messages a second each (bursts of " +
                                                 std::to_string(settings_.burst) + ")") +
       "; idle timeout " + off_or(static_cast<std::uint64_t>(settings_.idle_timeout.count()),
                                  format_duration(settings_.idle_timeout)) +
       "; unheard limit " + off_or(settings_.unheard_limit, std::to_string(settings_.unheard_limit)));
  if (conditions().any()) log_(conditions_report());
  if (history_.capacity() != 0) log_("history: the last " + counted(history_.capacity(), "message") + " replayed to each newcomer");
  if (transcript_) log_("transcript: appending every message to " + transcript_->path());
  do_wait_readable();
  schedule_sweep();
}

void udp_hub::do_wait_readable() {
  // A wait costs one system call to arm (asio's epoll_ctl) and none when it fires, where a
  // zero-byte MSG_PEEK costs one that fails before the wait and one that succeeds after it.
  // Errors other than operation_aborted (an ICMP report for an earlier send) are the next
  // receive's to clear.
  socket_.async_wait(udp::socket::wait_read, [this](asio::error_code error) {
    if (error == asio::error::operation_aborted || closed_) return;
    receive_some();
  });
}

void udp_hub::receive_some() {
  const auto fd = socket_.native_handle();
  bool drained = false;
  for (int call = 0; call < calls_per_wakeup; ++call) {
    if (next_datagram_ == received_) {
      std::error_code error;
      // A receive error (an ICMP report for an earlier send, say) concerns one peer, never the
      // hub: it is passed over like an empty batch.
      received_ = incoming_.receive(fd, error);
      next_datagram_ = 0;
      if (received_ == 0) {
        drained = true;
        break;
      }
      batch_time_ = std::chrono::steady_clock::now();
      if (tap_) tap_->received(incoming_, received_);  // without --trace and --pcap: one branch
    }
    while (next_datagram_ < received_) {
      const std::size_t i = next_datagram_++;
      arrived_at_ = incoming_.destination(i);
      handle_datagram(incoming_.sender(i), incoming_.datagram(i));
      // Sending as the queue fills keeps it, and the hub's memory, small whatever the fan-out.
      if (outgoing_.queued() >= send_at_queued && !outgoing_.flush(sender_->handle())) {
        wait_for_room();
        return;
      }
    }
    // Each batch's relays leave before the next batch is taken: holding them until a full
    // sendmmsg's worth had queued kept the first message of a busy wake-up waiting for the
    // handling and sending of a hundred more (at 10 members), milliseconds at high rates. When
    // the send buffer is full, the hub still takes the batches waiting, up to a sendmmsg's
    // worth queued, so that it has heard its members before it stops to wait for room.
    if (!outgoing_.flush(sender_->handle()) && outgoing_.queued() >= send_at_queued) {
      wait_for_room();
      return;
    }
    // A short batch emptied the socket's queue: asking again would only fail.
    if (received_ < datagrams_per_call) {
      drained = true;
      break;
    }
  }
  if (!outgoing_.flush(sender_->handle())) {
    wait_for_room();
    return;
  }
  if (drained) {
    do_wait_readable();
    return;
  }
  // Datagrams are still waiting: go on after the handlers queued meanwhile, without a system
  // call to learn what is already known.
  asio::post(socket_.get_executor(), [this] {
    if (!closed_) receive_some();
  });
}

void udp_hub::wait_for_room() {
  // The socket's send buffer is full: nothing more is taken in until it has room. What members
  // send meanwhile waits unread, and the idle sweep must not take that for silence.
  listening_.stop(std::chrono::steady_clock::now(), emptied_receive_queue_at());
  sender_->async_wait_room([this](asio::error_code error) {
    if (error || closed_) return;
    if (outgoing_.flush(sender_->handle())) {
      listening_.resume(std::chrono::steady_clock::now());
      receive_some();
    } else {
      wait_for_room();
    }
  });
}

std::optional<std::chrono::steady_clock::time_point> udp_hub::emptied_receive_queue_at() const {
  // A batch smaller than a full one took all that was waiting (receive_batch::receive), and
  // every datagram of it has been handled.
  if (next_datagram_ != received_ || received_ == datagrams_per_call) return std::nullopt;
  return batch_time_;
}

namespace {

inbound_use use_of(const inbound_datagram& inbound) {
  switch (inbound.kind) {
    case inbound_kind::quit: return inbound_use::departure;
    case inbound_kind::join: return inbound_use::keepalive;
    case inbound_kind::message: break;
  }
  return parse_member_command(inbound.text) ? inbound_use::command : inbound_use::message;
}

}  // namespace

void udp_hub::handle_datagram(const udp::endpoint& from, std::string_view datagram) {
  const inbound_datagram inbound = classify_inbound(datagram);
  member* sender = members_.find(from);
  if (watcher_ != nullptr) {
    cause_ = watcher_->received(from, udp::endpoint{arrived_at_.is_unspecified() ? bound_.address() : arrived_at_, bound_.port()},
                                datagram, use_of(inbound), sender != nullptr ? std::string_view{sender->name} : std::string_view{});
  }
  if (inbound.kind == inbound_kind::quit) {
    // Only a member can leave: a stray or spoofed "quit" announces nothing.
    if (sender != nullptr) {
      depart(*sender, "left", true);
    } else {
      judge(inbound_verdict::not_a_member);
    }
    return;
  }
  if (sender == nullptr) {
    sender = admit(from);
    if (sender == nullptr) {
      judge(inbound_verdict::refused);
      return;
    }
  } else {
    sender->last_heard = batch_time_;
    sender->unheard = 0;
    // A member that moves to another of the hub's addresses is answered from the new one.
    sender->local_address = arrived_at_;
  }
  ++sender->datagrams_in;
  sender->bytes_in += datagram.size();
  if (inbound.kind != inbound_kind::message) return;  // a keepalive
  sender->last_said = batch_time_;
  if (!within_rate(*sender)) return;
  const auto command = parse_member_command(inbound.text);
  if (!command) {
    sender->spoke = true;
    relay(*sender, inbound.text);
  } else if (command->kind == member_command_kind::nick) {
    rename(*sender, command->argument);
  } else {
    tell_who(*sender);
  }
}

member* udp_hub::admit(const udp::endpoint& from) {
  // In a flood most newcomers turned away get no reply: the words are only made for those
  // that do.
  if (members_.size() >= settings_.max_members) {
    ++refused_full_;
    if (may_refuse()) {
      refuse(from, "error: the hub is full (" + counted(settings_.max_members, "member") + "); try again later");
    }
    return nullptr;
  }
  source_state& source = members_.source(from);
  if (source.members >= settings_.max_per_source) {
    ++refused_per_source_;
    if (may_refuse()) {
      refuse(from, "error: too many members from " + plain_address(from) + " (" +
                       std::to_string(settings_.max_per_source) + "); try again later");
    }
    return nullptr;
  }
  if (!join_rate_.allow(source.joins_full_at, batch_time_)) {
    ++refused_join_rate_;
    if (may_refuse()) {
      refuse(from, "error: too many new members from " + plain_address(from) + " at once; try again in a few seconds");
    }
    return nullptr;
  }
  member& newcomer = members_.add(from, batch_time_);
  newcomer.local_address = arrived_at_;
  newcomer.label = endpoint_text(from);
  log_(newcomer.label + " joined, " + counted(members_.size(), "member") + " now");
  // A terminal reads the idle timeout to keep alive often enough, and the rate limit to pace
  // what it sends, whatever the hub's settings.
  const std::string welcome = std::string{welcome_notice} + ", you are " + newcomer.label + "; " +
                              counted(members_.size(), "member") + " here; " +
                              idle_timeout_clause(settings_.idle_timeout) +
                              rate_limit_clause({settings_.messages_per_second, settings_.burst}) +
                              "send quit to leave";
  send_notice(newcomer, welcome, outbound_kind::welcome);
  if (history_.size() != 0) replay_history(newcomer);
  return &newcomer;
}

bool udp_hub::may_refuse() { return refusal_rate_.allow(refusals_full_at_, batch_time_); }

void udp_hub::refuse(const udp::endpoint& from, std::string_view reason) {
  emit(outgoing_.add_payload(encode_relay(hub_sender, reason)), from, arrived_at_, outbound_kind::refused, {});
}

bool udp_hub::within_rate(member& sender) {
  if (member_rate_.allow(sender.rate_full_at, batch_time_)) return true;
  ++dropped_over_rate_;
  judge(inbound_verdict::over_rate_limit);
  if (batch_time_ - sender.warned_at >= warn_interval) {
    sender.warned_at = batch_time_;
    send_notice(sender, "error: slow down: messages beyond " +
                            std::to_string(settings_.messages_per_second) + " a second (bursts of " +
                            std::to_string(settings_.burst) + ") are not relayed");
  }
  return false;
}

void udp_hub::relay(member& sender, std::string_view text) {
  std::size_t prefix_size = 0;
  const auto datagram = outgoing_.add_written_payload([&](std::string& out) {
    const std::size_t start = out.size();
    out.append(sender.label).append(field_separator);
    prefix_size = out.size() - start;
    append_relay_text(out, text);
  });
  const std::string_view label = outgoing_.view(datagram).substr(0, prefix_size - field_separator.size());
  if (datagram.size > max_udp_payload) {
    const std::string who{label};
    outgoing_.drop_last_payload(datagram);
    // The member is told the size it sent; the relayed size only when it differs (escaped
    // control bytes and broken-up runs of underscores grow).
    const std::size_t relayed_size = datagram.size - prefix_size;
    const std::size_t room = max_udp_payload - prefix_size;
    const std::string sizes = std::to_string(text.size()) + " bytes" +
                              (relayed_size == text.size() ? std::string{}
                                                           : " (" + std::to_string(relayed_size) + " as relayed)");
    log_(who + " sent " + sizes + ", too long to relay");
    judge(inbound_verdict::too_long);
    send_notice(sender, "error: message not relayed: it is " + sizes + " and at most " + std::to_string(room) +
                            " fit in one datagram");
    return;
  }
  if (keeps_record_) keep_record(outgoing_.view(datagram));
  if (settings_.log_messages) {
    log_(std::string{label} + " said: " + log_excerpt(outgoing_.view(datagram).substr(prefix_size)));
  }
  send_to_all_but(sender, datagram, outbound_kind::message);
}

void udp_hub::keep_record(std::string_view relayed) {
  const auto now = std::chrono::system_clock::now();
  history_.record(relayed, now);
  if (transcript_) transcript_->append(now, relayed);
}

void udp_hub::replay_history(member& newcomer) {
  // The replay counts against the newcomer's unheard limit, and stops short of it: the newest
  // messages that leave it room for one more datagram, so that the replay alone never pauses a
  // newcomer, and a forged one is sent no more in all than it was without history.
  const std::uint32_t limit = settings_.unheard_limit;
  std::size_t replayed = history_.size();
  if (limit != 0) replayed = std::min<std::size_t>(replayed, limit > newcomer.unheard + 1 ? limit - newcomer.unheard - 1 : 0);
  for (std::size_t i = history_.size() - replayed; i < history_.size(); ++i) {
    const history_ring::entry& kept = history_.at(i);
    // The mark makes a message that filled a datagram too long for one; it is left out.
    if (kept.relayed.size() + history_mark_bytes > max_udp_payload) continue;
    const auto datagram = outgoing_.add_written_payload(
        [&](std::string& out) { append_history_mark(out, kept.said_at, kept.relayed); });
    send_to(newcomer, datagram, outbound_kind::message);
  }
}

void udp_hub::keep_transcript(std::unique_ptr<transcript_file> transcript) {
  transcript_ = std::move(transcript);
  keeps_record_ = history_.capacity() != 0 || transcript_ != nullptr;
}

void udp_hub::reopen_transcript() {
  if (transcript_) transcript_->reopen();
}

void udp_hub::rename(member& sender, std::string_view name) {
  if (!is_valid_name(name)) {
    send_notice(sender, "error: name not changed: " + std::string{name_rule()});
    return;
  }
  const std::string before = sender.label;
  sender.name = name;
  sender.label = named_sender(sender.name, endpoint_text(sender.endpoint));
  log_(before + " is now called " + sender.name);
  send_to_all(outgoing_.add_payload(encode_relay(hub_sender, before + " is now called " + sender.name)),
              outbound_kind::notice);
}

void udp_hub::tell_who(member& asker) {
  // One datagram of at most who_reply_bytes, however many members: a /who with a forged
  // source must not turn into many datagrams, or a large one, towards somebody else.
  constexpr std::size_t who_reply_bytes = 512;
  constexpr std::size_t listed_at_most = 20;
  std::vector<const member*> oldest;
  oldest.reserve(members_.size());
  for (const member& each : members_.all()) oldest.push_back(&each);
  const std::size_t listed = std::min(oldest.size(), listed_at_most);
  std::partial_sort(oldest.begin(), oldest.begin() + static_cast<std::ptrdiff_t>(listed), oldest.end(),
                    [](const member* a, const member* b) { return a->join_order < b->join_order; });
  std::string reply = "who: " + counted(members_.size(), "member");
  std::size_t shown = 0;
  for (; shown < listed; ++shown) {
    const member& each = *oldest[shown];
    const auto idle = std::chrono::duration_cast<std::chrono::seconds>(batch_time_ - each.last_said);
    const std::string entry = (shown == 0 ? ": " : ", ") + each.label +
                              " idle " + std::to_string(idle.count()) + "s";
    if (reply.size() + entry.size() + 32 > who_reply_bytes) break;
    reply += entry;
  }
  if (shown < members_.size()) reply += " and " + std::to_string(members_.size() - shown) + " more";
  send_notice(asker, reply);
}

void udp_hub::depart(const member& leaver, std::string_view notice, bool tell_others) {
  const udp::endpoint from = leaver.endpoint;
  const std::string label = leaver.label;
  if (watcher_ != nullptr) watcher_->departed(leaver, notice);
  members_.remove(from);  // `leaver` is gone from here on
  log_(label + " " + std::string{notice} + ", " + counted(members_.size(), "member") + " now");
  if (tell_others) {
    send_to_all(outgoing_.add_payload(encode_departure(label, notice)), outbound_kind::departure);  // it is gone
  }
}

void udp_hub::emit(send_batch::payload datagram, const udp::endpoint& to, const asio::ip::address& from,
                   outbound_kind kind, std::string_view name) {
  if (observed()) {
    emit_observed(datagram, to, from, kind, name);
  } else {
    outgoing_.send(datagram, to, from);
  }
}

// Called for every member of a fan-out. Whether anything observes the datagrams is the same for
// all of them, so the caller asks once; a hub bound to one address queues each without a source.
void udp_hub::deliver(member& to, send_batch::payload datagram, outbound_kind kind, bool observed) {
  const std::uint32_t limit = settings_.unheard_limit;
  if (limit != 0 && to.unheard >= limit) return;
  ++to.datagrams_out;
  to.bytes_out += datagram.size;
  if (observed) {
    emit_observed(datagram, to.endpoint, to.local_address, kind, to.name);
  } else if (answers_from_arrival_) {
    outgoing_.send(datagram, to.endpoint, to.local_address);
  } else {
    outgoing_.send(datagram, to.endpoint);
  }
  if (limit != 0 && ++to.unheard == limit) pause(to);
}

void udp_hub::pause(member& to) {
  // The last datagram it gets says why the rest do not come.
  ++paused_members_;
  const std::uint32_t limit = settings_.unheard_limit;
  const auto paused = outgoing_.add_payload(encode_relay(
      hub_sender, std::string{paused_notice} + ": " + std::to_string(limit) +
                      " messages sent to you without a word back; send anything to get new messages again"));
  ++to.datagrams_out;
  to.bytes_out += paused.size;
  emit(paused, to.endpoint, to.local_address, outbound_kind::notice, to.name);
}

void udp_hub::send_to_all_but(const member& except, send_batch::payload datagram, outbound_kind kind) {
  // Told apart by place in the table, not by endpoint: comparing asio endpoints per member
  // cost more than the rest of the fan-out's bookkeeping.
  const bool watched = observed();
  for (member& each : members_.all()) {
    if (&each != &except) deliver(each, datagram, kind, watched);
  }
}

void udp_hub::send_to_all(send_batch::payload datagram, outbound_kind kind) {
  const bool watched = observed();
  for (member& each : members_.all()) deliver(each, datagram, kind, watched);
}

void udp_hub::send_to(member& to, send_batch::payload datagram, outbound_kind kind) {
  deliver(to, datagram, kind, observed());
}

void udp_hub::send_notice(member& to, std::string_view text, outbound_kind kind) {
  send_to(to, outgoing_.add_payload(encode_relay(hub_sender, text)), kind);
}

void udp_hub::emit_observed(send_batch::payload datagram, const udp::endpoint& to, const asio::ip::address& from,
                            outbound_kind kind, std::string_view name) {
  if (simulator_.conditions().any()) {
    simulate(datagram, to, from, kind, name);
    return;
  }
  if (watcher_ != nullptr) {
    watcher_->sent(to, udp::endpoint{from.is_unspecified() ? bound_.address() : from, bound_.port()},
                   outgoing_.view(datagram), kind, send_fate::sent, std::chrono::milliseconds::zero(), cause_, name);
  }
  outgoing_.send(datagram, to, from);
}

void udp_hub::simulate(send_batch::payload datagram, const udp::endpoint& to, const asio::ip::address& from,
                       outbound_kind kind, std::string_view name) {
  using std::chrono::milliseconds;
  const send_decision decision = simulator_.decide();
  const std::string_view bytes = outgoing_.view(datagram);
  if (decision.lost) {
    ++simulated_.lost;
    tell_sent(to, from, bytes, kind, send_fate::lost, milliseconds::zero(), name);
    if (tap_) tap_->dropped(bytes, to, from, "dropped by --loss");
    return;
  }
  if (decision.delay == milliseconds::zero()) {
    tell_sent(to, from, bytes, kind, send_fate::sent, milliseconds::zero(), name);
    outgoing_.send(datagram, to, from);
  } else {
    hold_back(bytes, to, from, decision.delay, decision.reordered ? send_fate::reordered : send_fate::delayed, kind,
              name);
  }
  if (!decision.duplicated) return;
  if (decision.copy_delay == milliseconds::zero()) {
    ++simulated_.duplicated;
    tell_sent(to, from, bytes, kind, send_fate::duplicate, milliseconds::zero(), name);
    outgoing_.send(datagram, to, from);
  } else {
    hold_back(bytes, to, from, decision.copy_delay, send_fate::duplicate, kind, name);
  }
}

void udp_hub::hold_back(std::string_view datagram, const udp::endpoint& to, const asio::ip::address& from,
                        std::chrono::milliseconds delay, send_fate fate, outbound_kind kind, std::string_view name) {
  if (!delayed_.hold(datagram, to, from, delay)) {
    ++simulated_.overflowed;
    tell_sent(to, from, datagram, kind, send_fate::overflow, std::chrono::milliseconds::zero(), name);
    if (tap_) tap_->dropped(datagram, to, from, "dropped: the queue of delayed datagrams is full");
    return;
  }
  ++(fate == send_fate::reordered ? simulated_.reordered
     : fate == send_fate::duplicate ? simulated_.duplicated
                                    : simulated_.delayed);
  tell_sent(to, from, datagram, kind, fate, delay, name);
}

void udp_hub::tell_sent(const udp::endpoint& to, const asio::ip::address& from, std::string_view datagram,
                        outbound_kind kind, send_fate fate, std::chrono::milliseconds delay, std::string_view name) {
  if (watcher_ == nullptr) return;
  watcher_->sent(to, udp::endpoint{from.is_unspecified() ? bound_.address() : from, bound_.port()}, datagram, kind,
                 fate, delay, cause_, name);
}

void udp_hub::flush_released() {
  // Mid-batch, the receive path sends them with its own, as it does a sweep's departures.
  if (next_datagram_ != received_ || outgoing_.flush(sender_->handle()) || waiting_to_flush_released_) return;
  // The socket is full and the hub may be idle: send the rest when it has room.
  waiting_to_flush_released_ = true;
  sender_->async_wait_room([this](asio::error_code error) {
    waiting_to_flush_released_ = false;
    if (!error && !closed_) flush_released();
  });
}

void udp_hub::set_conditions(const network_conditions& conditions) {
  simulator_.set(conditions);
  log_(conditions_report());
  if (watcher_ != nullptr) watcher_->conditions_changed(conditions, simulator_.seed());
}

std::string udp_hub::conditions_report() const {
  return "network conditions: " + conditions_text(conditions()) + "; seed " + std::to_string(simulator_.seed());
}

void udp_hub::judge(inbound_verdict verdict) {
  if (watcher_ != nullptr) watcher_->judged(cause_, verdict);
}

void udp_hub::schedule_sweep() {
  sweep_timer_.expires_after(sweep_period_);
  sweep_timer_.async_wait([this](asio::error_code error) {
    if (error || closed_) return;
    sweep();
    schedule_sweep();
  });
}

void udp_hub::sweep() {
  const auto now = std::chrono::steady_clock::now();
  if (settings_.idle_timeout != std::chrono::milliseconds::zero()) {
    // Silence is counted up to where the hub has read everything, not up to now.
    const auto heard_through = listening_.heard_through(now);
    std::vector<std::pair<udp::endpoint, bool>> expired;  // and whether the others know of it
    for (const member& each : members_.all()) {
      if (heard_through - each.last_heard >= settings_.idle_timeout) expired.emplace_back(each.endpoint, each.spoke);
    }
    if (!expired.empty()) {
      const std::string notice = "timed out (silent for " + format_duration(settings_.idle_timeout) + ")";
      batch_time_ = now;
      cause_ = 0;
      for (const auto& [endpoint, spoke] : expired) {
        if (const member* leaver = members_.find(endpoint)) depart(*leaver, notice, spoke);
      }
      flush_after_sweep();
    }
  }
  if (refused_full_ > 0) log_("turned away " + counted(refused_full_, "newcomer") + ": the hub is full");
  if (refused_per_source_ > 0) {
    log_("turned away " + counted(refused_per_source_, "newcomer") + ": too many from one address");
  }
  if (refused_join_rate_ > 0) {
    log_("turned away " + counted(refused_join_rate_, "newcomer") + ": joining too fast from one address");
  }
  if (dropped_over_rate_ > 0) {
    log_("dropped " + counted(dropped_over_rate_, "message") + " over the rate limit");
  }
  if (paused_members_ > 0) {
    log_("paused " + counted(paused_members_, "member") + " that did not answer " +
         std::to_string(settings_.unheard_limit) + " messages");
  }
  log_simulated();
  log_deafness(now);
  refused_full_ = refused_per_source_ = refused_join_rate_ = dropped_over_rate_ = paused_members_ = 0;
  members_.forget_settled_sources(now);
}

void udp_hub::log_simulated() {
  if (simulated_.lost + simulated_.delayed + simulated_.duplicated + simulated_.reordered + simulated_.overflowed > 0) {
    log_("network simulator: lost " + std::to_string(simulated_.lost) + ", delayed " +
         std::to_string(simulated_.delayed) + ", duplicated " + std::to_string(simulated_.duplicated) +
         ", reordered " + std::to_string(simulated_.reordered) + ", overflowed " +
         std::to_string(simulated_.overflowed));
  }
  simulated_ = {};
}

void udp_hub::log_deafness(std::chrono::steady_clock::time_point now) {
  const auto deaf = std::chrono::duration_cast<std::chrono::milliseconds>(listening_.take_deaf_time(now));
  if (deaf.count() > 0) {
    log_("send buffer full: stopped receiving for " + format_duration(deaf) + " since the last sweep");
  }
}

void udp_hub::flush_after_sweep() {
  // Unless the receive path is waiting for room to send (and will flush then), the queue holds
  // only the sweep's departures. Should the socket be full, they go with the next flush.
  if (next_datagram_ == received_) outgoing_.flush(sender_->handle());
}

void udp_hub::close() {
  if (closed_) return;
  closed_ = true;
  sweep_timer_.cancel();
  if (watcher_ != nullptr) watcher_->closing();
  const auto closing = outgoing_.add_payload(encode_departure(hub_sender, "closing"));
  cause_ = 0;
  for (const member& each : members_.all()) {
    if (settings_.unheard_limit == 0 || each.unheard < settings_.unheard_limit) {
      emit(closing, each.endpoint, each.local_address, outbound_kind::departure, each.name);
    }
  }
  // What the simulator holds back leaves now, the closing notices with it: a hub that is gone
  // delays nothing.
  delayed_.release_all();
  // Shutting down: wait a little for room in the send buffer, but never long.
  for (int tries = 0; tries < 10 && !outgoing_.flush(sender_->handle()); ++tries) {
    sender_->wait_room(std::chrono::milliseconds{20});
  }
  log_simulated();  // what happened since the last sweep, the closing notices too
  log_("closing, told " + counted(members_.size(), "member"));
  sender_->close();
  asio::error_code ignored;
  socket_.close(ignored);
  if (tap_) tap_->close();
}

std::vector<std::string> udp_hub::who_report() const {
  std::vector<std::string> lines{counted(members_.size(), "member")};
  const auto now = std::chrono::steady_clock::now();
  for (const member* each : members_.in_join_order()) {
    const auto idle = std::chrono::duration_cast<std::chrono::seconds>(now - each->last_said);
    std::string line = "  " + each->label + "  joined " + clock_time(each->joined_at) +
                       "  idle " + std::to_string(idle.count()) + "s";
    if (settings_.unheard_limit != 0 && each->unheard >= settings_.unheard_limit) line += "  paused";
    lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace udpchat
