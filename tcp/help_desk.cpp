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

// What a remote agent is shown comes as relays from this sender (docs/protocol.md).
constexpr std::string_view desk_sender = "desk";

// `text` as one line to a remote agent: a customer's longest line, with its number and name
// before it, would not fit, so the end of such a text is cut (on a UTF-8 boundary), and the cut
// said.
std::shared_ptr<const std::string> agent_view_line(std::string_view text) {
  const std::size_t room = max_tcp_line_bytes - desk_sender.size() - field_separator.size();
  std::string relay_text = make_relay_text(text);
  if (relay_text.size() > room) {
    const std::string note = " [cut from " + std::to_string(relay_text.size()) + " bytes]";
    std::size_t keep = room - note.size();
    while (keep > 0 && (static_cast<unsigned char>(relay_text[keep]) & 0xC0U) == 0x80U) --keep;
    relay_text.resize(keep);
    relay_text += note;
  }
  return shared_line(encode_relay(desk_sender, relay_text));
}

}  // namespace

help_desk::help_desk(asio::io_context& io, const tcp::endpoint& listen_on, log_sink log,
                     options settings, std::unique_ptr<traffic_trace> trace)
    : server_{io, listen_on, log, {"desk", "customer", settings.limits, settings.flow}, std::move(trace)},
      log_{std::move(log)},
      agent_key_{std::move(settings.agent_key)},
      queue_news_{settings.queue_news},
      canned_{std::move(settings.canned)},
      transcript_dir_{std::move(settings.transcript_dir)},
      queue_news_timer_{io} {
  agents_.emplace(console_agent, agent{std::string{console_agent_name}, nullptr, "console", std::nullopt});
}

void help_desk::start() {
  server_.start({[this] { return customers_.size() + agents_.size() - (agents_.contains(console_agent) ? 1U : 0U); },
                 [this](std::shared_ptr<line_connection> connection) { arrive(std::move(connection)); },
                 [this](std::chrono::steady_clock::time_point now) {
                   server_.close_out_of_time(customers_, now,
                                             [this](customer_id id, std::string_view why) { forget(id, why); });
                 }});
  wait_for_queue_news();
}

std::string help_desk::label(customer_id id) const {
  const auto found = customers_.find(id);
  if (found != customers_.end() && !found->second.name.empty()) {
    return "#" + std::to_string(id) + " " + found->second.name;
  }
  return "#" + std::to_string(id);
}

std::string help_desk::label_with_address(customer_id id) const {
  const auto found = customers_.find(id);
  if (found == customers_.end()) return label(id);
  return "#" + std::to_string(id) + " " + named_sender(found->second.name, found->second.address);
}

void help_desk::record(customer& about, std::string_view entry) {
  if (about.transcript) about.transcript->record(entry);
}

help_desk::customer* help_desk::find(customer_id id) {
  const auto found = customers_.find(id);
  return found == customers_.end() ? nullptr : &found->second;
}

std::size_t help_desk::waiting_count() const {
  std::size_t waiting = 0;
  for (const auto& [id, each] : customers_) waiting += each.agent || each.name.empty() ? 0U : 1U;
  return waiting;
}

void help_desk::tell(line_connection& to, std::string_view notice) {
  to.deliver(shared_line(encode_relay(hub_sender, notice)));
}

void help_desk::show(agent_id to, std::string_view text) {
  if (to == console_agent) {
    log_(text);
    watch_console();
    return;
  }
  if (const agent* remote = find_agent(to); remote != nullptr && remote->connection) {
    remote->connection->deliver(agent_view_line(text));
  }
}

void help_desk::show_all(std::string_view text) {
  log_(text);
  watch_console();
  std::shared_ptr<const std::string> line;
  for (const auto& [id, each] : agents_) {
    if (!each.connection) continue;
    if (!line) line = agent_view_line(text);
    each.connection->deliver(line);
  }
}

void help_desk::announce(const customer& about, std::string_view text) {
  if (!about.agent) {
    show_all(text);
    return;
  }
  log_(text);
  if (*about.agent != console_agent) show(*about.agent, text);
}

void help_desk::show_customer_line(customer_id id, std::string_view text) {
  customer* sender = find(id);
  if (sender == nullptr) return;
  // Whole: the console is the console agent's only view of what the customer said.
  const std::string escaped = escape_for_terminal(text);
  const std::string line = label(id) + ": " + escaped;
  if (sender->agent) {
    show(*sender->agent, line);
    record(*sender, "customer: " + escaped);
  } else if (agents_.empty()) {
    show_all(line);
    record(*sender, "customer (nobody on, kept as a message): " + escaped);
    keep_left_message(id, escaped);
  } else {
    show_all(line);
    record(*sender, "customer: " + escaped);
  }
}

void help_desk::watch_console() {
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

void help_desk::arrive(std::shared_ptr<line_connection> connection) {
  const customer_id id = next_id_++;
  const auto now = std::chrono::steady_clock::now();
  customer arrived{connection, endpoint_text(connection->remote_endpoint()), std::nullopt, now, {}, now,
                   std::chrono::system_clock::now(), nullptr, false};
  // The log alone: the agents see a customer once they have a name and a place.
  log_(label(id) + " " + arrived.address + " arrived, asked for a name");
  customers_.emplace(id, std::move(arrived));
  // A desk's trace may be shown to a class or pasted into a bug report: an agent's key never is.
  connection->withhold_from_trace(is_agent_login, "an agent's login holds its key");
  connection->start(line_connection::handlers{
      [this, id](std::string_view line) { handle_line(id, line); },
      [this, id] {
        customer* sender = find(id);
        if (sender == nullptr) return;
        log_(label(id) + " sent a line longer than " + std::to_string(max_tcp_line_bytes) +
             " bytes; dropped");
        tell(*sender->connection, "error: line dropped: longer than " +
                                      std::to_string(max_tcp_line_bytes) + " bytes");
      },
      [this, id](std::string_view why) { peer_closed(id, why); },
      {},
      {}});
  tell(*connection, "welcome to the help desk, you are customer " + label(id) +
                        "; please send your name to join the queue; " +
                        idle_timeout_clause(server_.limits().idle_timeout) +
                        rate_limit_clause({server_.flow().lines_per_second, server_.flow().burst}) +
                        "send quit to leave");
}

void help_desk::handle_line(peer_id id, std::string_view line) {
  if (agents_.contains(id)) {
    handle_agent_line(id, line);
  } else {
    handle_customer_line(id, line);
  }
}

void help_desk::peer_closed(peer_id id, std::string_view why) {
  if (agents_.contains(id)) {
    agent_left(id, "disconnected (" + std::string{why} + ")");
  } else {
    forget(id, "disconnected (" + std::string{why} + ")");
  }
}

void help_desk::handle_customer_line(customer_id id, std::string_view line) {
  customer* sender = find(id);
  if (sender == nullptr) return;
  // Never shown to anyone, right or wrong: it may hold the agents' secret. A login is the first
  // line, in place of a name; a customer who has given one is only told so.
  if (is_agent_login(line)) {
    if (sender->name.empty()) {
      log_in(id, line);
    } else {
      tell(*sender->connection, "error: not sent: an agent logs in with /agent as the first line, not in a conversation");
    }
    return;
  }
  // An empty line (a join, in datagram terms) is a client's keepalive: its connection has
  // noted it as activity, and the agent is not bothered with it.
  const inbound_datagram inbound = classify_inbound(line);
  if (inbound.kind == inbound_kind::quit) {
    sender->connection->close_with(as_line(encode_relay(hub_sender, "goodbye")));
    forget(id, "left");
  } else if (inbound.kind == inbound_kind::message) {
    sender->last_said = std::chrono::steady_clock::now();
    if (sender->name.empty()) {
      take_name(id, inbound.text);
      return;
    }
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

void help_desk::rename(customer& sender, customer_id id, std::string_view name) {
  if (!is_valid_name(name)) {
    tell(*sender.connection, "error: name not changed: " + std::string{name_rule()});
    return;
  }
  const std::string before = label(id);
  sender.name = name;
  announce(sender, before + " is now called " + sender.name);
  record(sender, "now called " + sender.name);
  tell(*sender.connection, "the agent now sees you as " + sender.name);
}

void help_desk::forget(customer_id id, std::string_view what_happened) {
  const auto found = customers_.find(id);
  if (found == customers_.end()) return;
  const std::string who = label(id);
  customer gone = std::move(found->second);
  customers_.erase(found);
  if (gone.transcript) gone.transcript->end(what_happened);
  if (gone.name.empty()) {
    log_(who + " " + std::string{what_happened});
    return;
  }
  announce(gone, who + " " + std::string{what_happened});
  if (!gone.agent) {
    tell_queue_places(id);
    return;
  }
  agent* had = find_agent(*gone.agent);
  if (had != nullptr && had->current == id) {
    had->current.reset();
    show(*gone.agent, "nobody is current now: a plain line goes nowhere until you choose with /take N or /next (/to N text reaches N alone)");
  }
}

void help_desk::tell_queue_places(customer_id from) {
  std::size_t place = 0;
  for (auto& [id, each] : customers_) {
    if (each.agent || each.name.empty()) continue;
    ++place;
    if (id > from) tell(*each.connection, "you are now number " + std::to_string(place) + " in the queue");
  }
}

void help_desk::close() {
  if (closed_) return;
  closed_ = true;
  queue_news_timer_.cancel();
  const std::string closing = as_line(encode_departure(hub_sender, "closing"));
  for (auto& [id, each] : customers_) {
    each.connection->close_with(closing);
    if (each.transcript) each.transcript->end("the desk closed");
  }
  for (auto& [id, each] : agents_) {
    if (each.connection) each.connection->close_with(closing);
  }
  log_("closing, told " + counted(customers_.size(), "customer") +
       (agents_.size() > (agents_.contains(console_agent) ? 1U : 0U)
            ? " and " + counted(agents_.size() - (agents_.contains(console_agent) ? 1U : 0U), "remote agent")
            : std::string{}));
  customers_.clear();
  agents_.clear();
  server_.close();
}

}  // namespace udpchat
