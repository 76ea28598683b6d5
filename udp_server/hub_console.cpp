// SPDX-License-Identifier: GPL-3.0-or-later
#include "hub_console.hpp"

#include <string>

#include "server_main.hpp"
#include "udpchat/network_conditions.hpp"

namespace udpchat {

void hub_console_line(udp_hub& hub, std::string_view line, const log_sink& log,
                      const std::function<void()>& shut_down) {
  const auto command = parse_condition_command(line, hub.conditions());
  if (!command.error.empty()) {
    log(command.error);
  } else if (!command.value) {
    if (line.empty() || line == "who" || line == "quit") {
      who_or_quit(hub, line, log, shut_down);
    } else {
      log("console commands: who, quit, " + std::string{condition_commands});
    }
  } else if (command.value->kind == condition_command_kind::show) {
    log(hub.conditions_report());
  } else {
    hub.set_conditions(command.value->conditions);
  }
}

}  // namespace udpchat
