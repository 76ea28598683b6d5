// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// How a remote agent logs in to the help desk: its first line on the customers' port is
//
//   /agent NAME KEY
//
// NAME follows the /nick rule (udpchat/member_name.hpp) and KEY is the rest of the line, the
// secret both sides read from their --agent-key-file (desk_key_file.hpp). The desk answers a
// good login with "hub____welcome, agent NAME; ..." and anything else with one
// "hub____error: ..." line and a close (docs/protocol.md).

#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace udpchat {

inline constexpr std::string_view agent_login_command = "/agent";

struct agent_login {
  std::string_view name;
  std::string_view key;
};

// Whether a customer's line is a login attempt, good or bad: "/agent" alone or followed by a
// space. Such a line is never shown to anyone, since it may hold a secret.
bool is_agent_login(std::string_view line);
// NAME and KEY of a login line; nullopt when either is missing. NAME is not checked here.
std::optional<agent_login> parse_agent_login(std::string_view line);

// Whether `given` is `expected`, in a time that depends on neither (both are hashed with
// SHA-256 first, and the digests compared with OpenSSL's CRYPTO_memcmp), so a wrong guess says
// nothing about how close it was, nor about the secret's length.
bool same_secret(std::string_view given, std::string_view expected);

// Failed logins counted per address (the IP, without the port): past max_failures within one
// window, an address gets no more tries until the window that began with its first failure
// has passed. The table holds at most max_addresses; a new address past that takes the place of
// the one whose window began first. Pure: the caller gives the time.
class login_attempt_limit {
 public:
  using clock = std::chrono::steady_clock;
  login_attempt_limit(std::size_t max_failures, clock::duration window, std::size_t max_addresses);

  // Whether `address` may try now.
  bool may_try(const std::string& address, clock::time_point now);
  void failed(const std::string& address, clock::time_point now);
  void succeeded(const std::string& address) { failures_.erase(address); }
  std::size_t addresses() const { return failures_.size(); }
  std::size_t max_failures() const { return max_failures_; }
  clock::duration window() const { return window_; }

 private:
  struct record {
    clock::time_point first_failure;
    std::size_t count = 0;
  };
  std::size_t max_failures_;
  clock::duration window_;
  std::size_t max_addresses_;
  std::map<std::string, record> failures_;
};

}  // namespace udpchat
