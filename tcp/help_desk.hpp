// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "agent_command.hpp"
#include "connection_limits.hpp"
#include "desk_login.hpp"
#include "desk_transcript.hpp"
#include "flow_limits.hpp"
#include "line_connection.hpp"
#include "line_server.hpp"
#include "log_text.hpp"
#include "terminal.hpp"
#include "traffic_trace.hpp"
#include "udpchat/canned_replies.hpp"

namespace udpchat {

// The TCP help desk: agents and customers, each conversation one customer and one agent.
// A customer is asked for a name first (by the /nick rule; "/nick NAME" answers too), then
// waits in one queue until an agent takes them, hearing their place and an estimated wait
// every queue_news. Each agent has their own current customer and chooses where each reply
// goes. The agent at the console is on from the start until the console's input ends (a desk
// run as a service, with stdin on /dev/null, has no console agent); remote agents log in over
// the customers' port with the desk's key (desk_login.hpp) and are on until they leave. With
// nobody on, what a waiting customer says is kept as a message, and the next agent to log in
// is shown every message kept. One thread.
// What an agent sees goes to that agent alone: the console agent's view is the log, a remote
// agent's is its connection. A waiting customer is every agent's to see; a customer taken is
// their agent's alone, and their lines reach the log only when that agent is the console's.
// Limits (connection_limits.hpp): past max_connections a newcomer is told the desk is full and
// closed; a customer silent too long, or too slow to finish a line, is told why and closed, and
// the agents see them time out. Remote agents count against max_connections and never time out.
class help_desk {
 public:
  struct options {
    connection_limits limits;
    flow_limits flow;
    // The secret remote agents log in with (desk_key_file.hpp); without it there are none.
    std::optional<std::string> agent_key;
    // How often each waiting customer hears their place and estimated wait; 0 for never.
    std::chrono::milliseconds queue_news{std::chrono::minutes{1}};
    std::vector<canned_reply> canned;  // for /c and /canned (udpchat/canned_replies.hpp)
    // Where each conversation's transcript goes (desk_transcript.hpp); none without it.
    std::optional<std::string> transcript_dir;
  };

  // The console agent's name, to customers (as the sender of its replies) and to /transfer.
  static constexpr std::string_view console_agent_name = "agent";
  // Failed remote logins allowed per address within login_window (see login_attempt_limit),
  // and how many addresses are remembered.
  static constexpr std::size_t max_failed_logins = 5;
  static constexpr std::chrono::minutes login_window{10};
  static constexpr std::size_t max_login_addresses = 1024;
  // Messages kept while nobody is on, at most; past it a customer is told theirs is not kept.
  static constexpr std::size_t max_left_messages = 500;

  // With a trace, every line to and from every peer is traced (see line_connection).
  help_desk(asio::io_context& io, const asio::ip::tcp::endpoint& listen_on, log_sink log,
            options settings, std::unique_ptr<traffic_trace> trace = nullptr);

  asio::ip::tcp::endpoint local_endpoint() const { return server_.local_endpoint(); }
  void start();
  // Carries out one command of the console agent (see agent_command.hpp); quit is the caller's.
  void handle(const agent_command& command) { handle(console_agent, command); }
  // The console's input ended: its agent leaves, and their customers go back to the queue.
  void console_ended();
  // Tells every customer and agent the desk is closing and closes every connection. Safe to
  // call twice.
  void close();
  // The console is the only place the console agent sees a customer's line, so it must drop
  // none: while it has more than console_high_water_mark bytes unwritten, no peer is read from,
  // until console_drained() says it has caught up. `console` outlives the desk's I/O.
  void follow_console(const terminal& console) { console_ = &console; }
  void console_drained();
  // Customers connected, waiting or talking (remote agents are not customers).
  std::size_t customer_count() const { return customers_.size(); }
  static constexpr std::size_t console_high_water_mark = 64 * 1024;

 private:
  // Customers and remote agents are numbered together, one number per connection: a
  // connection is a customer until it logs in as an agent.
  using peer_id = std::uint64_t;
  using customer_id = peer_id;
  using agent_id = peer_id;
  static constexpr agent_id console_agent = 0;

  struct customer {
    std::shared_ptr<line_connection> connection;
    std::string address;
    std::optional<agent_id> agent;  // who has taken them; none while they wait
    std::chrono::steady_clock::time_point arrived;
    // Empty until they give one: only then are they in the queue, and seen by the agents.
    std::string name;
    // Its last message or command, not a keepalive (an empty line): what an agent's /who
    // shows as idle time.
    std::chrono::steady_clock::time_point last_said;
    std::chrono::system_clock::time_point arrived_at;  // for the transcript
    std::unique_ptr<desk_transcript> transcript;       // none without a transcript_dir
    bool told_kept = false;  // told that, with nobody on, their lines are kept as a message
  };
  struct left_message {
    std::chrono::system_clock::time_point when;
    std::string who;   // "#3 Maria (192.0.2.7:41000)"
    std::string text;  // escaped for a terminal
  };
  struct agent {
    std::string name;
    std::shared_ptr<line_connection> connection;  // none for the console agent
    std::string address;                          // "console" for the console agent
    std::optional<customer_id> current;
  };

  // help_desk.cpp: customers, and what the agents are shown.
  void arrive(std::shared_ptr<line_connection> connection);
  void handle_line(peer_id id, std::string_view line);
  void handle_customer_line(customer_id id, std::string_view line);
  void peer_closed(peer_id id, std::string_view why);
  // Forgets the customer, whose connection is closed or closing, and tells the agents.
  void forget(customer_id id, std::string_view what_happened);
  customer* find(customer_id id);
  // After the queue changed: tells each waiting customer behind `from` their new place.
  void tell_queue_places(customer_id from);
  std::size_t waiting_count() const;
  // "#3", or "#3 alice" once the customer has a name.
  std::string label(customer_id id) const;
  // "#3 alice (192.0.2.7:41000)".
  std::string label_with_address(customer_id id) const;
  void rename(customer& sender, customer_id id, std::string_view name);
  void record(customer& about, std::string_view entry);
  static void tell(line_connection& to, std::string_view notice);
  // To one agent's view.
  void show(agent_id to, std::string_view text);
  // To the log and to every remote agent.
  void show_all(std::string_view text);
  // News about a customer: to the log, and to their agent, or to every agent while they wait.
  void announce(const customer& about, std::string_view text);
  // A customer's own line: to their agent alone, or to every agent while they wait.
  void show_customer_line(customer_id id, std::string_view text);
  // Holds every peer back while the console is behind.
  void watch_console();

  // desk_queue.cpp: the name a newcomer gives, the queue, and what is kept while nobody is on.
  void take_name(customer_id id, std::string_view text);
  void keep_left_message(customer_id id, std::string_view text);
  void show_left_messages(agent_id to);
  void note_pickup();
  void tell_queue_news();
  void wait_for_queue_news();
  // "; estimated wait about 3 minutes", or what is said instead.
  std::string wait_clause(std::size_t place) const;
  // desk_agents.cpp: remote agents logging in and out.
  void log_in(customer_id id, std::string_view line);
  void refuse_login(customer_id id, std::string_view name, const std::string& why, std::string_view reply);
  void handle_agent_line(agent_id id, std::string_view line);
  // The agent is gone (their connection closed or closing): their customers wait again.
  void agent_left(agent_id id, std::string_view why);
  agent* find_agent(agent_id id);
  std::optional<agent_id> agent_named(std::string_view name) const;
  void list_agents(agent_id to);

  // desk_commands.cpp: what an agent asks for.
  void handle(agent_id by, const agent_command& command);
  // Whether `by` may speak to or close customer `id`: theirs, or waiting. Says why not.
  customer* customer_for(agent_id by, customer_id id);
  void say_to(agent_id by, customer_id id, std::string_view text);
  void take(agent_id by, customer_id id);
  void pick_up(agent_id by, customer_id id);
  void transfer(agent_id by, customer_id id, std::string_view to_name);
  void close_conversation(agent_id by, customer_id id);
  void list_customers(agent_id to);
  void send_canned(agent_id by, std::string_view name, std::optional<customer_id> to);
  void list_canned(agent_id to);

  line_server server_;
  log_sink log_;
  std::optional<std::string> agent_key_;
  std::chrono::milliseconds queue_news_;
  std::vector<canned_reply> canned_;
  std::optional<std::string> transcript_dir_;
  asio::steady_timer queue_news_timer_;
  std::deque<std::chrono::steady_clock::time_point> recent_pickups_;
  std::deque<left_message> left_messages_;
  std::map<customer_id, customer> customers_;  // ordered by id, so by arrival
  std::map<agent_id, agent> agents_;
  login_attempt_limit login_limit_{max_failed_logins, login_window, max_login_addresses};
  customer_id next_id_ = 1;
  const terminal* console_ = nullptr;
  bool holding_for_console_ = false;
  bool closed_ = false;
};

}  // namespace udpchat
