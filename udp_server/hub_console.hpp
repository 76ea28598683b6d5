// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <functional>
#include <string_view>

#include "log_text.hpp"
#include "udp_hub.hpp"

namespace udpchat {

// One line typed at the hub's console: `who` and `quit` as every server takes them, and the
// network conditions (`loss 20`, `delay 300:100`, `duplicate 5`, `reorder 10`, `normal`,
// `conditions`; see udpchat/network_conditions.hpp), which change at once and are logged. A bad
// value is logged and changes nothing; any other line lists the commands.
void hub_console_line(udp_hub& hub, std::string_view line, const log_sink& log,
                      const std::function<void()>& shut_down);

}  // namespace udpchat
