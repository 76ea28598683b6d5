// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace udpchat {

// Opens /dev/null on each of descriptors 0, 1 and 2 that the program was started without
// (`udpchat >&-`, a daemon tool that closes them). Otherwise the first socket, epoll instance or
// file the program opens takes that number, and is then read as the person's input or written
// with the text meant for them. Must run before anything else opens a descriptor; a descriptor
// that cannot be opened is left closed (nothing better is possible). On Windows no handle can be
// mistaken so, and this instead makes a console take std::cout's and std::cerr's UTF-8 bytes as
// UTF-8 while the program runs, and has their lines end in LF alone, as on POSIX systems (see
// standard_descriptors_windows.cpp).
void open_missing_standard_descriptors();

}  // namespace udpchat
