#include "member_table.hpp"

#include <algorithm>

#include "endpoint_text.hpp"
#include "udpchat/datagram_codec.hpp"

namespace udpchat {

member* member_table::find(const endpoint& from) {
  const auto found = members_.find(from);
  return found == members_.end() ? nullptr : &found->second;
}

member& member_table::add(const endpoint& from) {
  std::string address = endpoint_text(from);
  std::string prefix = address + std::string{field_separator};
  const auto now = std::chrono::system_clock::now();
  auto [where, added] = members_.emplace(
      from, member{std::move(address), std::move(prefix), now, std::chrono::steady_clock::now(),
                   joins_++});
  return where->second;
}

void member_table::remove(const endpoint& from) { members_.erase(from); }

std::vector<const member*> member_table::in_join_order() const {
  std::vector<const member*> ordered;
  ordered.reserve(members_.size());
  for (const auto& entry : members_) ordered.push_back(&entry.second);
  std::sort(ordered.begin(), ordered.end(),
            [](const member* a, const member* b) { return a->join_order < b->join_order; });
  return ordered;
}

}  // namespace udpchat
