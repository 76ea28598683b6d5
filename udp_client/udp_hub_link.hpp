// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <asio/io_context.hpp>
#include <asio/ip/udp.hpp>
#include <asio/steady_timer.hpp>
#include <deque>
#include <string>
#include <vector>

#include "chat_link.hpp"
#include "keepalive_timer.hpp"

namespace udpchat {

class traffic_trace;

// A UDP socket connected to one hub: only the hub's datagrams are received, and a hub that is
// not there shows up as a "connection refused" error instead of silence.
//
// It keeps the membership up: once the hub has shown it is a udpchat hub (by its welcome), an
// empty datagram goes out when nothing else has for a keepalive interval, and after every
// ack_every datagrams received, so the hub neither expires nor pauses this member. A hub that
// never says welcome (the original Python hub) gets no such datagrams. When the hub goes away
// (it says it is closing, or the system reports nobody listening), the link asks to join
// again every second, and holds what is typed meanwhile until the hub is back: until it says
// welcome, or, for a hub that says nothing, until a join goes a whole second unrefused.
class udp_hub_link final : public chat_link {
 public:
  // A non-empty `name` is asked for (/nick) each time the hub says welcome. With a trace,
  // every datagram sent and received is traced.
  udp_hub_link(asio::io_context& io, const asio::ip::udp::endpoint& hub,
               std::chrono::milliseconds keepalive_interval, std::string name,
               traffic_trace* trace = nullptr);

  // Starts receiving and makes this terminal a member at once (an empty datagram), so it sees
  // the conversation before it says anything.
  void start(handlers callbacks) override;
  void send(std::string_view message) override;
  void leave() override;
  std::string local_address() const override;
  std::size_t max_message_bytes() const override;
  std::size_t backlog_bytes() const override { return 0; }  // a datagram leaves at once or never

 private:
  void do_receive();
  void receive(std::string_view datagram);
  void send_now(std::string_view message);
  // A /nick typed by the user is the name to ask for after a restart.
  void remember_name(std::string_view message);
  void hub_went_away();
  void hub_is_back();
  void schedule_rejoin();

  asio::ip::udp::socket socket_;
  std::string hub_address_;
  std::string name_;
  traffic_trace* trace_;
  std::string trace_local_;  // this end as a trace shows it (only when tracing)
  handlers handlers_;
  std::vector<char> receive_buffer_ = std::vector<char>(65536);
  keepalive_timer keepalive_;
  asio::steady_timer rejoin_timer_;
  std::deque<std::string> held_;  // typed while the hub was away
  std::size_t received_since_sent_ = 0;
  bool hub_is_udpchat_ = false;
  bool hub_away_ = false;
  bool probed_ = false;               // a join went out since the hub went away
  bool refused_since_probe_ = false;  // and the system said nobody is listening
};

}  // namespace udpchat
