// SPDX-License-Identifier: GPL-3.0-or-later
#include "agent_link.hpp"

#include <variant>

#include "udpchat/datagram_codec.hpp"
#include "udpchat/terminal_safe.hpp"

namespace udpchat {
namespace {

// The desk's words (tcp/help_desk.cpp, tcp/desk_agents.cpp, docs/protocol.md).
constexpr std::string_view desk_sender = "desk";
constexpr std::string_view customer_welcome = "welcome to the help desk";
constexpr std::string_view agent_welcome = "welcome, agent ";

}  // namespace

agent_link::agent_link(asio::io_context& io, const std::vector<asio::ip::tcp::endpoint>& server,
                       std::chrono::milliseconds timeout, std::chrono::milliseconds keepalive_interval,
                       std::string name, std::string secret, traffic_trace* trace,
                       const std::optional<tls_client_settings>& tls)
    : link_{io, server, timeout, keepalive_interval, {}, trace, tls}, name_{std::move(name)}, secret_{std::move(secret)} {}

void agent_link::start(handlers callbacks) {
  // A trace is for showing: the key stays off it, as it stays off the desk's.
  link_.withhold_from_trace([login = "/agent " + name_ + " " + secret_](std::string_view line) { return line == login; },
                            "an agent's login holds its key");
  link_.start(handlers{
      [this, on_message = callbacks.on_message, on_notice = callbacks.on_notice](std::string_view message) {
        const auto decoded = decode_datagram(message);
        const auto* relayed = std::get_if<relayed_message>(&decoded);
        if (relayed != nullptr && relayed->sender == desk_sender) {
          on_notice(escape_for_terminal(relayed->text));
          return;
        }
        if (relayed != nullptr && relayed->sender == hub_sender && !logged_in_) {
          if (relayed->text.starts_with(customer_welcome)) return;
          logged_in_ = relayed->text.starts_with(agent_welcome);
        }
        on_message(message);
      },
      callbacks.on_notice,
      [this, on_closed = callbacks.on_closed] {
        refused_ = !logged_in_;
        on_closed();
      },
      callbacks.on_sent});
  link_.send("/agent " + name_ + " " + secret_);
}

std::string agent_link::refusal() const {
  return refused_ ? "the desk did not let " + name_ + " in as an agent" : std::string{};
}

}  // namespace udpchat
