// SPDX-License-Identifier: GPL-3.0-or-later
#include "desk_login.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>
#include <array>

namespace udpchat {
namespace {

using digest = std::array<unsigned char, 32>;  // SHA-256, FIPS 180-4

digest sha256(std::string_view text) {
  digest out{};
  unsigned int size = 0;
  // Only fails when the library cannot allocate; the digest then stays zero for both sides of
  // the comparison, which same_secret() refuses below.
  if (EVP_Digest(text.data(), text.size(), out.data(), &size, EVP_sha256(), nullptr) != 1) out.fill(0);
  return out;
}

}  // namespace

bool is_agent_login(std::string_view line) {
  if (!line.starts_with(agent_login_command)) return false;
  return line.size() == agent_login_command.size() || line[agent_login_command.size()] == ' ';
}

std::optional<agent_login> parse_agent_login(std::string_view line) {
  if (!is_agent_login(line)) return std::nullopt;
  std::string_view rest = line.substr(agent_login_command.size());
  rest.remove_prefix(std::min(rest.size(), rest.find_first_not_of(' ')));
  const auto space = rest.find(' ');
  if (space == std::string_view::npos || space == 0) return std::nullopt;
  const std::string_view name = rest.substr(0, space);
  const std::string_view key = rest.substr(space + 1);
  if (key.empty()) return std::nullopt;
  return agent_login{name, key};
}

bool same_secret(std::string_view given, std::string_view expected) {
  const digest a = sha256(given);
  const digest b = sha256(expected);
  constexpr digest zero{};
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0 && b != zero && !expected.empty();
}

login_attempt_limit::login_attempt_limit(std::size_t max_failures, clock::duration window,
                                         std::size_t max_addresses)
    : max_failures_{max_failures}, window_{window}, max_addresses_{std::max<std::size_t>(max_addresses, 1)} {}

bool login_attempt_limit::may_try(const std::string& address, clock::time_point now) {
  const auto found = failures_.find(address);
  if (found == failures_.end()) return true;
  if (now - found->second.first_failure >= window_) {
    failures_.erase(found);
    return true;
  }
  return found->second.count < max_failures_;
}

void login_attempt_limit::failed(const std::string& address, clock::time_point now) {
  auto found = failures_.find(address);
  if (found != failures_.end() && now - found->second.first_failure >= window_) {
    failures_.erase(found);
    found = failures_.end();
  }
  if (found == failures_.end()) {
    if (failures_.size() >= max_addresses_) {
      const auto oldest = std::min_element(failures_.begin(), failures_.end(), [](const auto& a, const auto& b) {
        return a.second.first_failure < b.second.first_failure;
      });
      failures_.erase(oldest);
    }
    found = failures_.emplace(address, record{now, 0}).first;
  }
  ++found->second.count;
}

}  // namespace udpchat
