// SPDX-License-Identifier: GPL-3.0-or-later
// A build without the web view (no libmicrohttpd for the platform): no --web option at all.
#include "web_option.hpp"

namespace udpchat {

void add_web_option(cxxopts::Options&) {}

std::string_view web_help_paragraph() { return {}; }

std::unique_ptr<hub_web_view> open_web_option(const cxxopts::ParseResult&, const char*, int&) { return nullptr; }

}  // namespace udpchat
