#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what is missing, builds, and runs the hub in the foreground.
# Arguments go to udpchat-server, e.g. scripts/start-hub.sh --port 9000
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j2 --target udpchat-server udpchat >/dev/null
exec build/bin/udpchat-server "$@"
