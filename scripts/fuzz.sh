#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the codec's libFuzzer targets with clang (build-fuzz/) and runs each for SECONDS
# (default 60), two at a time, each on a scratch copy of its seed corpus in tests/fuzz/corpus/:
# what a run finds stays in build-fuzz/fuzz-runs/<target>/, never in the repository.
# Exits 1 if a target crashes or breaks a property, naming the input that did it.
#
#   scripts/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
if [[ ! $seconds =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: scripts/fuzz.sh [SECONDS]   (seconds per target, default 60)" >&2
  exit 2
fi
parallel=2
# A run that overruns its time by this much is stopped and counts as a failure.
grace=$((seconds / 2 + 120))

cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DUDPCHAT_FUZZ=ON -DUDPCHAT_BUILD_TESTS=OFF >/dev/null
cmake --build build-fuzz -j2

targets=()
for corpus in tests/fuzz/corpus/*/; do
  target=$(basename "$corpus")
  if [ ! -x "build-fuzz/bin/fuzz_$target" ]; then
    echo "fuzz: tests/fuzz/corpus/$target has no target build-fuzz/bin/fuzz_$target" >&2
    exit 1
  fi
  targets+=("$target")
done

runs=build-fuzz/fuzz-runs
rm -rf "$runs"

fuzz_one() {
  local target=$1 dir=$runs/$1
  mkdir -p "$dir/corpus" "$dir/artifacts"
  cp tests/fuzz/corpus/"$target"/* "$dir/corpus/"
  local status=0
  timeout --kill-after=10 $((seconds + grace)) "build-fuzz/bin/fuzz_$target" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$dir/artifacts/" "$dir/corpus" >"$dir/log" 2>&1 || status=$?
  echo "$status" >"$dir/status"
}

echo "fuzz: ${#targets[@]} targets, ${seconds} s each, $parallel at a time"
for target in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$parallel" ]; do wait -n || true; done
  fuzz_one "$target" &
done
wait

failed=0
for target in "${targets[@]}"; do
  dir=$runs/$target
  status=$(cat "$dir/status")
  if [ "$status" -eq 0 ]; then
    printf '%-18s %s\n' "$target" "$(grep -E '^#[0-9]+[[:space:]]+DONE' "$dir/log" | tail -n 1)"
    continue
  fi
  failed=1
  if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
    echo "$target: FAILED: still running $grace s after its time; log: $dir/log"
    continue
  fi
  echo "$target: FAILED (exit $status); log: $dir/log"
  grep -E 'property broken|ERROR:|SUMMARY:' "$dir/log" | head -n 5 | sed 's/^/  /'
  for artifact in "$dir"/artifacts/*; do
    [ -e "$artifact" ] || continue
    echo "  input: $artifact"
    echo "  again: build-fuzz/bin/fuzz_$target $artifact"
  done
done
exit "$failed"
