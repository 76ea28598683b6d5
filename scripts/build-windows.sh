#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Cross-builds the Windows x86-64 programs, udpchat.exe and udpchat-server.exe, with Debian's
# mingw-w64 into build-windows/bin/, and makes the zip to hand out,
# build-windows/udpchat-<version>-windows-x64.zip: both programs, the README and the licence.
# Installs what that needs and is missing first (scripts/install-deps.sh --windows). The build
# is the workflow "windows" of CMakePresets.json: configure, build with two jobs, and zip (CPack).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --windows
echo "build-windows: building udpchat.exe and udpchat-server.exe in build-windows/ (minutes the first time)" >&2
cmake --workflow --preset windows >/dev/null
zip_name=$(sed -n 's/^set(CPACK_PACKAGE_FILE_NAME "\(.*\)")$/\1/p' build-windows/CPackConfig.cmake)
echo "build-windows: build-windows/$zip_name.zip"
