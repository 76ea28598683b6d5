// SPDX-License-Identifier: GPL-3.0-or-later
#include "standard_descriptors.hpp"

#include <windows.h>

#include <fcntl.h>
#include <io.h>

#include <cstdio>
#include <cstdlib>
#include <initializer_list>

namespace udpchat {
namespace {

UINT inherited_output_code_page = 0;

void give_back_code_page() {
  if (inherited_output_code_page != 0) SetConsoleOutputCP(inherited_output_code_page);
}

}  // namespace

// A missing standard handle stays missing on Windows: a handle the program opens later never
// becomes one, so nothing it writes can end up there by mistake, and nothing needs opening.
// What is needed instead: the bytes std::cout and std::cerr write (--help, the refusals of the
// command line) are UTF-8, and a console reads bytes in its output code page. It is set to UTF-8
// for as long as the program runs, and given back at exit, since the console (and so the shell
// the program was started from) keeps it. The terminal itself writes the console in UTF-16 and
// needs none of this.
//
// And lines end in LF alone, as the terminal's own output does and as on POSIX systems, so that a
// script reads the same bytes from every platform: the C library's text mode would add a CR.
void open_missing_standard_descriptors() {
  for (std::FILE* stream : {stdout, stderr}) {
    const int fd = _fileno(stream);
    if (fd >= 0) _setmode(fd, _O_BINARY);  // negative when the program was started without it
    // Unbuffered, the C library writes a console one byte at a time, and the console then
    // decodes no UTF-8 sequence whole. Buffered, each flush is one write: std::cerr flushes
    // after every insertion (unitbuf), and std::cout is flushed where it is used.
    std::setvbuf(stream, nullptr, _IOFBF, 64 * 1024);
  }
  if (inherited_output_code_page != 0) return;
  const UINT code_page = GetConsoleOutputCP();
  if (code_page == 0 || code_page == CP_UTF8) return;  // no console, or UTF-8 already
  if (SetConsoleOutputCP(CP_UTF8) == 0) return;
  inherited_output_code_page = code_page;
  std::atexit(give_back_code_page);
}

}  // namespace udpchat
