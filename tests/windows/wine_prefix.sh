#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# CTest's fixture for the tests of the Windows programs (tests/windows/).
#   wine_prefix.sh start WINE WINESERVER PREFIX   makes the Wine prefix (the first time: some
#       15 seconds) and leaves its wineserver running, with Wine's own services, so that each
#       program a test starts is up in about a second instead of booting Wine again; should the
#       stop never come, the server ends by itself two minutes after its last program
#   wine_prefix.sh stop WINE WINESERVER PREFIX    ends that wineserver and every program in it
set -eu
[ $# -eq 4 ] || { echo "usage: $0 start|stop WINE WINESERVER PREFIX" >&2; exit 2; }
wine=$2
wineserver=$3
# No dialog offering to download Wine's .NET and HTML engines: no program here needs them.
export WINEPREFIX="$4" WINEDEBUG=-all WINEDLLOVERRIDES='mscoree,mshtml='
case "$1" in
  start)
    mkdir -p "$WINEPREFIX"
    # It keeps its output open while it runs, so that goes to a file. It fails when a server
    # already runs for this prefix (a run a moment ago), which then serves the tests instead.
    "$wineserver" -p120 >"$WINEPREFIX/wineserver.log" 2>&1 || true
    # Made, or brought up to date for this Wine; Wine's services are then up for the first test.
    # They outlive this script, so they must not hold its output open: CTest would wait for them.
    if ! "$wine" wineboot.exe --init </dev/null >"$WINEPREFIX/wineboot.log" 2>&1; then
      cat "$WINEPREFIX/wineboot.log" >&2
      exit 1
    fi
    ;;
  stop)
    "$wineserver" -k 2>/dev/null || true  # none running: nothing to stop
    ;;
  *)
    echo "usage: $0 start|stop WINE WINESERVER PREFIX" >&2
    exit 2
    ;;
esac
