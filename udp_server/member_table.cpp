#include "member_table.hpp"

#include <algorithm>

namespace udpchat {

member* member_table::find(const endpoint& from) {
  const auto found = index_.find(from);
  return found == index_.end() ? nullptr : &members_[found->second];
}

member& member_table::add(const endpoint& from, std::chrono::steady_clock::time_point now) {
  index_.emplace(from, static_cast<std::uint32_t>(members_.size()));
  return members_.emplace_back(member{from, std::chrono::system_clock::now(), now, joins_++});
}

void member_table::remove(const endpoint& from) {
  const auto found = index_.find(from);
  if (found == index_.end()) return;
  const std::uint32_t position = found->second;
  index_.erase(found);
  // The last member takes the leaver's slot, so the array stays dense.
  if (position + 1 != members_.size()) {
    members_[position] = members_.back();
    index_[members_[position].endpoint] = position;
  }
  members_.pop_back();
}

std::vector<const member*> member_table::in_join_order() const {
  std::vector<const member*> ordered;
  ordered.reserve(members_.size());
  for (const auto& each : members_) ordered.push_back(&each);
  std::sort(ordered.begin(), ordered.end(),
            [](const member* a, const member* b) { return a->join_order < b->join_order; });
  return ordered;
}

}  // namespace udpchat
