// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The program's command-line arguments as UTF-8, the encoding everything else in the programs
// uses. One implementation file per platform.

namespace udpchat {

// Returns an argv of `argc` arguments (and a null pointer after them) in UTF-8. On POSIX
// systems that is `argv` itself: the bytes as the shell passed them. On Windows the C runtime
// gives main() the arguments in the ANSI code page, where a character outside it ('é' in
// some, '李' in most) has already become '?'; so the UTF-16 command line (GetCommandLineW,
// split as CommandLineToArgvW splits it) is converted instead, keeping `argv` only if that
// fails. What it points to stays valid until the program ends.
char** utf8_arguments(int argc, char** argv);

}  // namespace udpchat
