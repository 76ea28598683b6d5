# The Debian package: `cpack -G DEB` in a build configured with -DCMAKE_INSTALL_PREFIX=/usr
# (packaging/check-deb.sh builds one and installs it on a fresh Debian 12).
set(UDPCHAT_PACKAGE_MAINTAINER "udpchat maintainers <maintainers@udpchat.invalid>" CACHE STRING
    "The Maintainer field of the Debian package: a name and an address")

set(CPACK_PACKAGE_NAME udpchat)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT ${UDPCHAT_PACKAGE_MAINTAINER})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "chat toolkit over UDP and TCP, for classrooms and LANs")
# The package installs exactly where the build was configured to: the paths in the systemd unit
# and the Wireshark plugin folder are computed from CMAKE_INSTALL_PREFIX.
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR DEB)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER ${UDPCHAT_PACKAGE_MAINTAINER})
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Depends comes from what the programs link (dpkg-shlibdeps, in dpkg-dev): with libstdc++
# linked statically that is libc6 and libreadline8.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The long description: CPack puts the summary above it.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "A UDP hub that relays every member's message to every other member
(udpchat-server), a chat terminal (udpchat), a TCP chat room (udpchat-room),
a TCP help desk with one agent and many customers (udpchat-desk) and a load
generator (udpchat-bench). They speak the wire format of a simple Python UDP
chat, so anything that sends a datagram can join, nc included.
.
The hub bounds what every member and every forged datagram can cost, and
comes with a hardened systemd unit (udpchat-server.service).")

include(CPack)
