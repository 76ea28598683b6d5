// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <asio/io_context.hpp>
#include <asio/ip/udp.hpp>
#include <asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "datagram_batches.hpp"
#include "datagram_tap.hpp"
#include "delayed_datagrams.hpp"
#include "hub_watcher.hpp"
#include "listening_clock.hpp"
#include "log_text.hpp"
#include "member_table.hpp"
#include "send_rate_limit.hpp"
#include "send_socket.hpp"
#include "transcript_file.hpp"
#include "udp_socket_options.hpp"
#include "udpchat/history_ring.hpp"
#include "udpchat/network_simulator.hpp"

namespace udpchat {

// The UDP hub: an address becomes a member the first time it sends; each message is relayed
// as <sender>____<text> to every other member; "quit" removes the sender and the others are told.
// Datagrams come in and go out in batches; the bytes of each relay are built once per message.
// Every resource is bounded: members in all and per source address, each member's message
// rate, and what the hub sends to an address that does not answer (see options).
// What it sends may pass through a network simulator first (--loss, --delay, --duplicate,
// --reorder; udpchat/network_simulator.hpp), whose held datagrams wait on a timer.
// All of it runs on the io_context's one thread.
class udp_hub {
 public:
  // 10: a screenful, and with the default unheard limit a spoofed join reflects at once at most
  // 11 datagrams (the welcome and 10 replays, up to 65,507 bytes each), and in all at most the
  // 512 and the paused notice it always could. At most 1000 kept: up to 64 KiB each.
  static constexpr std::size_t default_history = 10;
  static constexpr std::size_t max_history = 1000;
  struct options {
    bool log_messages = true;  // a log line per message, besides joins and departures
    // A member silent this long is removed; 0 keeps members until they quit.
    std::chrono::milliseconds idle_timeout = std::chrono::minutes{10};
    std::size_t max_members = 1000;
    std::size_t max_per_source = 100;  // members from one IPv4 address or IPv6 /64
    // New members a second from one source, after a first burst of join_burst: leaving and
    // joining again cannot refill a member's rate limit, nor flood the others with departures.
    std::uint32_t joins_per_second = 5;
    std::uint32_t join_burst = 50;
    std::uint32_t messages_per_second = 20;  // per member, 0 for no limit
    std::uint32_t burst = 60;
    // Datagrams sent to a member since it was last heard from, after which it is sent nothing
    // until it sends something; 0 for no limit.
    std::uint32_t unheard_limit = 512;
    // What the network simulator does to every datagram the hub sends (network_simulator.hpp),
    // from the start; the console changes it with set_conditions().
    network_conditions network;
    std::uint64_t seed = 0;  // the simulator's
    // Messages replayed to each newcomer after its welcome (udpchat/history_mark.hpp), the
    // last ones relayed; 0 for none. They count against the newcomer's unheard limit like
    // anything else sent to it, and stop one short of it, so a spoofed join brings its victim
    // no more than it did without them, only sooner: at most the welcome and
    // min(history, unheard_limit - 2) replays at once.
    std::size_t history = default_history;
  };

  // With a tap, every datagram received and sent goes through it (--trace, --pcap).
  udp_hub(asio::io_context& io, const asio::ip::udp::endpoint& listen_on, log_sink log,
          options settings, std::unique_ptr<datagram_tap> tap = nullptr);

  asio::ip::udp::endpoint local_endpoint() const { return socket_.local_endpoint(); }
  void start();
  // Tells every member the hub is closing, then releases the socket. Safe to call twice.
  void close();
  // For the console's `who`: the member count, then one line per member, oldest first.
  std::vector<std::string> who_report() const;
  // From now on every datagram in and out is told to `watcher`, which must outlive the hub.
  void watch(hub_watcher& watcher) { watcher_ = &watcher; }
  // The same, for a watcher the hub keeps until it is destroyed.
  void watch(std::unique_ptr<hub_watcher> watcher) {
    owned_watcher_ = std::move(watcher);
    watch(*owned_watcher_);
  }
  // The members as they are now, for a watcher to show.
  const member_table& members() const { return members_; }
  // The network conditions from now on: logged, and told to the watcher. Datagrams already
  // held back still leave when due.
  void set_conditions(const network_conditions& conditions);
  const network_conditions& conditions() const { return simulator_.conditions(); }
  std::uint64_t seed() const { return simulator_.seed(); }
  // "network conditions: loss 20%, ...; seed 42", for the log.
  std::string conditions_report() const;
  // Before start(): every message relayed from now on is appended to `transcript`.
  void keep_transcript(std::unique_ptr<transcript_file> transcript);
  bool keeps_transcript() const { return transcript_ != nullptr; }
  // Reopens the transcript, after it was moved away (SIGHUP, runtime/reopen_signal.hpp).
  void reopen_transcript();

 private:
  // Waits until the socket has datagrams; receive_some() then takes them.
  void do_wait_readable();
  // Takes and handles datagrams until the socket has none left, or for a bounded number of
  // batches, after which it lets the other handlers (console, signals, timers) run first.
  void receive_some();
  // Waits for room in the socket's send buffer, sends, then goes on receiving.
  void wait_for_room();
  // When the receive path last found the socket's receive queue empty and had handled all it
  // took (the time of that receive), or nullopt if it has not since it last began a batch.
  std::optional<std::chrono::steady_clock::time_point> emptied_receive_queue_at() const;
  void handle_datagram(const asio::ip::udp::endpoint& from, std::string_view datagram);
  // Makes `from` a member, or refuses it and returns nullptr.
  member* admit(const asio::ip::udp::endpoint& from);
  // Whether the shared budget for replies to turned-away newcomers allows one more.
  bool may_refuse();
  void refuse(const asio::ip::udp::endpoint& from, std::string_view reason);
  bool within_rate(member& sender);
  void relay(member& sender, std::string_view text);
  // Keeps a relayed message for the history and the transcript, whichever the hub has.
  void keep_record(std::string_view relayed);
  // Sends `newcomer` the history, oldest first: the newest messages its unheard limit leaves
  // room for.
  void replay_history(member& newcomer);
  void rename(member& sender, std::string_view name);
  void tell_who(member& asker);
  void depart(const member& leaver, std::string_view notice, bool tell_others);
  void send_to_all(send_batch::payload datagram, outbound_kind kind);
  // `except` must be one of members_.
  void send_to_all_but(const member& except, send_batch::payload datagram, outbound_kind kind);
  // Sends to one member, counting it against the member's unheard limit.
  void send_to(member& to, send_batch::payload datagram, outbound_kind kind);
  void send_notice(member& to, std::string_view text, outbound_kind kind = outbound_kind::notice);
  // send_to() with whether anything observes the datagram (observed()) already asked.
  void deliver(member& to, send_batch::payload datagram, outbound_kind kind, bool observed);
  // Sends `to` the notice that it is paused: its unheard limit was reached.
  void pause(member& to);
  // Whether each datagram sent must go past the simulator or the watcher (emit_observed).
  bool observed() const { return watcher_ != nullptr || simulator_.conditions().any(); }
  // Every datagram the hub sends leaves through here, or through deliver() for a member.
  void emit(send_batch::payload datagram, const asio::ip::udp::endpoint& to, const asio::ip::address& from,
            outbound_kind kind, std::string_view name);
  // emit() for a hub that simulates network conditions or has a watcher (--trace, --pcap, --web).
  void emit_observed(send_batch::payload datagram, const asio::ip::udp::endpoint& to, const asio::ip::address& from,
                     outbound_kind kind, std::string_view name);
  // emit() while a network condition is on: the simulator decides what becomes of the datagram.
  void simulate(send_batch::payload datagram, const asio::ip::udp::endpoint& to, const asio::ip::address& from,
                outbound_kind kind, std::string_view name);
  // Queues a datagram held back by the simulator, or (past the bound) drops it.
  void hold_back(std::string_view datagram, const asio::ip::udp::endpoint& to, const asio::ip::address& from,
                 std::chrono::milliseconds delay, send_fate fate, outbound_kind kind, std::string_view name);
  // Tells the watcher, if any, what became of a datagram the hub sent, or meant to.
  void tell_sent(const asio::ip::udp::endpoint& to, const asio::ip::address& from, std::string_view datagram,
                 outbound_kind kind, send_fate fate, std::chrono::milliseconds delay, std::string_view name);
  // Sends what the simulator released, unless the receive path will with its own batch.
  void flush_released();
  // Tells the watcher, if any, that the datagram being handled was not used as its kind asks.
  void judge(inbound_verdict verdict);
  void schedule_sweep();
  // Removes members silent past the idle timeout, and logs what was refused or dropped.
  void sweep();
  void flush_after_sweep();
  // Logs what the simulator did since it last did, if anything.
  void log_simulated();
  // Logs how long the hub did not receive since the last sweep, if at all.
  void log_deafness(std::chrono::steady_clock::time_point now);

  asio::ip::udp::socket socket_;  // what the hub receives on
  std::optional<send_socket> sender_;  // what it sends on; made when socket_ is bound
  receive_batch incoming_;
  std::size_t received_ = 0;       // datagrams in incoming_
  std::size_t next_datagram_ = 0;  // the first of them not handled yet
  // The hub's address the datagram being handled was sent to (unspecified if the system did
  // not say): what a reply to its sender leaves from.
  asio::ip::address arrived_at_;
  send_batch outgoing_;
  member_table members_;
  log_sink log_;
  options settings_;
  std::chrono::steady_clock::time_point batch_time_;
  send_rate_limit member_rate_;
  send_rate_limit join_rate_;
  // Replies to newcomers that are turned away share one budget: a flood of spoofed newcomers
  // cannot make the hub reflect more than refusal_rate datagrams a second.
  send_rate_limit refusal_rate_;
  std::chrono::steady_clock::time_point refusals_full_at_;
  asio::steady_timer sweep_timer_;
  std::chrono::milliseconds sweep_period_;
  // Counted between sweeps and logged by them, so a flood costs one log line a sweep.
  std::size_t refused_full_ = 0;
  std::size_t refused_per_source_ = 0;
  std::size_t refused_join_rate_ = 0;
  std::size_t dropped_over_rate_ = 0;
  std::size_t paused_members_ = 0;
  std::unique_ptr<datagram_tap> tap_;  // null unless tracing or capturing
  hub_watcher* watcher_ = nullptr;  // null unless something watches (--web)
  network_simulator simulator_;
  delayed_datagrams delayed_;
  // What the simulator did since the last sweep, which logs it.
  struct simulated_counts {
    std::size_t lost = 0;
    std::size_t delayed = 0;
    std::size_t duplicated = 0;
    std::size_t reordered = 0;
    std::size_t overflowed = 0;
  } simulated_;
  bool waiting_to_flush_released_ = false;
  // Stopped while the receive path waits for room to send (wait_for_room). flush_released() and
  // close() wait for room too, but the receive path goes on meanwhile (or is over): not deaf.
  listening_clock listening_;
  // The received datagram being handled, which what is sent now answers (0 outside handling).
  hub_watcher::event_id cause_ = 0;
  asio::ip::udp::endpoint bound_;  // the address and port the socket is bound to
  // Bound to a wildcard address, the hub answers each member from the address it sent to;
  // bound to one, it gives no source and the system sends from that one.
  bool answers_from_arrival_ = false;
  bool closed_ = false;
  // The last messages relayed (--history), and the transcript (--transcript), if any. Only
  // keeps_record_ is looked at per message when the hub keeps neither.
  history_ring history_;
  std::unique_ptr<transcript_file> transcript_;
  bool keeps_record_ = false;
  // Last, so it goes first: nothing the hub holds is used by it once the hub is gone.
  std::unique_ptr<hub_watcher> owned_watcher_;
};

}  // namespace udpchat
