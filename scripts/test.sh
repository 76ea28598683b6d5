#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what is missing, builds twice (plain, and with AddressSanitizer and
# UndefinedBehaviorSanitizer), runs every test in both builds, and then runs each fuzz target
# for 60 seconds (scripts/fuzz.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh

cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=Debug -DUDPCHAT_SANITIZE=ON
cmake --build build-sanitize -j2
(cd build-sanitize && ctest -j2 --output-on-failure)

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DUDPCHAT_BUILD_TESTS=ON  # start-hub.sh may have left it off
cmake --build build -j2
(cd build && ctest -j2 --output-on-failure)

scripts/fuzz.sh 60
