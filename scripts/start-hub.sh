#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what the hub needs and is missing, builds the hub and the terminal, and runs the hub
# in the foreground.
# Arguments go to udpchat-server, e.g. scripts/start-hub.sh --port 9000
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --hub
# Only the programs: GoogleTest is not installed for this. A build folder that scripts/test.sh
# configured keeps its tests.
tests=()
[ -f build/CMakeCache.txt ] || tests=(-DUDPCHAT_BUILD_TESTS=OFF)
echo "start-hub: building udpchat-server and udpchat in build/ (minutes the first time, then seconds)" >&2
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo "${tests[@]}" >/dev/null
cmake --build build -j2 --target udpchat-server udpchat >/dev/null
exec build/bin/udpchat-server "$@"
