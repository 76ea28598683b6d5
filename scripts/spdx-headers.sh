#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Puts the SPDX licence line at the top of every source file that lacks one, in the comment form
# of its language: after a #! line (which the kernel must find first) and after a man page's
# '\" preprocessor line (which man must find first), else on line 1. A file that names any SPDX
# licence near its top is left alone, so running this again changes nothing.
#
#   scripts/spdx-headers.sh           add the line where it is missing
#   scripts/spdx-headers.sh --check   list the files without it; exit 1 if there are any
#
# The files are the ones git knows of, tracked or new (not ignored), or every file when the tree
# is not a git checkout. tests/seed_compat/ is ours: stand-ins written for the tests, not copies
# of the original programs. The fuzz corpus is data, whose bytes are the test.
set -euo pipefail
cd "$(dirname "$0")/.."

license=GPL-3.0-or-later
check=false
case "${1:-}" in
  --check) check=true ;;
  "") ;;
  *)
    echo "usage: $0 [--check]" >&2
    exit 2
    ;;
esac

# The comment leader for a file, or nothing for a file that is not source.
leader() {
  case "$1" in
    tests/fuzz/corpus/*) ;;
    *.cpp | *.hpp | *.hpp.in) echo "//" ;;
    *.sh | */CMakeLists.txt | CMakeLists.txt | *.cmake | *.py | *.service) echo "#" ;;
    *.lua) echo "--" ;;
    docs/man/*.[1-9]) echo '.\"' ;;
  esac
}

list_files() {
  if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git ls-files --cached --others --exclude-standard
  else
    find . -path ./.git -prune -o -path './build*' -prune -o -type f -print | sed 's|^\./||'
  fi
}

# The lines that come before the SPDX line: a #! line, or a man page's '\" line.
preamble_lines() {
  local first
  IFS= read -r first <"$1" || true
  case "$first" in
    '#!'* | "'\\\""*) echo 1 ;;
    *) echo 0 ;;
  esac
}

# Whether the file names a licence in its first three lines: a #! or '\" line, the SPDX line,
# and room for one more, so a file that already starts differently is not given a second one.
has_spdx() {
  awk 'NR > 3 { exit } /SPDX-License-Identifier:/ { found = 1; exit } END { exit !found }' "$1"
}

missing=()
while IFS= read -r file; do
  [ -f "$file" ] || continue  # deleted but still in the index
  comment=$(leader "$file")
  [ -n "$comment" ] || continue
  has_spdx "$file" && continue
  missing+=("$file")
  $check && continue
  skip=$(preamble_lines "$file")
  tmp=$(mktemp)
  {
    head -n "$skip" "$file"
    printf '%s SPDX-License-Identifier: %s\n' "$comment" "$license"
    tail -n "+$((skip + 1))" "$file"
  } >"$tmp"
  # Written through the file itself, so its mode (executable scripts) stays as it was.
  cat "$tmp" >"$file"
  rm -f "$tmp"
done < <(list_files | sort)

if $check; then
  if [ ${#missing[@]} -gt 0 ]; then
    echo "spdx-headers: no SPDX-License-Identifier line at the top of:" >&2
    printf '  %s\n' "${missing[@]}" >&2
    echo "spdx-headers: scripts/spdx-headers.sh adds '$license'" >&2
    exit 1
  fi
  exit 0
fi
for file in "${missing[@]}"; do
  echo "spdx-headers: added to $file"
done
