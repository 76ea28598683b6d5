#pragma once

#include <string_view>

namespace udpchat {

// Writes "YYYY-MM-DD HH:MM:SS <text>" (local time) as one line on standard output and flushes
// it, so a log piped to a file or another program is complete line by line.
void log_line(std::string_view text);

}  // namespace udpchat
