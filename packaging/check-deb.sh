#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Shows that the Debian package installs cleanly on a fresh Debian 12: builds the .deb in
# build-deb/, checks it with lintian (no errors allowed; warnings are shown), makes a minimal
# bookworm root with debootstrap, installs the package there with dpkg -i, and checks that the
# programs run, the chat works and every file is where it belongs; then removes the package and
# checks nothing of it is left.
#
#   packaging/check-deb.sh
#
# Needs root and a Debian mirror: debootstrap's own default, or DEBIAN_MIRROR. Installs what
# is missing to build and check (scripts/install-deps.sh, lintian among it), and debootstrap.
# The packages of the minimal root are kept in build-deb/bookworm-minbase.tar.gz, so later runs
# download only what the package depends on. Takes minutes, so it is not part of ctest. Exits 0
# when all checks pass.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "check-deb: $*"; }
fail() {
  echo "check-deb: FAILED: $*" >&2
  exit 1
}

[ "$(id -u)" -eq 0 ] || fail "needs root (debootstrap and chroot)"
scripts/install-deps.sh
if ! command -v debootstrap >/dev/null; then
  say "installing debootstrap"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
fi

programs=(udpchat-server udpchat udpchat-room udpchat-desk udpchat-bench)
build=build-deb

say "building the package in $build/"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=/usr \
  -DUDPCHAT_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j2 >/dev/null
rm -f "$build"/udpchat_*.deb
(cd "$build" && cpack -G DEB >/dev/null)
deb=$(ls "$build"/udpchat_*.deb)
say "built $deb"
dpkg-deb --field "$deb" Package Version Architecture Section Depends Maintainer | sed 's/^/  /'

# A package lintian reports an error for breaks Debian policy, however well it installs. Lintian
# only reads the file and is not meant to run as root, so it runs as nobody.
say "lintian $(basename "$deb")"
chmod o+r "$deb"
if ! runuser -u nobody -- lintian --fail-on error --info --display-level '>=warning' "$PWD/$deb" |
  sed 's/^/  /'; then
  fail "lintian reports errors"
fi
say "lintian: no errors"

root=$(mktemp -d "$PWD/$build/root.XXXXXX")
chmod 755 "$root"  # a root folder as / is: apt's _apt user must be able to enter it
cleanup() { rm -rf "$root"; }
trap cleanup EXIT

tarball=$PWD/$build/bookworm-minbase.tar.gz
mirror=()
[ -n "${DEBIAN_MIRROR:-}" ] && mirror=("$DEBIAN_MIRROR")
if [ ! -s "$tarball" ]; then
  say "downloading a minimal bookworm into $tarball (once)"
  debootstrap --variant=minbase --make-tarball="$tarball.part" bookworm "$root" "${mirror[@]}" >/dev/null
  mv "$tarball.part" "$tarball"
  rm -rf "$root" && mkdir "$root"
fi
say "making a fresh bookworm root from the tarball"
debootstrap --variant=minbase --unpack-tarball="$tarball" bookworm "$root" "${mirror[@]}" >/dev/null
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C.UTF-8 "$@"; }
say "the fresh root: Debian $(cat "$root/etc/debian_version"), $(in_root dpkg-query -W -f='${Package}\n' | wc -l) packages"

# dpkg -i installs what is given and nothing else; a dependency minbase lacks leaves the package
# unconfigured until apt-get -f install brings it. Both steps are shown as they happen.
cp "$deb" "$root/tmp/"
say "dpkg -i $(basename "$deb")"
if in_root dpkg -i "/tmp/$(basename "$deb")"; then
  say "dpkg -i: installed, every dependency already there"
else
  say "dpkg -i left dependencies to install; apt-get -f install"
  in_root apt-get update -qq
  # No pseudo-terminal for dpkg's log: the fresh root has no /dev/pts mounted.
  in_root env DEBIAN_FRONTEND=noninteractive apt-get -o Dpkg::Use-Pty=0 -f install -y -qq \
    --no-install-recommends
fi
status=$(in_root dpkg-query -W -f='${Status}' udpchat)
[ "$status" = "install ok installed" ] || fail "udpchat is '$status' after installing"
audit=$(in_root dpkg --audit)
[ -z "$audit" ] || fail "dpkg --audit: $audit"
say "installed: $(in_root dpkg-query -W -f='${Package} ${Version}' udpchat)"

for program in "${programs[@]}"; do
  [ -x "$root/usr/bin/$program" ] || fail "no /usr/bin/$program"
  [ -s "$root/usr/share/man/man1/$program.1.gz" ] || fail "no /usr/share/man/man1/$program.1.gz"
  version=$(in_root "/usr/bin/$program" --version) || fail "$program --version failed"
  say "$version"
done
# The unit itself is checked by ctest (systemd-analyze verify and security); minbase has no
# systemd to check it here, so this checks it is installed unchanged.
unit=/usr/lib/systemd/system/udpchat-server.service
cmp -s "$root$unit" packaging/systemd/udpchat-server.service ||
  fail "$unit is missing or not packaging/systemd/udpchat-server.service"
for doc in README.md BENCHMARKS.md examples/demo.sh copyright changelog.Debian.gz; do
  [ -f "$root/usr/share/doc/udpchat/$doc" ] || fail "no /usr/share/doc/udpchat/$doc"
done
dissector=/usr/lib/$(dpkg-architecture -qDEB_HOST_MULTIARCH)/wireshark/plugins/udpchat.lua
if [ -f packaging/wireshark/udpchat.lua ]; then
  [ -f "$root$dissector" ] || fail "no $dissector"
  say "the dissector is in $dissector"
else
  say "no packaging/wireshark/udpchat.lua in this tree, so no dissector to check"
fi
if in_root sh -c 'command -v man' >/dev/null; then
  say "man -w udpchat: $(in_root man -w udpchat)"
else
  say "man-db is not in minbase; the pages are there: $(cd "$root" && ls usr/share/man/man1/udpchat*.1.gz | tr '\n' ' ')"
fi

say "the demo, with the installed programs"
in_root bash /usr/share/doc/udpchat/examples/demo.sh >"$root/tmp/demo.out" 2>&1 ||
  fail "the demo failed: $(cat "$root/tmp/demo.out")"
grep -q ': hi all, alice here' "$root/tmp/demo.out" || fail "the demo showed no chat: $(cat "$root/tmp/demo.out")"
say "the demo ran:"
sed 's/^/  /' "$root/tmp/demo.out"

in_root dpkg --purge udpchat >/dev/null
for program in "${programs[@]}"; do
  [ ! -e "$root/usr/bin/$program" ] || fail "/usr/bin/$program is left after dpkg --purge"
done
[ ! -e "$root/usr/share/doc/udpchat" ] || fail "/usr/share/doc/udpchat is left after dpkg --purge"
say "dpkg --purge removed it all"
say "OK: $(basename "$deb") installs, runs and goes cleanly on a fresh Debian 12"
