// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "connection_limits.hpp"
#include "flow_limits.hpp"
#include "line_connection.hpp"
#include "line_server.hpp"
#include "log_text.hpp"
#include "room_watcher.hpp"
#include "traffic_trace.hpp"
#include "transcript_file.hpp"
#include "udpchat/history_ring.hpp"

namespace udpchat {

// The TCP chat room: every line a member sends goes to every other member as
// <ip:port>____<text>; joins and departures are announced to the others. One thread.
// Limits (connection_limits.hpp): past max_connections a newcomer is told the room is full and
// closed; a member silent too long, or too slow to finish a line, is told why and closed, and
// the others hear it timed out.
class chat_room {
 public:
  static constexpr std::size_t default_history = 10;  // as the hub's: a screenful
  static constexpr std::size_t max_history = 1000;     // up to 64 KiB each
  struct options {
    bool log_messages = true;  // a log line per message, besides joins and departures
    connection_limits limits;
    flow_limits flow;
    // Lines replayed to each newcomer after its welcome (udpchat/history_mark.hpp), the last
    // ones relayed; 0 for none.
    std::size_t history = default_history;
  };

  // With a trace, every line to and from every peer is traced (see line_connection).
  chat_room(asio::io_context& io, const asio::ip::tcp::endpoint& listen_on, log_sink log,
            options settings, std::unique_ptr<traffic_trace> trace = nullptr);

  asio::ip::tcp::endpoint local_endpoint() const { return server_.local_endpoint(); }
  // Before start(): tells `watcher` of every line in and out from now on (the room keeps it).
  void watch(std::unique_ptr<room_watcher> watcher) { watcher_ = std::move(watcher); }
  void start();
  // Tells every member the room is closing and closes every connection. Safe to call twice.
  void close();
  // For the console's `who`: the member count, then one line per member, oldest first.
  std::vector<std::string> who_report() const;
  std::size_t member_count() const { return members_.size(); }
  // The members, oldest first, for a watcher; their line counts are kept only while watched.
  std::vector<room_member_facts> member_facts() const;
  // Before start(): every message relayed from now on is appended to `transcript`.
  void keep_transcript(std::unique_ptr<transcript_file> transcript);
  bool keeps_transcript() const { return transcript_ != nullptr; }
  // Reopens the transcript, after it was moved away (SIGHUP, runtime/reopen_signal.hpp).
  void reopen_transcript();

 private:
  struct member {
    std::shared_ptr<line_connection> connection;
    std::string address;
    std::string relay_prefix;  // "<label>____"
    std::chrono::system_clock::time_point joined_at;
    std::string name;  // chosen with /nick; empty until then
    // Its last message or command, not a keepalive (an empty line): what /who shows as idle.
    std::chrono::steady_clock::time_point last_said;
    asio::ip::tcp::endpoint endpoint;  // its end and the room's, for a watcher
    asio::ip::tcp::endpoint local;
    std::chrono::steady_clock::time_point last_heard;  // kept, like the counts, only while watched
    std::uint64_t lines_in = 0;
    std::uint64_t bytes_in = 0;
    std::uint64_t lines_out = 0;
    std::uint64_t bytes_out = 0;
    room_member_facts facts() const;
    // "alice (127.0.0.1:5000)", or the address alone.
    std::string label() const;
  };
  using member_id = std::uint64_t;
  static constexpr member_id nobody = 0;  // ids start at 1

  void join(std::shared_ptr<line_connection> connection);
  void handle_line(member_id id, std::string_view line);
  // Adds the message to the pending relays; flush_relays() sends them to the others.
  void relay(member_id from, const member& sender, std::string_view text);
  // After a read: sends the pending relays now, or at the end of the relay window.
  void relays_ready();
  // Keeps a relayed line (without its newline) for the history and the transcript.
  void keep_record(std::string_view relayed);
  // Sends `newcomer` the history, oldest first: the newest lines that fill at most half of its
  // write queue's bound (--max-queue).
  void replay_history(member& newcomer);
  void rename(member& sender, std::string_view name);
  void tell_who(member& asker);
  void flush_relays();
  // Forgets the member (its connection is closed or closing) and tells the others it left, with
  // `notice` as the reason.
  void remove(member_id id, std::string_view notice);
  void send_to_all_but(member_id except, std::string line, room_line_kind kind = room_line_kind::notice);
  void tell(member& to, std::string line, room_line_kind kind = room_line_kind::notice);
  // Tells the watcher, if any, of `line` queued for `to` in answer to the line being handled.
  void watch_sent(member& to, std::string_view line, room_line_kind kind);

  line_server server_;
  log_sink log_;
  bool log_messages_;
  std::map<member_id, member> members_;  // ordered by id, so by arrival
  // Lines relayed and not yet sent: one buffer per run of lines from one member, in the order
  // they came, each shared by every other member's queue. Under load they are held for up to a
  // relay window so that each member gets them in one write, not one per read; what comes after
  // a quiet spell goes at once.
  struct relay_batch {
    member_id from;
    std::string lines;
  };
  std::vector<relay_batch> pending_relays_;
  std::size_t pending_relay_bytes_ = 0;
  // Kept between flushes so that a flush allocates only the shared buffers themselves.
  std::vector<std::pair<member_id, std::shared_ptr<const std::string>>> flushing_;
  std::vector<std::shared_ptr<const std::string>> relay_scratch_;  // one member's share of a flush
  asio::steady_timer relay_timer_;
  std::chrono::steady_clock::time_point last_flush_{};
  bool relay_timer_armed_ = false;
  std::unique_ptr<room_watcher> watcher_;
  room_watcher::event_id cause_ = 0;  // the watcher's id of the line being handled; 0 between lines
  member_id next_id_ = 1;
  bool closed_ = false;
  // The last lines relayed (--history), and the transcript (--transcript), if any.
  history_ring history_;
  std::unique_ptr<transcript_file> transcript_;
  bool keeps_record_ = false;
};

}  // namespace udpchat
