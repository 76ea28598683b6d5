// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the help desk's agent can type. Pure parsing, no I/O.
//
//   <text>             say <text> to the current customer (or to the only one)
//   /to N <text>       say <text> to customer N (N or #N)
//   /take N            make customer N the current one
//   /next              make the customer who has waited longest the current one
//   /who               list the customers
//   /agents            list the agents on the desk
//   /transfer N AGENT  hand customer N over to agent AGENT (by name)
//   /c NAME [N]        send canned reply NAME to customer N (default: as for <text>)
//   /canned            list the canned replies
//   /close [N]         end the conversation with customer N (default: as for <text>)
//   /help              list these commands
//   quit, /quit        tell every customer the desk is closing, and exit
//   //<text>           say "/<text>" (a line that starts with a slash)

#include <cstdint>
#include <optional>
#include <string_view>

namespace udpchat {

enum class agent_action {
  nothing, say, say_to, take, next, who, close, help, quit, agents, transfer, canned, list_canned, invalid
};

struct agent_command {
  agent_action action = agent_action::nothing;
  std::optional<std::uint64_t> customer;  // for say_to, take, transfer, and close or canned with a number
  std::string_view text;  // for say and say_to; the agent for transfer; the reply for canned; the reason for invalid
};

agent_command parse_agent_line(std::string_view line);

}  // namespace udpchat
