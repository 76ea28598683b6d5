// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The hub's --web option, where the build has the web view (libmicrohttpd): the Linux build has
// it (web_option.cpp); the Windows build does not (web_option_absent.cpp), and its --help does not
// mention it.

#include <asio/io_context.hpp>
#include <cstdint>
#include <cxxopts.hpp>
#include <memory>
#include <string_view>

#include "log_text.hpp"

namespace udpchat {

class udp_hub;

// The view, serving from the time it is opened.
class hub_web_view {
 public:
  virtual ~hub_web_view() = default;
  // Starts watching `hub` on its io_context, and logs the page's address once the hub runs.
  virtual void watch(asio::io_context& io, udp_hub& hub, std::uint32_t unheard_limit, const log_sink& log) = 0;
};

// Adds --web to `spec` where this build has the view.
void add_web_option(cxxopts::Options& spec);

// The paragraph of --help about the view, ending in a blank line; empty without the view.
std::string_view web_help_paragraph();

// Opens the view when --web was given: nullptr when it was not, or when it cannot be opened;
// then `status` is set to the exit status (2 for a bad address, 1 when it cannot listen or
// libmicrohttpd cannot be loaded) after saying why in one line on stderr, prefixed by `program`.
std::unique_ptr<hub_web_view> open_web_option(const cxxopts::ParseResult& options, const char* program,
                                              int& status);

}  // namespace udpchat
