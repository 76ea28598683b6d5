// SPDX-License-Identifier: GPL-3.0-or-later
#include "help_desk.hpp"

#include "endpoint_text.hpp"
#include "udpchat/datagram_codec.hpp"
#include "udpchat/line_framer.hpp"
#include "udpchat/member_command.hpp"
#include "udpchat/member_name.hpp"
#include "udpchat/terminal_safe.hpp"
#include "udpchat/welcome_text.hpp"

namespace udpchat {
namespace {

using asio::ip::tcp;

constexpr std::string_view agent_sender = "agent";

std::string seconds_since(std::chrono::steady_clock::time_point then) {
  const auto elapsed = std::chrono::steady_clock::now() - then;
  return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(elapsed).count()) + "s";
}

}  // namespace

help_desk::help_desk(asio::io_context& io, const tcp::endpoint& listen_on, log_sink log,
                     options settings, std::unique_ptr<traffic_trace> trace)
    : server_{io, listen_on, log, {"desk", "customer", settings.limits, settings.flow}, std::move(trace)},
      log_{std::move(log)} {}

void help_desk::start() {
  server_.start({[this] { return customers_.size(); },
                 [this](std::shared_ptr<line_connection> connection) { arrive(std::move(connection)); },
                 [this](std::chrono::steady_clock::time_point now) {
                   server_.close_out_of_time(customers_, now,
                                             [this](customer_id id, std::string_view why) { forget(id, why); });
                 }});
}

std::string help_desk::label(customer_id id) const {
  const auto found = customers_.find(id);
  if (found != customers_.end() && !found->second.name.empty()) {
    return "#" + std::to_string(id) + " " + found->second.name;
  }
  return "#" + std::to_string(id);
}

help_desk::customer* help_desk::find(customer_id id) {
  const auto found = customers_.find(id);
  return found == customers_.end() ? nullptr : &found->second;
}

std::size_t help_desk::waiting_count() const {
  std::size_t waiting = 0;
  for (const auto& [id, each] : customers_) waiting += each.picked_up ? 0U : 1U;
  return waiting;
}

void help_desk::tell(line_connection& to, std::string_view notice) {
  to.deliver(shared_line(encode_relay(hub_sender, notice)));
}

void help_desk::arrive(std::shared_ptr<line_connection> connection) {
  const customer_id id = next_id_++;
  const auto now = std::chrono::steady_clock::now();
  const customer& arrived =
      customers_.emplace(id, customer{connection, endpoint_text(connection->remote_endpoint()), false, now, {}, now})
          .first->second;
  const std::size_t place = waiting_count();
  log_(label(id) + " " + arrived.address + " arrived, " + std::to_string(place) + " waiting");
  connection->start(line_connection::handlers{
      [this, id](std::string_view line) { handle_customer_line(id, line); },
      [this, id] {
        customer* sender = find(id);
        if (sender == nullptr) return;
        log_(label(id) + " sent a line longer than " + std::to_string(max_tcp_line_bytes) +
             " bytes; dropped");
        tell(*sender->connection, "error: line dropped: longer than " +
                                      std::to_string(max_tcp_line_bytes) + " bytes");
      },
      [this, id](std::string_view why) { forget(id, "disconnected (" + std::string{why} + ")"); },
      {},
      {}});
  tell(*connection, "welcome to the help desk, you are customer " + label(id) + ", number " +
                        std::to_string(place) + " in the queue; " +
                        idle_timeout_clause(server_.limits().idle_timeout) +
                        rate_limit_clause({server_.flow().lines_per_second, server_.flow().burst}) +
                        "send quit to leave");
}

void help_desk::handle_customer_line(customer_id id, std::string_view line) {
  customer* sender = find(id);
  if (sender == nullptr) return;
  // An empty line (a join, in datagram terms) is a client's keepalive: its connection has
  // noted it as activity, and the agent is not bothered with it.
  const inbound_datagram inbound = classify_inbound(line);
  if (inbound.kind == inbound_kind::quit) {
    sender->connection->close_with(as_line(encode_relay(hub_sender, "goodbye")));
    forget(id, "left");
  } else if (inbound.kind == inbound_kind::message) {
    sender->last_said = std::chrono::steady_clock::now();
    const auto command = parse_member_command(inbound.text);
    if (!command) {
      show_customer_line(id, inbound.text);
    } else if (command->kind == member_command_kind::nick) {
      rename(*sender, id, command->argument);
    } else {
      tell(*sender->connection, "error: the customers of a help desk are not listed");
    }
  }
}

void help_desk::show_customer_line(customer_id id, std::string_view text) {
  // Whole: the console is the agent's only view of what the customer said.
  log_(label(id) + ": " + escape_for_terminal(text));
  if (console_ != nullptr && !holding_for_console_ && console_->unwritten_bytes() > console_high_water_mark) {
    holding_for_console_ = true;
    server_.gate().hold();
  }
}

void help_desk::console_drained() {
  if (!holding_for_console_) return;
  holding_for_console_ = false;
  server_.gate().release();
}

void help_desk::rename(customer& sender, customer_id id, std::string_view name) {
  if (!is_valid_name(name)) {
    tell(*sender.connection, "error: name not changed: " + std::string{name_rule()});
    return;
  }
  const std::string before = label(id);
  sender.name = name;
  log_(before + " is now called " + sender.name);
  tell(*sender.connection, "the agent now sees you as " + sender.name);
}

void help_desk::forget(customer_id id, std::string_view what_happened) {
  const auto found = customers_.find(id);
  if (found == customers_.end()) return;
  const bool was_waiting = !found->second.picked_up;
  const std::string who = label(id);
  customers_.erase(found);
  log_(who + " " + std::string{what_happened});
  if (current_ == id) {
    current_.reset();
    log_("nobody is current now: a plain line goes nowhere until you choose with /take N or /next (/to N text reaches N alone)");
  }
  if (was_waiting) tell_queue_places(id);
}

void help_desk::tell_queue_places(customer_id from) {
  std::size_t place = 0;
  for (auto& [id, each] : customers_) {
    if (each.picked_up) continue;
    ++place;
    if (id > from) tell(*each.connection, "you are now number " + std::to_string(place) + " in the queue");
  }
}

void help_desk::pick_up(customer_id id) {
  customer* picked = find(id);
  if (picked == nullptr || picked->picked_up) return;
  picked->picked_up = true;
  tell(*picked->connection, "an agent is with you now");
  log_(label(id) + " picked up after waiting " + seconds_since(picked->arrived));
  tell_queue_places(id);
}

void help_desk::say_to(customer_id id, std::string_view text) {
  customer* to = find(id);
  if (to == nullptr) {
    log_("there is no customer " + label(id) + "; /who lists them");
    return;
  }
  const std::string relay_text = make_relay_text(text);
  const std::size_t room = max_tcp_line_bytes - agent_sender.size() - field_separator.size();
  if (relay_text.size() > room) {
    log_("not sent: " + std::to_string(relay_text.size()) + " bytes, at most " +
         std::to_string(room) + " fit in one line");
    return;
  }
  // A word to a waiting customer ("one moment") keeps their place: /next still reaches them.
  to->connection->deliver(shared_line(encode_relay(agent_sender, relay_text)));
  log_("to " + label(id) + ": " + log_excerpt(relay_text));
}

void help_desk::take(customer_id id) {
  if (find(id) == nullptr) {
    log_("there is no customer " + label(id) + "; /who lists them");
    return;
  }
  current_ = id;
  pick_up(id);
  log_("now talking to " + label(id) + " " + find(id)->address);
}

void help_desk::close_conversation(customer_id id) {
  customer* closing = find(id);
  if (closing == nullptr) {
    log_("there is no customer " + label(id) + "; /who lists them");
    return;
  }
  closing->connection->close_with(as_line(encode_relay(hub_sender, "the agent closed the conversation; goodbye")));
  forget(id, "closed");
}


void help_desk::list_customers() const {
  log_(counted(customers_.size(), "customer") + ", " + std::to_string(waiting_count()) + " waiting");
  for (const auto& [id, each] : customers_) {
    const std::string state = each.picked_up
                                  ? "talking, idle " + seconds_since(each.last_said)
                                             : "waiting for " + seconds_since(each.arrived);
    log_((current_ == id ? "* " : "  ") + label(id) + " " + each.address + "  " + state);
  }
}

void help_desk::handle(const agent_command& command) {
  switch (command.action) {
    case agent_action::nothing:
    case agent_action::quit:
      return;
    case agent_action::say: {
      // Only to the customer the agent chose: after the current one leaves, falling back to
      // whoever is left would send a reply (a reset code, an address) to a stranger.
      if (current_) {
        say_to(*current_, command.text);
      } else if (customers_.empty()) {
        log_("not sent: no customers yet");
      } else {
        log_("not sent: nobody is current; choose with /take N or /next, or use /to N text (/who lists " +
             counted(customers_.size(), "customer") + ")");
      }
      return;
    }
    case agent_action::say_to:
      say_to(*command.customer, command.text);
      return;
    case agent_action::take:
      take(*command.customer);
      return;
    case agent_action::next: {
      for (const auto& [id, each] : customers_) {
        if (!each.picked_up) {
          take(id);
          return;
        }
      }
      log_("nobody is waiting");
      return;
    }
    case agent_action::who:
      list_customers();
      return;
    case agent_action::close: {
      const auto which = command.customer ? command.customer : current_;
      if (which) {
        close_conversation(*which);
      } else {
        log_("whose conversation? nobody is current; use /close N (/who lists them)");
      }
      return;
    }
    case agent_action::help:
      log_("commands: <text> to the current customer, /to N text, /take N, "
           "/next, /who, /close [N], //text for a line starting with /, quit");
      return;
    case agent_action::invalid:
      log_(std::string{command.text});
      return;
  }
}

void help_desk::close() {
  if (closed_) return;
  closed_ = true;
  const std::string closing = as_line(encode_departure(hub_sender, "closing"));
  for (auto& [id, each] : customers_) each.connection->close_with(closing);
  log_("closing, told " + counted(customers_.size(), "customer"));
  customers_.clear();
  server_.close();
}

}  // namespace udpchat
