#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# udpchat-server beside the reference hub (udpchat-bench --reference-hub, the kernel's ceiling),
# measured by udpchat-bench, shape by shape. Each hub is started afresh for every shape and
# repetition, the reference first, so both meet the machine in the same state. With two CPUs
# or more (and taskset) the hub runs on CPU 1 and the bench on CPU 0. Prints a markdown table
# per shape: each repetition's figures, and the median of the per-repetition ratios
# udpchat-server ÷ reference. Needs only the two programs, bash, coreutils and awk.
#
#   compare_hubs.sh [options] SHAPE...
#     SHAPE   MxS@RATE: M members, the first S of them sending RATE messages a second in all
#             (xS may be left out: one sender); MxS@max or M@max: each hub's highest rate with
#             under 0.1 % loss and a trial at half of it (udpchat-bench --find-max), then
#             udpchat-server once more, afresh, at half of the reference's highest rate, so
#             that latency and CPU are compared at the same load
#   -r, --reps N            repetitions (default 3)
#   -t, --seconds T         length of a run, or of each trial of a search (default 2)
#   -p, --precision F       a search ends once its failing and sustained rates are within this
#                           factor (udpchat-bench --precision; default 1.07)
#   -c, --confirm N         a search tries a failing rate up to N more times before believing
#                           it (udpchat-bench --confirm; default 0)
#   -b, --bin DIR           where udpchat-server and udpchat-bench are (default: $UDPCHAT_BIN,
#                           else build/bin beside this script's source folder, else PATH)
#   -s, --server-args ARGS  udpchat-server's arguments, to which --port 0 is added (default,
#                           the limits off as BENCHMARKS.md runs it: --quiet --host 127.0.0.1
#                           --rate-limit 0 --join-rate 0 --unheard-limit 0 --max-members 20000
#                           --max-per-ip 20000)
#   --no-pin                run without taskset
#   -h, --help
#
# The tables in BENCHMARKS.md: a class of 30, every member talking, with the hub's default limits
# but the rate limit (1000 msgs/s from 30 members is 33 each, over its 20; the log of every
# message stays on, as in a class), then the highest rates with the limits off:
#   compare_hubs.sh -s '--host 127.0.0.1 --rate-limit 0' 30x30@100 30x30@1000 30x30@8000
#   compare_hubs.sh -r 5 -p 1.03 -c 3 2@max 10@max 100@max 1000@max
# The exit status is 0 when every hub started and every run reported, 1 otherwise (the
# tables then show – where a figure is missing), 2 for a bad command line.
# Every run is bounded: a bench run by --seconds plus 30 s, a search by 16 × (1 + N) + 1
# trials of --seconds plus 6 s, and a hub gets 10 s to start and 5 s to stop.
set -uo pipefail

reps=3
seconds=2
precision=1.07
confirm=0
bin=${UDPCHAT_BIN:-}
server_args="--quiet --host 127.0.0.1 --rate-limit 0 --join-rate 0 --unheard-limit 0 --max-members 20000 --max-per-ip 20000"
pin=1
shapes=()

usage() { sed -n '3,/^set -uo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; }
fail() { echo "compare_hubs: $*" >&2; exit 2; }

while (($#)); do
  case $1 in
    -r | --reps) reps=${2:-}; shift 2 || fail "$1 needs a value" ;;
    -t | --seconds) seconds=${2:-}; shift 2 || fail "$1 needs a value" ;;
    -p | --precision) precision=${2:-}; shift 2 || fail "$1 needs a value" ;;
    -c | --confirm) confirm=${2:-}; shift 2 || fail "$1 needs a value" ;;
    -b | --bin) bin=${2:-}; shift 2 || fail "$1 needs a value" ;;
    -s | --server-args) server_args=${2:-}; shift 2 || fail "$1 needs a value" ;;
    --no-pin) pin=0; shift ;;
    -h | --help) usage; exit 0 ;;
    -*) fail "unknown option $1 (see --help)" ;;
    *) shapes+=("$1"); shift ;;
  esac
done
((${#shapes[@]})) || { usage >&2; exit 2; }
[[ $reps =~ ^[1-9][0-9]*$ ]] || fail "--reps must be a whole number from 1"
[[ $seconds =~ ^[0-9]+(\.[0-9]+)?$ ]] && awk -v t="$seconds" 'BEGIN { exit !(t > 0 && t <= 600) }' ||
  fail "--seconds must be more than 0 and at most 600"
[[ $precision =~ ^[0-9]+(\.[0-9]+)?$ ]] && awk -v p="$precision" 'BEGIN { exit !(p >= 1.01 && p <= 2) }' ||
  fail "--precision must be from 1.01 to 2"
[[ $confirm =~ ^[0-9]$ ]] || fail "--confirm must be a whole number from 0 to 9"
shape_pattern='^([0-9]+)(x([0-9]+))?@([0-9]+(\.[0-9]+)?|max)$'
for shape in "${shapes[@]}"; do
  [[ $shape =~ $shape_pattern ]] || fail "'$shape' is not a shape such as 10x1@8000 or 10@max"
done

# A program from --bin (or $UDPCHAT_BIN) if given; else from the build tree beside this
# script's source folder, then from PATH (an install).
find_program() {
  local built
  built=$(dirname "$0")/../build/bin/$1
  if [[ -n $bin ]]; then
    [[ -x $bin/$1 ]] && echo "$bin/$1" && return
  elif [[ -x $built ]]; then
    echo "$built" && return
  elif command -v "$1"; then
    return
  fi
  fail "cannot find $1 (give its folder with --bin)"
}
server=$(find_program udpchat-server) || exit 2
bench=$(find_program udpchat-bench) || exit 2
read -ra server_words <<<"$server_args"

hub_cpu=() bench_cpu=()
if ((pin)) && command -v taskset >/dev/null && (($(nproc) >= 2)); then
  hub_cpu=(taskset -c 1) bench_cpu=(taskset -c 0)
fi

work=$(mktemp -d) || exit 1
failures=0  # hubs that did not start and bench runs that failed; any makes the exit status 1
hub_pid=
stop_hub() {
  [[ -n $hub_pid ]] || return 0
  kill -TERM "$hub_pid" 2>/dev/null
  for _ in $(seq 50); do kill -0 "$hub_pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$hub_pid" 2>/dev/null
  wait "$hub_pid" 2>/dev/null
  hub_pid=
}
trap 'stop_hub; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

# Starts a hub (its command line as arguments) and sets hub_pid, hub_host and hub_port.
start_hub() {
  "${hub_cpu[@]}" "$@" </dev/null >"$work/hub.out" 2>"$work/hub.err" &
  hub_pid=$!
  local line=
  for _ in $(seq 200); do
    line=$(grep -m1 'listening on ' "$work/hub.out")
    [[ -n $line ]] && break
    kill -0 "$hub_pid" 2>/dev/null || break
    sleep 0.05
  done
  if [[ -z $line ]]; then
    echo "compare_hubs: $1 did not start: $(tail -n 3 "$work/hub.err")" >&2
    ((++failures))
    stop_hub
    return 1
  fi
  local address=${line##*listening on }
  address=${address%%[[:space:]]*}
  hub_port=${address##*:}
  hub_host=${address%:*}
  hub_host=${hub_host#[}
  hub_host=${hub_host%]}
}

# The value of "key": in a one-line JSON object.
field() {
  awk -v key="\"$2\":" '{ at = index($0, key); if (!at) exit; value = substr($0, at + length(key));
                         sub(/[,}].*/, "", value); print value }' <<<"$1"
}

# Runs the bench against the hub just started; appends "hub rep figure value" lines to $results,
# each figure named as in the bench's JSON, followed by $6 if given.
measure() {
  local hub=$1 rep=$2 members=$3 senders=$4 rate=$5 suffix=${6:-}
  local args=(--host "$hub_host" --port "$hub_port" --members "$members" --senders "$senders"
              --seconds "$seconds" --server-pid "$hub_pid" --json)
  local limit phase keys
  if [[ $rate == max ]]; then
    args+=(--find-max --precision "$precision" --confirm "$confirm")
    limit=$(awk -v t="$seconds" -v n="$confirm" 'BEGIN { print int((16 * (1 + n) + 1) * (t + 6) + 30) }')
    phase=summary
    keys="max_rate server_cpu_us_per_delivery_at_half p50_us_at_half p99_us_at_half max_us_at_half server_peak_kb"
  else
    args+=(--rate "$rate")
    limit=$(awk -v t="$seconds" 'BEGIN { print int(t + 30) }')
    phase=run
    keys="delivered_per_s loss server_cpu_us_per_delivery p50_us p99_us max_us server_peak_kb"
  fi
  timeout -k 5 "$limit" "${bench_cpu[@]}" "$bench" "${args[@]}" >"$work/bench.out" 2>"$work/bench.err"
  local status=$? line
  line=$(grep -m1 "\"phase\":\"$phase\"" "$work/bench.out")
  if [[ -z $line ]]; then
    echo "compare_hubs: udpchat-bench against the $hub failed (status $status): $(tail -n 3 "$work/bench.err")" >&2
    ((++failures))
    return
  fi
  local key
  for key in $keys; do echo "$hub $rep $key$suffix $(field "$line" "$key")"; done >>"$results"
}

# A figure from $results: hub, repetition, figure.
recorded() { awk -v hub="$1" -v rep="$2" -v key="$3" '$1 == hub && $2 == rep && $3 == key { print $4 }' "$results"; }

# The markdown table of one shape, from $results.
print_table() {
  awk -v title="$1" -v reps="$reps" -v search="$2" '
    { value[$1, $2, $3] = $4 }
    function cell(hub, key,   rep, text) {
      text = ""
      for (rep = 1; rep <= reps; ++rep) {
        text = text (rep > 1 ? " / " : "") (((hub, rep, key) in value) ? value[hub, rep, key] : "–")
      }
      return text
    }
    # The median of udpchat ÷ reference over the repetitions that have both figures.
    function median_ratio(reference_key, udpchat_key,   rep, n, i, j, ratios, swap) {
      n = 0
      for (rep = 1; rep <= reps; ++rep) {
        if (!(("reference", rep, reference_key) in value) || !(("udpchat", rep, udpchat_key) in value)) continue
        if (value["reference", rep, reference_key] + 0 <= 0 || value["udpchat", rep, udpchat_key] + 0 < 0) continue
        ratios[++n] = value["udpchat", rep, udpchat_key] / value["reference", rep, reference_key]
      }
      if (n == 0) return "–"
      for (i = 2; i <= n; ++i) for (j = i; j > 1 && ratios[j - 1] > ratios[j]; --j) {
        swap = ratios[j]; ratios[j] = ratios[j - 1]; ratios[j - 1] = swap
      }
      return sprintf("%.2f", n % 2 ? ratios[(n + 1) / 2] : (ratios[n / 2] + ratios[n / 2 + 1]) / 2)
    }
    function row(label, reference_key, udpchat_key) {
      if (udpchat_key == "") udpchat_key = reference_key
      printf "| %s | %s | %s | %s |\n", label, cell("reference", reference_key), cell("udpchat", udpchat_key),
             median_ratio(reference_key, udpchat_key)
    }
    END {
      printf "### %s\n\n", title
      print "| figure | reference hub | udpchat-server | udpchat ÷ reference (median) |"
      print "| --- | --- | --- | ---: |"
      if (search) {
        row("highest rate, msgs/s (loss < 0.1 %)", "max_rate")
        row("at half of the reference'"'"'s highest rate: hub CPU µs per delivered datagram",
            "server_cpu_us_per_delivery_at_half", "server_cpu_us_per_delivery_at_reference_half")
        row("at half of the reference'"'"'s highest rate: latency p50, µs", "p50_us_at_half", "p50_us_at_reference_half")
        row("at half of the reference'"'"'s highest rate: latency p99, µs", "p99_us_at_half", "p99_us_at_reference_half")
        row("at half of the reference'"'"'s highest rate: latency max, µs", "max_us_at_half", "max_us_at_reference_half")
        row("at half of its own highest rate: hub CPU µs per delivered datagram", "server_cpu_us_per_delivery_at_half")
        row("at half of its own highest rate: latency p50, µs", "p50_us_at_half")
        row("at half of its own highest rate: latency p99, µs", "p99_us_at_half")
        row("hub peak resident size during the search, kB", "server_peak_kb")
      } else {
        row("delivered datagrams/s", "delivered_per_s")
        row("loss (fraction)", "loss")
        row("hub CPU µs per delivered datagram", "server_cpu_us_per_delivery")
        row("latency p50, µs", "p50_us")
        row("latency p99, µs", "p99_us")
        row("latency max, µs", "max_us")
        row("hub peak resident size, kB", "server_peak_kb")
      }
      print ""
    }' "$results"
}

echo "udpchat-server $server_args --port 0"
echo "reference: udpchat-bench --reference-hub --host 127.0.0.1 --port 0"
echo "$(nproc) CPUs$( ((${#hub_cpu[@]})) && echo ", hub on CPU 1, bench on CPU 0"); Linux $(uname -r);" \
     "$reps repetitions; runs (or each trial of a search) of $seconds s; 64-byte texts"
[[ " ${shapes[*]}" == *@max* ]] &&
  echo "a search narrows to within a factor of $precision and tries a failing rate up to $confirm more times"
echo
for shape in "${shapes[@]}"; do
  [[ $shape =~ $shape_pattern ]]
  members=${BASH_REMATCH[1]} senders=${BASH_REMATCH[3]:-1} rate=${BASH_REMATCH[4]}
  results=$work/results
  : >"$results"
  for rep in $(seq "$reps"); do
    for hub in reference udpchat; do
      if [[ $hub == reference ]]; then
        start_hub "$bench" --reference-hub --host 127.0.0.1 --port 0 || continue
      else
        start_hub "$server" "${server_words[@]}" --port 0 || continue
      fi
      echo "compare_hubs: $shape, repetition $rep of $reps: $hub on $hub_host:$hub_port" >&2
      measure "$hub" "$rep" "$members" "$senders" "$rate"
      stop_hub
    done
    # udpchat-server again, afresh, at the rate of the reference's half-load trial: latency
    # and CPU compared at the same load.
    reference_half=$(recorded reference "$rep" max_rate | awk '$1 > 0 { printf "%.1f", $1 / 2 }')
    if [[ $rate == max && -n $reference_half ]] && start_hub "$server" "${server_words[@]}" --port 0; then
      echo "compare_hubs: $shape, repetition $rep of $reps: udpchat at $reference_half msgs/s" >&2
      measure udpchat "$rep" "$members" "$senders" "$reference_half" _at_reference_half
      stop_hub
    fi
  done
  who="$members members, $senders sender$( ((senders > 1)) && echo s)"
  if [[ $rate == max ]]; then
    print_table "$who, highest rate, then half of the reference's" 1
  else
    print_table "$who, $rate msgs/s" 0
  fi
done
((failures == 0)) || exit 1
