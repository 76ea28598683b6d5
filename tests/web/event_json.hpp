// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <nlohmann/json.hpp>
#include <optional>

#include "http_client.hpp"

namespace udpchat::testing {

// The JSON object an event-stream event carries in its data field; null when no event came.
// Throws nlohmann::json::parse_error when the data is not JSON.
inline nlohmann::json data_of(const std::optional<sse_event>& event) {
  return event ? nlohmann::json::parse(event->data) : nlohmann::json{};
}

}  // namespace udpchat::testing
