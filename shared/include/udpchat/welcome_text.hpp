// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The part of a server's welcome that a terminal acts on: how long the server keeps a member
// that says nothing ("...; idle timeout 10m; ..."), so the terminal can keep alive often enough.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace udpchat {

// "idle timeout 10m; ", or "" for a server that keeps silent members for ever (a zero timeout).
std::string idle_timeout_clause(std::chrono::milliseconds idle_timeout);

// The idle timeout a welcome announces, if it announces one that parses.
std::optional<std::chrono::milliseconds> idle_timeout_in(std::string_view welcome);

}  // namespace udpchat
