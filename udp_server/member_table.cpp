#include "member_table.hpp"

#include <algorithm>
#include <cstring>

#include "endpoint_text.hpp"
#include "udpchat/datagram_codec.hpp"

namespace udpchat {

std::string_view member::address() const {
  return relay_prefix().substr(0, relay_prefix_size - field_separator.size());
}

member* member_table::find(const endpoint& from) {
  const auto found = members_.find(from);
  return found == members_.end() ? nullptr : &found->second;
}

member& member_table::add(const endpoint& from, std::chrono::steady_clock::time_point now) {
  const std::string prefix = endpoint_text(from) + std::string{field_separator};
  member joining{};
  // The longest endpoint text, an IPv6 address with a scope name, needs 73 bytes with the
  // separator; the array has room for it.
  const std::size_t size = std::min(prefix.size(), joining.relay_prefix_bytes.size());
  std::memcpy(joining.relay_prefix_bytes.data(), prefix.data(), size);
  joining.relay_prefix_size = static_cast<std::uint8_t>(size);
  joining.joined_at = std::chrono::system_clock::now();
  joining.last_heard = now;
  joining.join_order = joins_++;
  return members_.emplace(from, joining).first->second;
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
