#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what is missing, cross-builds the Windows programs and their zip
# (scripts/build-windows.sh), builds twice (plain, and with AddressSanitizer and
# UndefinedBehaviorSanitizer), runs every test in both builds, and then runs each fuzz target
# for 20 seconds (scripts/fuzz.sh). The tests of the Windows programs, under Wine, run in the
# plain build: the Windows programs are the same in both, and Wine's start-up is slow.
# Each step says how long it took.
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

cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=Debug -DUDPCHAT_SANITIZE=ON -UUDPCHAT_WINDOWS_BIN_DIR
step cmake --build build-sanitize -j2
step ctest --test-dir build-sanitize -j2 --output-on-failure

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DUDPCHAT_BUILD_TESTS=ON "${windows[@]}"  # start-hub.sh may have left tests off
step cmake --build build -j2
step ctest --test-dir build -j2 --output-on-failure

step scripts/fuzz.sh 20
