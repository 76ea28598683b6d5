// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <chrono>
#include <vector>

namespace udpchat {

// The delay before the next address is tried while earlier attempts are still pending: RFC 8305
// ("Happy Eyeballs" version 2), section 5, recommends 250 ms.
inline constexpr std::chrono::milliseconds connection_attempt_delay{250};

// Connects to the first of `server` (in order, RFC 8305 style) that accepts: an attempt starts
// at once for the first address, and for each next one when the previous has failed or has gone
// connection_attempt_delay without connecting; earlier attempts go on meanwhile, and the first
// to connect wins (the others are closed). Runs `io` itself, so it must be called before
// anything else is started on it. Throws std::system_error when none connects within `timeout`
// (asio::error::timed_out) or all have failed (the last address's error).
asio::ip::tcp::socket connect_first(asio::io_context& io, const std::vector<asio::ip::tcp::endpoint>& server,
                                    std::chrono::milliseconds timeout);

}  // namespace udpchat
