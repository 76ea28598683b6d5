#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the Debian packages udpchat needs, and only those missing.
#   scripts/install-deps.sh          everything: to build, run, test, fuzz and package (scripts/test.sh)
#   scripts/install-deps.sh --hub    only what the programs need to build and run (scripts/start-hub.sh)
#   scripts/install-deps.sh --windows  only what cross-building the Windows programs needs
#                                      (scripts/build-windows.sh)
set -euo pipefail

# To build and run the programs: the compiler and CMake, standalone asio, cxxopts for the
# command lines, GNU readline for the consoles; libmicrohttpd and nlohmann's JSON for the hub's
# web view; OpenSSL (libssl-dev), under asio's SSL support, for TLS in the room, the desk and
# the terminal (--tls-cert, --tls).
hub_packages=(g++ make cmake pkg-config libasio-dev libcxxopts-dev libreadline-dev libmicrohttpd-dev nlohmann-json3-dev
              libssl-dev)

# To cross-build udpchat.exe and udpchat-server.exe: mingw-w64's C++ compiler with the posix
# thread model (std::thread and std::mutex need it), CMake, and asio and cxxopts, whose headers
# serve both builds. CPack makes the zip by itself.
windows_packages=(cmake make libasio-dev libcxxopts-dev g++-mingw-w64-x86-64-posix)

# Besides those, to test, fuzz and package:
more_packages=(libgtest-dev libgmock-dev python3
               clang libclang-rt-dev tshark dpkg-dev groff-base systemd lintian tmux
               iproute2 util-linux chromium chromium-driver python3-selenium
               wine wine64 openssl ncat)
# python3 runs the stand-ins for the original Python programs (tests/seed_compat).
# clang and libclang-rt-dev are for scripts/fuzz.sh: libFuzzer and the sanitizer runtimes are in
# libclang-rt-dev, which clang's packages only recommend (and recommends are not installed here).
# tshark (with text2pcap, from wireshark-common) is for the tests that read --trace and --pcap
# output back and run the Wireshark dissector; it asks whether others may capture, and the
# non-interactive install keeps the default, no.
# dpkg-dev has dpkg-shlibdeps, which computes the Debian package's Depends (cpack -G DEB);
# lintian holds the package to Debian's policy (packaging/check-deb.sh).
# groff-base and systemd are for tests: groff checks that the man pages render without a
# warning, systemd-analyze that the hub's unit is valid and locked down.
# libmicrohttpd-dev is the HTTP server of the hub's web view (--web), found with pkg-config;
# nlohmann-json3-dev writes that view's JSON.
# tmux is for the tests that read a console's screen as a person would see it: it draws what
# the programs' escape sequences make of the terminal.
# chromium, chromium-driver and python3-selenium are for the test that opens the hub's web view in
# a real browser (tests/browser/view_check.py): headless Chromium, driven through chromedriver by
# Selenium from /usr/bin/python3.
# wine64 runs the cross-built Windows programs in the tests of tests/windows/ (its loader and
# wineserver are in /usr/lib/wine); wine adds wineboot and /usr/bin/wine. Without i386 as a
# foreign architecture, wine32 (which wine64 recommends) is neither wanted nor installable.
# openssl makes the TLS tests' certificates and is their s_client; ncat --ssl is another TLS
# client the servers must serve (tests/e2e/tls_test.cpp).

case "${1:-}" in
  --hub) packages=("${hub_packages[@]}") ;;
  --windows) packages=("${windows_packages[@]}") ;;
  "") packages=("${hub_packages[@]}" "${windows_packages[@]}" "${more_packages[@]}") ;;
  *)
    echo "usage: $0 [--hub | --windows]" >&2
    exit 2
    ;;
esac

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  as_root=(sudo)
fi
echo "install-deps: installing ${missing[*]}"
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
