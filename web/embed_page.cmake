# SPDX-License-Identifier: GPL-3.0-or-later
# Writes OUTPUT, a C++ file holding every file named in FILES (paths under PAGE_DIR) as a byte
# array, with the path the page is served at and its content type. Run at build time
# (cmake -P), so an edit to the page rebuilds the program that serves it.
cmake_minimum_required(VERSION 3.25)

set(arrays "")
set(entries "")
set(index 0)
foreach(name IN LISTS FILES)
  file(READ "${PAGE_DIR}/${name}" hex HEX)
  string(LENGTH "${hex}" hex_length)
  math(EXPR size "${hex_length} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  # An empty file still needs one element; its size says 0.
  if(size EQUAL 0)
    set(bytes "0x00,")
  endif()
  get_filename_component(extension "${name}" LAST_EXT)
  if(extension STREQUAL ".html")
    set(type "text/html; charset=utf-8")
  elseif(extension STREQUAL ".js")
    set(type "text/javascript; charset=utf-8")
  elseif(extension STREQUAL ".css")
    set(type "text/css; charset=utf-8")
  elseif(extension STREQUAL ".svg")
    set(type "image/svg+xml")
  elseif(extension STREQUAL ".png")
    set(type "image/png")
  else()
    message(FATAL_ERROR "embed_page: no content type for ${name}")
  endif()
  set(path "/${name}")
  if(name STREQUAL "index.html")
    set(path "/")
  endif()
  string(APPEND arrays "constexpr unsigned char file_${index}[] = {${bytes}};\n")
  string(APPEND entries "    {\"${path}\", \"${type}\", {reinterpret_cast<const char*>(file_${index}), ${size}}},\n")
  math(EXPR index "${index} + 1")
endforeach()

file(WRITE "${OUTPUT}.tmp" "// Generated from web/page/ by web/embed_page.cmake; edit the page, not this.
#include \"page_assets.hpp\"

namespace udpchat::web {
namespace {
${arrays}
const page_asset assets[] = {
${entries}};
}  // namespace

std::span<const page_asset> page_assets() { return assets; }

}  // namespace udpchat::web
")
# Only a changed file is rewritten, so an unchanged page compiles nothing again.
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
