// SPDX-License-Identifier: GPL-3.0-or-later
// The help desk's remote agents: logging in (desk_login.hpp), their commands, and leaving.
#include <algorithm>
#include <vector>

#include "endpoint_text.hpp"
#include "help_desk.hpp"
#include "udpchat/datagram_codec.hpp"
#include "udpchat/member_name.hpp"
#include "udpchat/terminal_safe.hpp"

namespace udpchat {
namespace {

// Names a remote agent may not take: the console agent's, and the senders the desk speaks as.
bool is_reserved_agent_name(std::string_view name) {
  return name == help_desk::console_agent_name || name == hub_sender || name == "desk";
}

}  // namespace

help_desk::agent* help_desk::find_agent(agent_id id) {
  const auto found = agents_.find(id);
  return found == agents_.end() ? nullptr : &found->second;
}

std::optional<help_desk::agent_id> help_desk::agent_named(std::string_view name) const {
  for (const auto& [id, each] : agents_) {
    if (each.name == name) return id;
  }
  return std::nullopt;
}

void help_desk::refuse_login(customer_id id, std::string_view name, const std::string& why, std::string_view reply) {
  customer* trying = find(id);
  if (trying == nullptr) return;
  // A name past the rule's length is cut for the log: it is the login's to choose.
  const std::string_view shown = name.substr(0, 2 * max_name_bytes);
  log_("agent login" + (name.empty() ? std::string{} : " as " + escape_for_terminal(shown)) + " from " +
       trying->address + " refused: " + why);
  trying->connection->close_with(as_line(encode_relay(hub_sender, "error: " + std::string{reply})));
  // Gone as a customer too: it was never one, and the agents saw it arrive.
  forget(id, "was a refused agent login");
}

void help_desk::log_in(customer_id id, std::string_view line) {
  customer* trying = find(id);
  if (trying == nullptr) return;
  if (!agent_key_) {
    refuse_login(id, {}, "this desk has no --agent-key-file", "this desk takes no remote agents");
    return;
  }
  const std::string address = trying->connection->remote_endpoint().address().to_string();
  const auto now = std::chrono::steady_clock::now();
  const auto login = parse_agent_login(line);
  const std::string_view name = login ? login->name : std::string_view{};
  if (!login_limit_.may_try(address, now)) {
    refuse_login(id, name,
                 "too many failed logins from " + address + " (" + std::to_string(max_failed_logins) + " within " +
                     std::to_string(login_window.count()) + "m)",
                 "too many failed agent logins; try again later");
    return;
  }
  if (!login || !same_secret(login->key, *agent_key_)) {
    login_limit_.failed(address, now);
    refuse_login(id, name, login ? "wrong key" : "not /agent NAME KEY", "agent login refused: wrong key");
    return;
  }
  login_limit_.succeeded(address);
  if (!is_valid_name(name) || is_reserved_agent_name(name)) {
    refuse_login(id, name, "not a name an agent can have",
                 "agent login refused: " + std::string{name_rule()} + ", and not agent, hub or desk");
    return;
  }
  if (agent_named(name)) {
    refuse_login(id, name, "an agent of that name is on", "agent login refused: an agent called " +
                                                               std::string{name} + " is on already");
    return;
  }
  const auto connection = trying->connection;
  const std::string where = trying->address;
  const bool was_queued = !trying->name.empty() && !trying->agent;
  if (trying->transcript) trying->transcript->end("logged in as agent " + std::string{name});
  customers_.erase(id);
  if (was_queued) tell_queue_places(id);
  log_("agent login as " + std::string{name} + " from " + where + " accepted");
  show_all("agent " + std::string{name} + " " + where + " is on now");
  agents_.emplace(id, agent{std::string{name}, connection, where, std::nullopt});
  tell(*connection, "welcome, agent " + std::string{name} + "; " +
                        counted(customers_.size(), "customer") + ", " + std::to_string(waiting_count()) +
                        " waiting; /help lists the commands; quit leaves the desk");
  show_left_messages(id);
}

void help_desk::handle_agent_line(agent_id id, std::string_view line) {
  agent* from = find_agent(id);
  if (from == nullptr) return;
  const agent_command command = parse_agent_line(line);
  if (command.action == agent_action::quit) {
    from->connection->close_with(as_line(encode_relay(hub_sender, "goodbye")));
    agent_left(id, "left");
    return;
  }
  handle(id, command);
}

void help_desk::console_ended() {
  if (agents_.contains(console_agent)) agent_left(console_agent, "left: the console's input ended");
}

void help_desk::agent_left(agent_id id, std::string_view why) {
  const auto found = agents_.find(id);
  if (found == agents_.end()) return;
  const std::string name = found->second.name;
  agents_.erase(found);
  std::string returned;
  std::vector<customer_id> returned_ids;
  for (auto& [customer_number, each] : customers_) {
    if (each.agent != id) continue;
    each.agent.reset();
    record(each, "agent " + name + " left; waiting again");
    returned += (returned.empty() ? "" : ", ") + label(customer_number);
    returned_ids.push_back(customer_number);
  }
  show_all("agent " + name + " " + std::string{why} +
           (returned.empty() ? std::string{} : "; back in the queue: " + returned));
  if (returned.empty()) return;
  std::size_t place = 0;
  for (auto& [customer_number, each] : customers_) {
    if (each.agent || each.name.empty()) continue;
    ++place;
    tell(*each.connection, "you are now number " + std::to_string(place) + " in the queue" +
                               (std::find(returned_ids.begin(), returned_ids.end(), customer_number) != returned_ids.end()
                                    ? ": your agent has left the desk"
                                    : ""));
  }
}

void help_desk::list_agents(agent_id to) {
  show(to, counted(agents_.size(), "agent") + " on");
  for (const auto& [id, each] : agents_) {
    std::size_t theirs = 0;
    for (const auto& [customer_number, one] : customers_) theirs += one.agent == id ? 1U : 0U;
    show(to, (id == to ? "* " : "  ") + each.name + " " + each.address + "  " + counted(theirs, "customer") +
                 (each.current ? ", talking to " + label(*each.current) : std::string{}));
  }
}

}  // namespace udpchat
