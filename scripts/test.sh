#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what is missing, cross-builds the Windows programs and their zip
# (scripts/build-windows.sh), builds with AddressSanitizer and UndefinedBehaviorSanitizer and
# runs every test there (the Windows programs' under Wine among them, against the sanitized
# Linux programs), builds the programs again as users build them (optimized, warnings still
# errors), and then runs each fuzz target for 20 seconds (scripts/fuzz.sh). Each step says how
# long it took.
#
# The tests run once, in the sanitizer build: it checks what the plain one would and more, and a
# second build and run of every test took about ten minutes of a CI run that must stay well under thirty.
set -euo pipefail
cd "$(dirname "$0")/.."

step() {
  local started=$SECONDS
  "$@"
  echo "test.sh: $* took $((SECONDS - started)) s"
}

step scripts/install-deps.sh

step scripts/build-windows.sh
windows=(-DUDPCHAT_WINDOWS_BIN_DIR="$PWD/build-windows/bin")

# One unit per target and batch of eight files (CMAKE_UNITY_BUILD): asio's headers, and the
# checks the sanitizers add to its templates, are compiled once a batch instead of once a file.
# On a 2-core machine this build took 913 s file by file and 305 s so. The optimized build below
# goes file by file, so a program's file that forgets an include still fails there.
cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=Debug -DUDPCHAT_SANITIZE=ON -DCMAKE_UNITY_BUILD=ON "${windows[@]}"
step cmake --build build-sanitize -j2
step ctest --test-dir build-sanitize -j2 --output-on-failure

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DUDPCHAT_BUILD_TESTS=OFF
step cmake --build build -j2

step scripts/fuzz.sh 20
