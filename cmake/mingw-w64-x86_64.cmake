# SPDX-License-Identifier: GPL-3.0-or-later
# Cross-builds the Windows x86-64 programs with Debian's mingw-w64 (g++-mingw-w64-x86-64-posix:
# the posix thread model, which std::thread and std::mutex need). Used by scripts/build-windows.sh
# and the windows preset in CMakePresets.json.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

set(CMAKE_C_COMPILER x86_64-w64-mingw32-gcc-posix)
set(CMAKE_CXX_COMPILER x86_64-w64-mingw32-g++-posix)
set(CMAKE_RC_COMPILER x86_64-w64-mingw32-windres)

set(CMAKE_FIND_ROOT_PATH /usr/x86_64-w64-mingw32)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# Wine runs the cross-built programs, so try_run checks and CTest can run them here.
find_program(UDPCHAT_WINE NAMES wine64 wine)
if(UDPCHAT_WINE)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${UDPCHAT_WINE})
endif()
