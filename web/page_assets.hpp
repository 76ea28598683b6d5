// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <span>
#include <string_view>

namespace udpchat::web {

// One file of the page, embedded in the program at build time from web/page/.
struct page_asset {
  std::string_view path;  // as requested: "/" for index.html, "/app.js", ...
  std::string_view content_type;
  std::string_view body;
};

std::span<const page_asset> page_assets();

}  // namespace udpchat::web
