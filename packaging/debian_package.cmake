# SPDX-License-Identifier: GPL-3.0-or-later
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

# Debian wants every package to carry its licence and its changelog in /usr/share/doc/<package>,
# the changelog gzipped at maximum compression, without a name or time in the header so the
# same text always gives the same bytes. The changelog's newest entry is what the package says
# about this version, so a version without an entry of its own stops the configure.
file(STRINGS ${CMAKE_CURRENT_SOURCE_DIR}/debian/changelog changelog_top LIMIT_COUNT 1)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/debian/changelog)
set(package_version "${PROJECT_VERSION}-${CPACK_DEBIAN_PACKAGE_RELEASE}")
if(NOT changelog_top MATCHES "^udpchat \\(${package_version}\\) ")
  message(FATAL_ERROR "packaging/debian/changelog starts with '${changelog_top}': give the "
                      "package version ${package_version} an entry on top")
endif()
find_program(GZIP_PROGRAM gzip REQUIRED)
set(changelog ${CMAKE_CURRENT_BINARY_DIR}/changelog.Debian)
add_custom_command(
  OUTPUT ${changelog}.gz
  COMMAND ${CMAKE_COMMAND} -E copy ${CMAKE_CURRENT_SOURCE_DIR}/debian/changelog ${changelog}
  COMMAND ${GZIP_PROGRAM} -9 -n -f ${changelog}
  DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/debian/changelog
  COMMENT "Compressing the Debian changelog"
  VERBATIM)
add_custom_target(debian_changelog ALL DEPENDS ${changelog}.gz)
install(FILES ${CMAKE_CURRENT_SOURCE_DIR}/debian/copyright ${changelog}.gz
        DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_DEBIAN_PACKAGE_MAINTAINER ${UDPCHAT_PACKAGE_MAINTAINER})
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Depends comes from what the programs link (dpkg-shlibdeps, in dpkg-dev): with libstdc++
# linked statically that is libc6, libreadline8 and libssl3 (for TLS). libmicrohttpd is not
# linked but loaded when a web view is opened (web/microhttpd_library.cpp), so
# dpkg-shlibdeps cannot see it: its package, found in web/CMakeLists.txt, is named here. Unversioned: Debian's symbols file for
# libmicrohttpd12 lists each function the view calls from 0.9.50, the oldest version it knows.
set(CPACK_DEBIAN_PACKAGE_DEPENDS ${UDPCHAT_MICROHTTPD_PACKAGE})
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
