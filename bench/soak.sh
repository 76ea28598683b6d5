#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A busy room for a bounded time: udpchat-server with its default limits on loopback, driven
# by udpchat-bench. All the bench's members come from one address, so only the limits per
# address are raised (--max-per-ip, --join-rate): a class has an address per person. Prints messages relayed and lost, the hub's peak resident size and its CPU
# time. Not part of the test suite.
#
#   bench/soak.sh [SECONDS] [MEMBERS] [SENDERS] [RATE]
#     SECONDS  how long the room is busy (default 300, at most 600)
#     MEMBERS  members in the room (default 100)
#     SENDERS  how many of them talk (default 50)
#     RATE     messages a second from all senders together (default 500: 10 each, under the
#              hub's default limit of 20 a member)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-300}
members=${2:-100}
senders=${3:-50}
rate=${4:-500}
bin=${UDPCHAT_BIN:-build/bin}
if [[ ! -x $bin/udpchat-server || ! -x $bin/udpchat-bench ]]; then
  echo "soak: build first (cmake -S . -B build && cmake --build build -j2)" >&2
  exit 2
fi

log=$(mktemp)
hub_pid=
cleanup() {
  if [[ -n $hub_pid ]] && kill -0 "$hub_pid" 2>/dev/null; then kill "$hub_pid"; wait "$hub_pid" || true; fi
  rm -f "$log"
}
trap cleanup EXIT

"$bin/udpchat-server" --host 127.0.0.1 --port 0 --quiet --max-per-ip 1000 --join-rate 0 </dev/null >"$log" &
hub_pid=$!
port=
for _ in $(seq 100); do
  port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$log")
  [[ -n $port ]] && break
  sleep 0.05
done
[[ -n $port ]] || { echo "soak: the hub did not start" >&2; cat "$log" >&2; exit 1; }

echo "soak: $members members, $senders senders, $rate messages/s for $seconds s through 127.0.0.1:$port"
"$bin/udpchat-bench" --port "$port" --members "$members" --senders "$senders" --rate "$rate" \
  --seconds "$seconds" --server-pid "$hub_pid" --json | tee /dev/stderr | python3 -c '
import json, sys
r = json.loads(sys.stdin.read().splitlines()[-1])
lost = r["expected"] - r["delivered"]
print("relayed %d of %d deliveries (%d messages), lost %d (%.3f %%), latency p50 %d us p99 %d us, "
      "hub peak RSS %.1f MB, hub CPU %.2f s (%.2f us a delivery)" % (
          r["delivered"], r["expected"], r["sent"], lost, r["loss"] * 100, r["p50_us"], r["p99_us"],
          r["server_peak_kb"] / 1024, r["server_cpu_s"], r["server_cpu_us_per_delivery"]))'
echo "hub log:"
grep -v " joined, " "$log" | tail -n 5
