// SPDX-License-Identifier: GPL-3.0-or-later
// The help desk's queue: the name a newcomer gives before joining it, the news each waiting
// customer hears, and the messages kept while no agent is on.
#include <algorithm>
#include <iterator>

#include "help_desk.hpp"
#include "log_text.hpp"
#include "udpchat/member_command.hpp"
#include "udpchat/member_name.hpp"
#include "udpchat/queue_estimate.hpp"
#include "udpchat/terminal_safe.hpp"

namespace udpchat {
namespace {

constexpr std::string_view nobody_on =
    "nobody is at the desk now: what you send is kept as a message for the next agent, or wait for one";

}  // namespace

void help_desk::take_name(customer_id id, std::string_view text) {
  customer* newcomer = find(id);
  if (newcomer == nullptr) return;
  std::string_view name = text;
  if (const auto command = parse_member_command(text); command && command->kind == member_command_kind::nick) {
    name = command->argument;
  }
  const auto first = name.find_first_not_of(' ');
  name = first == std::string_view::npos ? std::string_view{} : name.substr(first, name.find_last_not_of(' ') + 1 - first);
  if (!is_valid_name(name)) {
    tell(*newcomer->connection, "error: that is not a name: " + std::string{name_rule()} + "; please send your name");
    return;
  }
  newcomer->name = name;
  const std::size_t place = waiting_count();
  if (transcript_dir_) {
    newcomer->transcript = desk_transcript::open(*transcript_dir_, id, newcomer->name, newcomer->address,
                                                 newcomer->arrived_at, log_);
  }
  record(*newcomer, "waiting, number " + std::to_string(place) + " in the queue");
  tell(*newcomer->connection, "thank you, " + newcomer->name + ": you are number " + std::to_string(place) +
                                  " in the queue" + (agents_.empty() ? "; " + std::string{nobody_on} : wait_clause(place)));
  show_all(label_with_address(id) + " is waiting, " + std::to_string(place) + " waiting");
}

void help_desk::keep_left_message(customer_id id, std::string_view text) {
  customer* sender = find(id);
  if (sender == nullptr) return;
  if (left_messages_.size() >= max_left_messages) {
    tell(*sender->connection, "error: message not kept: " + std::to_string(max_left_messages) +
                                  " messages wait for the next agent already");
    return;
  }
  left_messages_.push_back({std::chrono::system_clock::now(), label_with_address(id), std::string{text}});
  if (!sender->told_kept) {
    sender->told_kept = true;
    tell(*sender->connection, "kept: the next agent to come on will see what you send while nobody is here");
  }
}

void help_desk::show_left_messages(agent_id to) {
  if (left_messages_.empty()) return;
  show(to, counted(left_messages_.size(), "message") + " left while nobody was on:");
  for (const auto& each : left_messages_) {
    show(to, "  " + clock_time(each.when) + " " + each.who + ": " + each.text);
  }
  left_messages_.clear();
}

void help_desk::note_pickup() {
  recent_pickups_.push_back(std::chrono::steady_clock::now());
  while (recent_pickups_.size() > max_estimate_pickups) recent_pickups_.pop_front();
}

std::string help_desk::wait_clause(std::size_t place) const {
  const std::vector<std::chrono::steady_clock::time_point> pickups(recent_pickups_.begin(), recent_pickups_.end());
  const auto wait = estimated_wait(place, pickups);
  return wait ? "; estimated wait " + describe_wait(*wait) : "; no estimate of the wait yet";
}

void help_desk::tell_queue_news() {
  std::size_t place = 0;
  for (auto& [id, each] : customers_) {
    if (each.agent || each.name.empty()) continue;
    ++place;
    tell(*each.connection, "you are number " + std::to_string(place) + " in the queue" +
                               (agents_.empty() ? "; " + std::string{nobody_on} : wait_clause(place)));
  }
}

void help_desk::wait_for_queue_news() {
  if (queue_news_ <= std::chrono::milliseconds::zero() || closed_) return;
  queue_news_timer_.expires_after(queue_news_);
  queue_news_timer_.async_wait([this](asio::error_code error) {
    if (error || closed_) return;
    tell_queue_news();
    wait_for_queue_news();
  });
}

}  // namespace udpchat
