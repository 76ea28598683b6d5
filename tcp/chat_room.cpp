// SPDX-License-Identifier: GPL-3.0-or-later
#include "chat_room.hpp"

#include "endpoint_text.hpp"
#include "udpchat/datagram_codec.hpp"
#include "udpchat/history_mark.hpp"
#include "udpchat/line_framer.hpp"
#include "udpchat/member_command.hpp"
#include "udpchat/member_name.hpp"
#include "udpchat/terminal_safe.hpp"
#include "udpchat/welcome_text.hpp"

namespace udpchat {

using asio::ip::tcp;

namespace {

// How long relayed lines may wait so that each member gets them in one write. Writing per read
// costs the room and, more, every member's machine a wake-up and a packet per read; held this
// long, they cost one per window under load, and a person notices nothing. (0.3 ms measured
// as well at 10 members, but cost more CPU per line than ncat at 100.)
constexpr std::chrono::milliseconds relay_window{1};
// Past this much pending the relays go at once, whatever the window: it bounds what a flood
// makes the room hold.
constexpr std::size_t max_pending_relay_bytes = 256 * 1024;

}  // namespace

chat_room::chat_room(asio::io_context& io, const tcp::endpoint& listen_on, log_sink log,
                     options settings, std::unique_ptr<traffic_trace> trace)
    : server_{io, listen_on, log, {"room", "member", settings.limits, settings.flow}, std::move(trace)},
      log_{std::move(log)},
      log_messages_{settings.log_messages},
      relay_timer_{io},
      history_{std::min(settings.history, max_history)},
      keeps_record_{history_.capacity() != 0} {}

void chat_room::start() {
  if (history_.capacity() != 0) log_("history: the last " + counted(history_.capacity(), "message") + " replayed to each newcomer");
  if (transcript_) log_("transcript: appending every message to " + transcript_->path());
  server_.start({[this] { return members_.size(); },
                 [this](std::shared_ptr<line_connection> connection) { join(std::move(connection)); },
                 [this](std::chrono::steady_clock::time_point now) {
                   server_.close_out_of_time(members_, now,
                                             [this](member_id id, std::string_view why) { remove(id, why); });
                 }});
}

void chat_room::join(std::shared_ptr<line_connection> connection) {
  const member_id id = next_id_++;
  std::string address = endpoint_text(connection->remote_endpoint());
  std::string prefix = address + std::string{field_separator};
  const auto now = std::chrono::steady_clock::now();
  member& joined = members_
                       .emplace(id, member{connection, address, std::move(prefix), std::chrono::system_clock::now(),
                                           {}, now, connection->remote_endpoint(),
                                           watcher_ ? connection->local_endpoint() : tcp::endpoint{}, now})
                       .first->second;
  log_(address + " joined, " + counted(members_.size(), "member") + " now");

  connection->start(line_connection::handlers{
      [this, id](std::string_view line) { handle_line(id, line); },
      [this, id] {
        const auto found = members_.find(id);
        if (found == members_.end()) return;
        log_(found->second.address + " sent a line longer than " +
             std::to_string(max_tcp_line_bytes) + " bytes; dropped");
        tell(found->second,
             encode_relay(hub_sender, "error: line dropped: longer than " +
                                          std::to_string(max_tcp_line_bytes) + " bytes"));
      },
      [this, id](std::string_view why) { remove(id, "disconnected (" + std::string{why} + ")"); },
      {},
      [this] { relays_ready(); }});
  // A terminal reads the idle timeout to keep alive often enough, whatever the room's setting.
  tell(joined, encode_relay(hub_sender, std::string{welcome_notice} + ", you are " + address + "; " +
                                                 counted(members_.size(), "member") + " here; " +
                                                 idle_timeout_clause(server_.limits().idle_timeout) +
                                                 rate_limit_clause({server_.flow().lines_per_second,
                                                                    server_.flow().burst}) +
                                                 "send quit to leave"),
       room_line_kind::welcome);
  if (history_.size() != 0) replay_history(joined);
  send_to_all_but(id, encode_relay(hub_sender, address + " joined"));
}

void chat_room::handle_line(member_id id, std::string_view line) {
  const auto found = members_.find(id);
  if (found == members_.end()) return;
  member& sender = found->second;
  // An empty line (a join, in datagram terms) is a client's keepalive: its connection has
  // noted it as activity, and nobody hears of it.
  const inbound_datagram inbound = classify_inbound(line);
  if (watcher_) {
    const std::string_view wire = sender.connection->wire_line();
    line_use use = line_use::message;
    if (inbound.kind == inbound_kind::join) use = line_use::keepalive;
    if (inbound.kind == inbound_kind::quit) use = line_use::departure;
    if (inbound.kind == inbound_kind::message && parse_member_command(inbound.text)) use = line_use::command;
    ++sender.lines_in;
    sender.bytes_in += wire.size();
    sender.last_heard = std::chrono::steady_clock::now();
    cause_ = watcher_->received(sender.endpoint, sender.local, wire, use, sender.name);
  }
  // Whatever handling this line sends is in answer to it.
  struct end_of_line {
    room_watcher::event_id& cause;
    ~end_of_line() { cause = 0; }
  } const forget_cause{cause_};
  if (inbound.kind == inbound_kind::quit) {
    const std::string goodbye = as_line(encode_relay(hub_sender, "goodbye"));
    watch_sent(sender, goodbye, room_line_kind::notice);
    sender.connection->close_with(goodbye);
    remove(id, "left");
  } else if (inbound.kind == inbound_kind::message) {
    sender.last_said = std::chrono::steady_clock::now();
    const auto command = parse_member_command(inbound.text);
    if (!command) {
      relay(id, sender, inbound.text);
    } else if (command->kind == member_command_kind::nick) {
      rename(sender, command->argument);
    } else {
      tell_who(sender);
    }
  }
}

std::string chat_room::member::label() const { return named_sender(name, address); }

void chat_room::rename(member& sender, std::string_view name) {
  if (!is_valid_name(name)) {
    tell(sender, encode_relay(hub_sender, "error: name not changed: " + std::string{name_rule()}));
    return;
  }
  const std::string before = sender.label();
  sender.name = name;
  sender.relay_prefix = sender.label() + std::string{field_separator};
  log_(before + " is now called " + sender.name);
  send_to_all_but(nobody, encode_relay(hub_sender, before + " is now called " + sender.name));
}

void chat_room::tell_who(member& asker) {
  // Bounded, like the hub's: one line must not make the room write a thousand to one member.
  constexpr std::size_t listed_at_most = 50;
  const auto now = std::chrono::steady_clock::now();
  tell(asker, encode_relay(hub_sender, "who: " + counted(members_.size(), "member")));
  std::size_t listed = 0;
  for (const auto& [id, each] : members_) {
    if (listed++ == listed_at_most) break;
    const auto idle = std::chrono::duration_cast<std::chrono::seconds>(now - each.last_said);
    tell(asker, encode_relay(hub_sender, "  " + each.label() + "  idle " + std::to_string(idle.count()) + "s"));
  }
  if (members_.size() > listed_at_most) {
    tell(asker, encode_relay(hub_sender, "  and " + std::to_string(members_.size() - listed_at_most) + " more"));
  }
}

void chat_room::relay(member_id from, const member& sender, std::string_view text) {
  if (pending_relays_.empty() || pending_relays_.back().from != from) pending_relays_.push_back({from, {}});
  std::string& lines = pending_relays_.back().lines;
  const std::size_t start = lines.size();
  lines.append(sender.relay_prefix);
  append_relay_text(lines, text);
  const std::size_t line_size = lines.size() - start;
  if (line_size > max_tcp_line_bytes) {
    lines.resize(start);
    // The member is told the size it sent; the relayed size only when it differs (escaped
    // control bytes and broken-up underscores grow).
    const std::size_t relayed_size = line_size - sender.relay_prefix.size();
    const std::size_t room_for_text = max_tcp_line_bytes - sender.relay_prefix.size();
    const std::string sizes = std::to_string(text.size()) + " bytes" +
                              (relayed_size == text.size() ? std::string{}
                                                           : " (" + std::to_string(relayed_size) + " as relayed)");
    log_(sender.label() + " sent " + sizes + ", too long to relay");
    if (watcher_) watcher_->too_long(cause_);
    tell(members_.at(from), encode_relay(hub_sender, "error: message not relayed: it is " + sizes +
                                                          " and at most " + std::to_string(room_for_text) +
                                                          " fit in one line"));
    return;
  }
  if (keeps_record_) keep_record(std::string_view{lines}.substr(start));
  if (log_messages_) {
    log_(sender.label() + " said: " +
         log_excerpt(std::string_view{lines}.substr(start + sender.relay_prefix.size())));
  }
  lines += '\n';
  pending_relay_bytes_ += line_size + 1;
  if (watcher_) {
    // Told as queued, one line per member, though they go out in the flush's gathered writes.
    const std::string_view relayed = std::string_view{lines}.substr(start);
    for (auto& [id, each] : members_) {
      if (id != from) watch_sent(each, relayed, room_line_kind::message);
    }
  }
  if (pending_relay_bytes_ >= max_pending_relay_bytes) flush_relays();
}

void chat_room::keep_record(std::string_view relayed) {
  const auto now = std::chrono::system_clock::now();
  history_.record(relayed, now);
  if (transcript_) transcript_->append(now, relayed);
}

void chat_room::replay_history(member& newcomer) {
  // The newest lines that fill at most half the newcomer's queue: a replay of long lines must
  // not get the newcomer dropped as not reading before it could read them.
  const std::size_t budget = server_.flow().max_queued_bytes / 2;
  std::size_t first = history_.size();
  for (std::size_t queued = 0; first > 0; --first) {
    queued += history_.at(first - 1).relayed.size() + history_mark_bytes + 1;
    if (queued > budget) break;
  }
  for (std::size_t i = first; i < history_.size(); ++i) {
    const history_ring::entry& kept = history_.at(i);
    // The mark makes a line that was as long as a line may be too long; it is left out.
    if (kept.relayed.size() + history_mark_bytes > max_tcp_line_bytes) continue;
    tell(newcomer, mark_history(kept.said_at, kept.relayed), room_line_kind::message);
  }
}

void chat_room::keep_transcript(std::unique_ptr<transcript_file> transcript) {
  transcript_ = std::move(transcript);
  keeps_record_ = history_.capacity() != 0 || transcript_ != nullptr;
}

void chat_room::reopen_transcript() {
  if (transcript_) transcript_->reopen();
}

void chat_room::relays_ready() {
  if (pending_relays_.empty() || relay_timer_armed_) return;
  const auto due = last_flush_ + relay_window;
  if (std::chrono::steady_clock::now() >= due) {
    flush_relays();
    return;
  }
  relay_timer_armed_ = true;
  relay_timer_.expires_at(due);
  relay_timer_.async_wait([this](asio::error_code error) {
    if (error) return;  // cancelled: the room is closing
    relay_timer_armed_ = false;
    flush_relays();
  });
}

void chat_room::flush_relays() {
  if (pending_relays_.empty()) return;
  last_flush_ = std::chrono::steady_clock::now();
  flushing_.clear();
  for (auto& each : pending_relays_) {
    if (!each.lines.empty()) flushing_.emplace_back(each.from, std::make_shared<const std::string>(std::move(each.lines)));
  }
  pending_relays_.clear();
  pending_relay_bytes_ = 0;
  for (const auto& [id, each] : members_) {
    relay_scratch_.clear();
    for (const auto& [from, lines] : flushing_) {
      if (from != id) relay_scratch_.push_back(lines);
    }
    if (!relay_scratch_.empty()) each.connection->deliver(relay_scratch_);
  }
  // The members' queues hold the buffers now; these copies would only keep them alive.
  relay_scratch_.clear();
  flushing_.clear();
}

void chat_room::remove(member_id id, std::string_view notice) {
  const auto found = members_.find(id);
  if (found == members_.end()) return;
  const std::string label = found->second.label();
  if (watcher_) watcher_->departed(found->second.facts(), notice);
  members_.erase(found);
  log_(label + " " + std::string{notice} + ", " + counted(members_.size(), "member") + " now");
  send_to_all_but(id, encode_departure(label, notice), room_line_kind::departure);
}

void chat_room::send_to_all_but(member_id except, std::string line, room_line_kind kind) {
  flush_relays();  // what was said before comes first
  // One immutable copy of the bytes, shared by every member's queue.
  const auto shared = shared_line(line);
  for (auto& [id, each] : members_) {
    if (id == except) continue;
    watch_sent(each, *shared, kind);
    each.connection->deliver(shared);
  }
}

void chat_room::tell(member& to, std::string line, room_line_kind kind) {
  flush_relays();
  const auto shared = shared_line(line);
  watch_sent(to, *shared, kind);
  to.connection->deliver(shared);
}

void chat_room::watch_sent(member& to, std::string_view line, room_line_kind kind) {
  if (!watcher_) return;
  ++to.lines_out;
  to.bytes_out += line.size();
  watcher_->sent(to.endpoint, to.local, line, kind, cause_, to.name);
}

void chat_room::close() {
  if (closed_) return;
  closed_ = true;
  relay_timer_.cancel();
  flush_relays();
  const std::string closing = as_line(encode_departure(hub_sender, "closing"));
  if (watcher_) watcher_->closing();
  for (auto& [id, each] : members_) {
    watch_sent(each, closing, room_line_kind::departure);
    each.connection->close_with(closing);
  }
  log_("closing, told " + counted(members_.size(), "member"));
  members_.clear();
  server_.close();
}

std::vector<std::string> chat_room::who_report() const {
  std::vector<std::string> lines{counted(members_.size(), "member")};
  const auto now = std::chrono::steady_clock::now();
  for (const auto& [id, each] : members_) {
    const auto idle = std::chrono::duration_cast<std::chrono::seconds>(now - each.last_said);
    lines.push_back("  " + each.label() + "  joined " + clock_time(each.joined_at) + "  idle " +
                    std::to_string(idle.count()) + "s");
  }
  return lines;
}

}  // namespace udpchat

namespace udpchat {

room_member_facts chat_room::member::facts() const {
  return {endpoint, name, joined_at, last_said, last_heard, lines_in, bytes_in, lines_out, bytes_out};
}

std::vector<room_member_facts> chat_room::member_facts() const {
  std::vector<room_member_facts> facts;
  facts.reserve(members_.size());
  for (const auto& [id, each] : members_) facts.push_back(each.facts());
  return facts;
}

}  // namespace udpchat
