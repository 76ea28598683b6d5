// SPDX-License-Identifier: GPL-3.0-or-later
#include "append_file.hpp"

#include <cerrno>
#include <cstdio>

namespace udpchat {

// The C library's "ab": every write goes to the end of the file, and 0x0a stays one byte.
struct append_file::handle {
  std::FILE* file;
};

namespace {

std::error_code last_error() { return {errno != 0 ? errno : EIO, std::generic_category()}; }

}  // namespace

append_file::append_file(const std::string& path) {
  errno = 0;
  std::FILE* const file = std::fopen(path.c_str(), "ab");
  if (file == nullptr) throw std::system_error{last_error()};
  std::setvbuf(file, nullptr, _IONBF, 0);
  handle_ = std::make_unique<handle>(handle{file});
}

append_file::~append_file() { std::fclose(handle_->file); }

std::error_code append_file::write(std::string_view bytes) {
  errno = 0;
  if (std::fwrite(bytes.data(), 1, bytes.size(), handle_->file) != bytes.size()) return last_error();
  return {};
}

}  // namespace udpchat
