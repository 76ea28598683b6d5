// SPDX-License-Identifier: GPL-3.0-or-later
#include "utf8_arguments.hpp"

#include <windows.h>
#include <shellapi.h>

#include <string>
#include <vector>

namespace udpchat {
namespace {

std::string to_utf8(const wchar_t* text) {
  const int size = WideCharToMultiByte(CP_UTF8, 0, text, -1, nullptr, 0, nullptr, nullptr);
  if (size <= 1) return {};
  std::string converted(static_cast<std::size_t>(size), '\0');
  WideCharToMultiByte(CP_UTF8, 0, text, -1, converted.data(), size, nullptr, nullptr);
  converted.pop_back();  // the terminating null WideCharToMultiByte counted
  return converted;
}

}  // namespace

char** utf8_arguments(int argc, char** argv) {
  // Converted once, kept for the rest of the program (cxxopts and the programs keep pointers).
  static std::vector<std::string> arguments;
  static std::vector<char*> pointers;
  int count = 0;
  wchar_t** wide = CommandLineToArgvW(GetCommandLineW(), &count);
  if (wide == nullptr) return argv;
  if (count != argc) {  // not the command line main() was given: keep what it was given
    LocalFree(wide);
    return argv;
  }
  arguments.clear();
  for (int i = 0; i < count; ++i) arguments.push_back(to_utf8(wide[i]));
  LocalFree(wide);
  pointers.clear();
  for (auto& argument : arguments) pointers.push_back(argument.data());
  pointers.push_back(nullptr);
  return pointers.data();
}

}  // namespace udpchat
