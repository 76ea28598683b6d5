#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what is missing, cross-builds the Windows programs and their zip
# (scripts/build-windows.sh), builds twice (plain, and with AddressSanitizer and
# UndefinedBehaviorSanitizer), runs every test in both builds, and then runs each fuzz target
# for 30 seconds (scripts/fuzz.sh). The tests of the Windows programs, under Wine, run in both
# builds, against sanitized Linux programs in the first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh

scripts/build-windows.sh
windows=(-DUDPCHAT_WINDOWS_BIN_DIR="$PWD/build-windows/bin")

cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=Debug -DUDPCHAT_SANITIZE=ON "${windows[@]}"
cmake --build build-sanitize -j2
(cd build-sanitize && ctest -j2 --output-on-failure)

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DUDPCHAT_BUILD_TESTS=ON "${windows[@]}"  # start-hub.sh may have left tests off
cmake --build build -j2
(cd build && ctest -j2 --output-on-failure)

scripts/fuzz.sh 30
