// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <asio/io_context.hpp>
#include <asio/ip/udp.hpp>
#include <asio/steady_timer.hpp>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "chat_link.hpp"
#include "keepalive_timer.hpp"
#include "send_rate_limit.hpp"

namespace udpchat {

class traffic_trace;
struct hub_news;

// A UDP socket connected to one hub: only the hub's datagrams are received, and a hub that is
// not there shows up as a "connection refused" error instead of silence.
//
// Finding the hub: each address the hub's name stands for is asked in turn (an empty
// datagram) until one says welcome. A refusal moves on at once, and so does a second without
// an answer; a hub that never says welcome (the original Python hub) is taken at the first
// address that was not refused. Until then, what is typed waits, so that a name given is in
// place, and the rate limit known, before the first message.
//
// Membership: once the hub has shown it is a udpchat hub (by its welcome), an empty datagram
// goes out when nothing else has for a keepalive interval, and after every ack_every
// datagrams received, so the hub neither expires nor pauses this member. A hub that never says
// welcome gets no such datagrams.
//
// Delivery: a typed line is sent within the rate limit the welcome states, and stays
// "unconfirmed" until the hub has shown it is alive since: any datagram from it, or, after a
// short silence, an empty probe that goes unrefused (without probes, for a hub that never says
// welcome). When the hub goes away (it says it is closing, or the system reports nobody
// listening), unconfirmed lines go back to the front of the queue, the link asks to join again
// every second, and the queue is sent, paced, when the hub is back: when it says welcome (not
// a refusal such as "the hub is full"), or, for a hub that says nothing, when a join goes a
// whole second unrefused. A line the hub relayed just before it crashed, and before it was
// confirmed, is therefore sent again after the restart: a rare duplicate is the price of never
// losing a line silently.
class udp_hub_link final : public chat_link {
 public:
  // `hub` lists the addresses to try, in order (never empty). A non-empty `name` is asked for
  // (/nick) each time the hub says welcome. With a trace, every datagram sent and received is
  // traced.
  udp_hub_link(asio::io_context& io, const std::vector<asio::ip::udp::endpoint>& hub,
               std::chrono::milliseconds keepalive_interval, std::string name,
               traffic_trace* trace = nullptr);

  // Starts receiving and asks the first address to make this terminal a member at once (an
  // empty datagram), so it sees the conversation before it says anything.
  void start(handlers callbacks) override;
  void send(std::string_view message) override;
  void leave() override;
  std::string local_address() const override;
  std::string server_address() const override { return hub_address_; }
  std::size_t max_message_bytes() const override;
  std::size_t backlog_bytes() const override { return queued_bytes_; }
  bool input_should_pause() const override;
  bool input_may_resume() const override;
  // Done when the queue is sent and confirmed and a moment has passed for the hub's notices,
  // or when nothing has been sent or confirmed for give_up_after (the hub stays away).
  void finish_sending(std::function<void()> done) override;
  undelivered what_was_lost() const override;

  static constexpr std::chrono::seconds give_up_after{5};

 private:
  enum class phase { finding, live, away };
  struct queued_line {
    std::string text;
    bool typed;  // false for the link's own /nick
  };
  struct sent_line {
    std::uint64_t number;
    std::string text;
  };

  void open(std::size_t candidate);
  // Replaces the socket with a fresh one on the same local address, connected to the same hub
  // (port_unreachable.hpp); on another local port if that address is taken meanwhile.
  void renew_socket();
  void do_receive();
  void receive(std::string_view datagram);
  void refused();
  // refused(), after renewing the socket where its receive would not survive the report
  // (port_unreachable.hpp).
  void refused_on_socket();
  // Sends one datagram; false when the system reports the hub refused an earlier one (then
  // nothing was sent, and the link has taken the hub to be away).
  bool send_now(std::string_view message);
  void pump();
  void remember_name(std::string_view message);
  void welcomed(const hub_news& news);
  void ask(std::size_t candidate);
  void try_next_address(bool refused_here);
  void settle();
  void hub_went_away();
  void hub_is_back();
  void schedule_rejoin();
  void requeue_unconfirmed();
  void arm_confirmation();
  void confirm_all();
  void made_progress();
  void check_finished();
  void show_refusal(std::string_view datagram);

  asio::io_context& io_;
  std::vector<asio::ip::udp::endpoint> candidates_;
  std::size_t candidate_ = 0;
  std::optional<std::size_t> first_silent_;  // the first address neither refused nor answered
  bool refused_this_round_ = false;
  asio::ip::udp::socket socket_;
  // Times renew_socket() replaced the socket: a receive armed before a renewal is not armed
  // again by its handler, the renewal having armed its own.
  std::size_t renewals_ = 0;
  std::string hub_address_;
  std::string name_;
  traffic_trace* trace_;
  std::string trace_local_;  // this end as a trace shows it (only when tracing)
  handlers handlers_;
  std::vector<char> receive_buffer_ = std::vector<char>(65536);
  keepalive_timer keepalive_;
  asio::steady_timer rejoin_timer_;  // also the wait for an answer while finding the hub
  asio::steady_timer pace_timer_;
  asio::steady_timer confirm_timer_;
  asio::steady_timer finish_timer_;
  phase phase_ = phase::finding;
  std::deque<queued_line> queue_;  // not sent yet: paced, or held while the hub is away
  std::size_t queued_bytes_ = 0;
  std::deque<sent_line> unconfirmed_;
  std::uint64_t sent_lines_ = 0;
  enum class confirm_stage { idle, probing, confirming } confirm_stage_ = confirm_stage::idle;
  std::uint64_t probe_covers_ = 0;  // lines numbered up to this are confirmed if it goes unrefused
  std::optional<send_rate_limit> rate_;
  send_rate_limit::clock::time_point rate_full_at_{};
  std::size_t received_since_sent_ = 0;
  bool hub_is_udpchat_ = false;
  bool probed_ = false;               // a join went out since the hub went away
  bool refused_since_probe_ = false;  // and the system said nobody is listening
  bool told_held_ = false;
  std::string last_refusal_;  // shown once while it stays the same
  std::size_t not_relayed_ = 0;
  bool over_rate_ = false;
  std::function<void()> finished_;
  bool waiting_for_notices_ = false;
  bool left_ = false;
};

}  // namespace udpchat
