// SPDX-License-Identifier: GPL-3.0-or-later
// What an agent asks of the help desk (agent_command.hpp), the console's or a remote one.
#include <algorithm>

#include "help_desk.hpp"
#include "udpchat/datagram_codec.hpp"
#include "udpchat/line_framer.hpp"
#include "udpchat/terminal_safe.hpp"

namespace udpchat {
namespace {

std::string seconds_since(std::chrono::steady_clock::time_point then) {
  const auto elapsed = std::chrono::steady_clock::now() - then;
  return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(elapsed).count()) + "s";
}

}  // namespace

help_desk::customer* help_desk::customer_for(agent_id by, customer_id id) {
  customer* found = find(id);
  if (found == nullptr) {
    show(by, "there is no customer " + label(id) + "; /who lists them");
    return nullptr;
  }
  if (found->name.empty()) {
    show(by, label(id) + " has not given a name yet, and is not in the queue");
    return nullptr;
  }
  if (found->agent && *found->agent != by) {
    const agent* other = find_agent(*found->agent);
    show(by, label(id) + " is with agent " + (other != nullptr ? other->name : std::string{"?"}) +
                 ", who can /transfer them to you");
    return nullptr;
  }
  return found;
}

void help_desk::say_to(agent_id by, customer_id id, std::string_view text) {
  customer* to = customer_for(by, id);
  if (to == nullptr) return;
  const agent* from = find_agent(by);
  if (from == nullptr) return;
  const std::string relay_text = make_relay_text(text);
  const std::size_t room = max_tcp_line_bytes - from->name.size() - field_separator.size();
  if (relay_text.size() > room) {
    show(by, "not sent: " + std::to_string(relay_text.size()) + " bytes, at most " + std::to_string(room) +
                 " fit in one line");
    return;
  }
  // A word to a waiting customer ("one moment") keeps their place: /next still reaches them.
  to->connection->deliver(shared_line(encode_relay(from->name, relay_text)));
  record(*to, "agent " + from->name + ": " + escape_for_terminal(text));
  show(by, "to " + label(id) + ": " + log_excerpt(relay_text));
}

void help_desk::pick_up(agent_id by, customer_id id) {
  customer* picked = find(id);
  if (picked == nullptr || picked->agent) return;
  picked->agent = by;
  tell(*picked->connection, "an agent is with you now");
  const agent* taker = find_agent(by);
  const std::string name = taker != nullptr ? taker->name : std::string{};
  log_(label(id) + " picked up by " + name + " after waiting " + seconds_since(picked->arrived));
  record(*picked, "taken by " + name);
  note_pickup();
  for (const auto& [id_of, each] : agents_) {
    if (id_of != by && each.connection) show(id_of, label(id) + " taken by " + name);
  }
  tell_queue_places(id);
}

void help_desk::take(agent_id by, customer_id id) {
  customer* taken = customer_for(by, id);
  agent* taker = find_agent(by);
  if (taken == nullptr || taker == nullptr) return;
  taker->current = id;
  pick_up(by, id);
  show(by, "now talking to " + label_with_address(id));
}

void help_desk::transfer(agent_id by, customer_id id, std::string_view to_name) {
  customer* moving = customer_for(by, id);
  if (moving == nullptr) return;
  const auto to = agent_named(to_name);
  if (!to) {
    show(by, "there is no agent called " + escape_for_terminal(to_name) + "; /agents lists them");
    return;
  }
  if (*to == by) {
    show(by, label(id) + " is yours already");
    return;
  }
  agent* from = find_agent(by);
  agent* receiver = find_agent(*to);
  const bool was_waiting = !moving->agent;
  moving->agent = *to;
  if (from != nullptr && from->current == id) from->current.reset();
  if (!receiver->current) receiver->current = id;
  tell(*moving->connection, "you are now with another agent, " + receiver->name);
  const std::string from_name = from != nullptr ? from->name : std::string{};
  log_(label(id) + " transferred from " + from_name + " to " + receiver->name);
  record(*moving, "transferred from " + from_name + " to " + receiver->name);
  show(by, label(id) + " is with " + receiver->name + " now" +
               (from != nullptr && !from->current ? "; nobody is current: choose with /take N or /next" : ""));
  show(*to, label(id) + " " + moving->address + " transferred to you by " + from_name +
                (receiver->current == id ? "; now talking to " + label(id) : "; /take " + std::to_string(id) + " to talk to them"));
  if (was_waiting) tell_queue_places(id);
}

void help_desk::close_conversation(agent_id by, customer_id id) {
  customer* closing = customer_for(by, id);
  if (closing == nullptr) return;
  closing->connection->close_with(as_line(encode_relay(hub_sender, "the agent closed the conversation; goodbye")));
  forget(id, "closed");
}

void help_desk::list_customers(agent_id to) {
  show(to, counted(customers_.size(), "customer") + ", " + std::to_string(waiting_count()) + " waiting");
  const agent* asking = find_agent(to);
  for (const auto& [id, each] : customers_) {
    std::string state = "waiting for " + seconds_since(each.arrived);
    if (each.name.empty()) {
      state = "asked for a name " + seconds_since(each.arrived) + " ago";
    } else if (each.agent) {
      const agent* with = find_agent(*each.agent);
      state = (*each.agent == to ? std::string{"talking"} : "with " + (with != nullptr ? with->name : std::string{"?"})) +
              ", idle " + seconds_since(each.last_said);
    }
    const bool current = asking != nullptr && asking->current == id;
    show(to, (current ? "* " : "  ") + label_with_address(id) + "  " + state);
  }
}

void help_desk::send_canned(agent_id by, std::string_view name, std::optional<customer_id> to) {
  const auto reply = std::find_if(canned_.begin(), canned_.end(), [name](const canned_reply& each) { return each.name == name; });
  if (reply == canned_.end()) {
    show(by, "there is no canned reply called " + escape_for_terminal(name) + "; /canned lists them");
    return;
  }
  const agent* asking = find_agent(by);
  if (!to && asking != nullptr) to = asking->current;
  if (!to) {
    show(by, "not sent: nobody is current; use /c " + reply->name + " N");
    return;
  }
  const customer* receiver = find(*to);
  if (receiver == nullptr) {
    show(by, "there is no customer " + label(*to) + "; /who lists them");
    return;
  }
  say_to(by, *to, fill_canned_reply(reply->text, receiver->name, *to));
}

void help_desk::list_canned(agent_id to) {
  if (canned_.empty()) {
    show(to, "no canned replies: the desk was started without --canned");
    return;
  }
  show(to, std::to_string(canned_.size()) + (canned_.size() == 1 ? " canned reply:" : " canned replies:"));
  for (const auto& each : canned_) show(to, "  " + each.name + "  " + escape_for_terminal(each.text));
}

void help_desk::handle(agent_id by, const agent_command& command) {
  agent* asking = find_agent(by);
  if (asking == nullptr) return;
  switch (command.action) {
    case agent_action::nothing:
    case agent_action::quit:
      return;
    case agent_action::say: {
      // Only to the customer the agent chose: after the current one leaves, falling back to
      // whoever is left would send a reply (a reset code, an address) to a stranger.
      if (asking->current) {
        say_to(by, *asking->current, command.text);
      } else if (customers_.empty()) {
        show(by, "not sent: no customers yet");
      } else {
        show(by, "not sent: nobody is current; choose with /take N or /next, or use /to N text (/who lists " +
                     counted(customers_.size(), "customer") + ")");
      }
      return;
    }
    case agent_action::say_to:
      say_to(by, *command.customer, command.text);
      return;
    case agent_action::take:
      take(by, *command.customer);
      return;
    case agent_action::next: {
      for (const auto& [id, each] : customers_) {
        if (!each.agent && !each.name.empty()) {
          take(by, id);
          return;
        }
      }
      show(by, "nobody is waiting");
      return;
    }
    case agent_action::who:
      list_customers(by);
      return;
    case agent_action::agents:
      list_agents(by);
      return;
    case agent_action::transfer:
      transfer(by, *command.customer, command.text);
      return;
    case agent_action::close: {
      const auto which = command.customer ? command.customer : asking->current;
      if (which) {
        close_conversation(by, *which);
      } else {
        show(by, "whose conversation? nobody is current; use /close N (/who lists them)");
      }
      return;
    }
    case agent_action::canned:
      send_canned(by, command.text, command.customer);
      return;
    case agent_action::list_canned:
      list_canned(by);
      return;
    case agent_action::help:
      show(by, "commands: <text> to the current customer, /to N text, /take N, /next, /who, /agents, "
               "/transfer N AGENT, /c NAME [N], /canned, /close [N], //text for a line starting with /, quit");
      return;
    case agent_action::invalid:
      show(by, std::string{command.text});
      return;
  }
}

}  // namespace udpchat
