// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "agent_command.hpp"
#include "connection_limits.hpp"
#include "flow_limits.hpp"
#include "line_connection.hpp"
#include "line_server.hpp"
#include "log_text.hpp"
#include "terminal.hpp"
#include "traffic_trace.hpp"

namespace udpchat {

// The TCP help desk: one agent at the console, any number of customers, each conversation one
// to one. Customers wait in a queue until the agent picks them up; the agent chooses where each
// reply goes. One thread.
// Limits (connection_limits.hpp): past max_connections a newcomer is told the desk is full and
// closed; a customer silent too long, or too slow to finish a line, is told why and closed, and
// the agent sees them time out.
class help_desk {
 public:
  struct options {
    connection_limits limits;
    flow_limits flow;
  };

  // With a trace, every line to and from every peer is traced (see line_connection).
  help_desk(asio::io_context& io, const asio::ip::tcp::endpoint& listen_on, log_sink log,
            options settings, std::unique_ptr<traffic_trace> trace = nullptr);

  asio::ip::tcp::endpoint local_endpoint() const { return server_.local_endpoint(); }
  void start();
  // Carries out one agent command (see agent_command.hpp); quit is the caller's.
  void handle(const agent_command& command);
  // Tells every customer the desk is closing and closes every connection. Safe to call twice.
  void close();
  // The agent's console is the only place a customer's line is shown, so it must drop none:
  // while it has more than console_high_water_mark bytes unwritten, no customer is read from,
  // until console_drained() says it has caught up. `console` outlives the desk's I/O.
  void follow_console(const terminal& console) { console_ = &console; }
  void console_drained();
  static constexpr std::size_t console_high_water_mark = 64 * 1024;

 private:
  using customer_id = std::uint64_t;
  struct customer {
    std::shared_ptr<line_connection> connection;
    std::string address;
    bool picked_up = false;
    std::chrono::steady_clock::time_point arrived;
    std::string name;  // chosen with /nick, shown to the agent beside the number
    // Its last message or command, not a keepalive (an empty line): what the agent's /who
    // shows as idle time.
    std::chrono::steady_clock::time_point last_said;  // chosen with /nick, shown to the agent beside the number
  };

  void arrive(std::shared_ptr<line_connection> connection);
  void handle_customer_line(customer_id id, std::string_view line);
  // Forgets the customer, whose connection is closed or closing, and tells the agent.
  void forget(customer_id id, std::string_view what_happened);
  void say_to(customer_id id, std::string_view text);
  void pick_up(customer_id id);
  void take(customer_id id);
  void close_conversation(customer_id id);
  void list_customers() const;
  customer* find(customer_id id);
  // After the queue changed: tells each waiting customer behind `from` their new place.
  void tell_queue_places(customer_id from);
  std::size_t waiting_count() const;
  // "#3", or "#3 alice" once the customer has a name.
  std::string label(customer_id id) const;
  void rename(customer& sender, customer_id id, std::string_view name);
  // Shows a customer's line to the agent, and holds customers back if the console is behind.
  void show_customer_line(customer_id id, std::string_view text);
  static void tell(line_connection& to, std::string_view notice);

  line_server server_;
  log_sink log_;
  std::map<customer_id, customer> customers_;  // ordered by id, so by arrival
  std::optional<customer_id> current_;
  customer_id next_id_ = 1;
  const terminal* console_ = nullptr;
  bool holding_for_console_ = false;
  bool closed_ = false;
};

}  // namespace udpchat
