#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A chat in front of a class, in about five seconds: a hub on a free loopback port and three
# real udpchat terminals (alice, bob and carol), each fed a few lines by a script. At the end it
# prints the conversation as each terminal saw it, and the hub's log. Every wait has a deadline,
# 14 s in all at the most, and nothing it started is left running.
#
#   scripts/demo.sh [BIN_DIR]
#
# The programs come from BIN_DIR if given; else from PATH, where an install puts them; else from
# build/bin beside this script. Exits 0 when the chat went as scripted, 1 otherwise.
set -euo pipefail

usage="usage: demo.sh [BIN_DIR]   (where udpchat-server and udpchat are)"
if [ $# -gt 1 ] || [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  echo "$usage" >&2
  exit 2
fi
if [ $# -eq 1 ]; then
  bin=$1
elif command -v udpchat-server >/dev/null && command -v udpchat >/dev/null; then
  bin=$(dirname "$(command -v udpchat-server)")
else
  bin=$(cd "$(dirname "$0")/.." && pwd)/build/bin
fi
if [ ! -x "$bin/udpchat-server" ] || [ ! -x "$bin/udpchat" ]; then
  echo "demo: no udpchat-server and udpchat in $bin; build them first, or name their folder" >&2
  echo "$usage" >&2
  exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/udpchat-demo.XXXXXX")
children=()
# Whatever happens, every process this script started is stopped and its files go.
finish() {
  local pid
  for pid in "${children[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap finish EXIT
trap 'exit 1' INT TERM

fail() {
  echo "demo: $*" >&2
  exit 1
}

# Waits up to `tenths` tenths of a second for `condition` (a command) to hold.
wait_until() {
  local tenths=$1
  shift
  while ! "$@"; do
    tenths=$((tenths - 1))
    [ "$tenths" -gt 0 ] || return 1
    sleep 0.1
  done
}
log_has() { grep -q -- "$1" "$work/hub.log"; }
all_gone() {
  local pid
  for pid in "$@"; do kill -0 "$pid" 2>/dev/null && return 1; done
  return 0
}

"$bin/udpchat-server" --host 127.0.0.1 --port 0 --quiet </dev/null >"$work/hub.log" 2>&1 &
hub=$!
children+=("$hub")
wait_until 30 log_has "listening on 127.0.0.1:" || fail "the hub did not start: $(cat "$work/hub.log")"
port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/hub.log" | head -n 1)

# A terminal started with --name shows it to the others, where the terminal has that option.
name_option=false
help=$("$bin/udpchat" --help)
[[ $help =~ (^|[[:space:]])--name[[:space:]] ]] && name_option=true

people=(alice bob carol)
# What each one types: a pause in seconds, then a line; the pauses count from the moment all
# three have joined. Each ends with quit, which leaves the chat.
script_alice=(0.2 "hi all, alice here"
              1.2 "each line you type is one UDP datagram to the hub"
              1.2 "bye bob"
              0.8 quit)
script_bob=(0.6 "hello alice, bob here"
            1.2 "and the hub relays it to every other member"
            1.2 quit)
script_carol=(1.0 "carol too; hi both"
              1.2 "I am off, see you"
              0.2 quit)

# Types one person's script into their terminal, and notes each line in their transcript.
type_script() {
  local who=$1
  shift
  until [ -e "$work/go" ]; do sleep 0.05; done
  while [ $# -gt 0 ]; do
    sleep "$1"
    printf '%s\n' "$2"
    printf '> %s\n' "$2" >>"$work/$who.txt"
    shift 2
  done
}

terminals=()
for who in "${people[@]}"; do
  mkfifo "$work/$who.in"
  options=(--host 127.0.0.1 --port "$port")
  "$name_option" && options+=(--name "$who")
  # The transcript is opened for appending by both writers, so their lines interleave whole.
  "$bin/udpchat" "${options[@]}" <"$work/$who.in" >>"$work/$who.txt" 2>"$work/$who.err" &
  terminals+=($!)
  children+=($!)
  declare -n script="script_$who"
  type_script "$who" "${script[@]}" >"$work/$who.in" &
  children+=($!)
  unset -n script
done

wait_until 30 log_has "3 members now" || fail "the terminals did not all join: $(cat "$work/hub.log")"
touch "$work/go"
wait_until 60 all_gone "${terminals[@]}" || fail "the terminals did not all leave within 6 s"
for pid in "${terminals[@]}"; do
  wait "$pid" || fail "a terminal exited with status $?"
done

kill -TERM "$hub"
wait_until 20 all_gone "$hub" || fail "the hub did not stop within 2 s of SIGTERM"
hub_status=0
wait "$hub" || hub_status=$?
[ "$hub_status" -eq 0 ] || fail "the hub exited with status $hub_status"

echo "A hub on 127.0.0.1:$port and three terminals, started from $bin."
for who in "${people[@]}"; do
  address=$(sed -n 's/.* as \([^;]*\);.*/\1/p' "$work/$who.err" | head -n 1)
  echo
  echo "--- what $who ($address) saw; '>' marks what $who typed ---"
  cat "$work/$who.txt"
done
echo
echo "--- the hub's log ---"
cat "$work/hub.log"
