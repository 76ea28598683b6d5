// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Reading what a program under test wrote to disk: the names in a directory, a file's bytes.

#include <dirent.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace udpchat::testing {

// The names in `directory`, "." and ".." left out, in no particular order; none when it cannot
// be read.
inline std::vector<std::string> files_in(const std::string& directory) {
  std::vector<std::string> names;
  if (DIR* listing = ::opendir(directory.c_str())) {
    while (const dirent* entry = ::readdir(listing)) {
      const std::string name = entry->d_name;
      if (name != "." && name != "..") names.push_back(name);
    }
    ::closedir(listing);
  }
  return names;
}

// The whole content of the file at `path`; empty when it cannot be read.
inline std::string whole_file(const std::string& path) {
  std::ifstream in{path};
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace udpchat::testing
