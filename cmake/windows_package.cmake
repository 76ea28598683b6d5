# SPDX-License-Identifier: GPL-3.0-or-later
# The zip a teacher hands out: `cpack -G ZIP` in the Windows build (scripts/build-windows.sh runs
# it) makes udpchat-<version>-windows-x64.zip, one folder holding both programs, the README and
# the licence. They are named .txt, with Windows' line ends, because Windows opens a .txt with a
# double click and asks what to do with a file that has no extension; the README's Markdown
# reads well enough as plain text.
#
# Whoever hands the programs on conveys object code under the GPL, which asks that the
# Corresponding Source go with it (GPL-3.0 section 6): the zip holds the source it was built
# from, in source/. The C runtime, winpthreads and libstdc++ are linked in statically, and their
# licences ask that their notices go with the binaries: third-party/ holds them, as Debian's
# packages of mingw-w64 state them.
function(udpchat_windows_text source name)
  file(READ ${source} text)
  string(REPLACE "\r\n" "\n" text "${text}")
  string(REPLACE "\n" "\r\n" text "${text}")
  file(WRITE ${PROJECT_BINARY_DIR}/package-text/${name} "${text}")
  get_filename_component(folder ${name} DIRECTORY)
  install(FILES ${PROJECT_BINARY_DIR}/package-text/${name} DESTINATION ./${folder})
endfunction()

udpchat_windows_text(${PROJECT_SOURCE_DIR}/README.md README.txt)
udpchat_windows_text(${PROJECT_SOURCE_DIR}/LICENSE LICENSE.txt)
foreach(package IN ITEMS mingw-w64-x86-64-dev gcc-mingw-w64-x86-64-posix-runtime)
  if(EXISTS /usr/share/doc/${package}/copyright)
    udpchat_windows_text(/usr/share/doc/${package}/copyright third-party/${package}.txt)
  endif()
endforeach()

install(FILES ${PROJECT_SOURCE_DIR}/CMakeLists.txt ${PROJECT_SOURCE_DIR}/CMakePresets.json
              ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/LICENSE ${PROJECT_SOURCE_DIR}/HACKING.md
              ${PROJECT_SOURCE_DIR}/BENCHMARKS.md
        DESTINATION source)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/bench ${PROJECT_SOURCE_DIR}/cmake ${PROJECT_SOURCE_DIR}/docs
                  ${PROJECT_SOURCE_DIR}/packaging ${PROJECT_SOURCE_DIR}/runtime ${PROJECT_SOURCE_DIR}/scripts
                  ${PROJECT_SOURCE_DIR}/shared ${PROJECT_SOURCE_DIR}/tcp ${PROJECT_SOURCE_DIR}/tests
                  ${PROJECT_SOURCE_DIR}/udp_client ${PROJECT_SOURCE_DIR}/udp_server ${PROJECT_SOURCE_DIR}/web
        DESTINATION source USE_SOURCE_PERMISSIONS PATTERN __pycache__ EXCLUDE)

set(CPACK_PACKAGE_NAME udpchat)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_FILE_NAME udpchat-${PROJECT_VERSION}-windows-x64)
set(CPACK_GENERATOR ZIP)
# Unzipped, it makes a folder of its own instead of scattering files where it lands.
set(CPACK_INCLUDE_TOPLEVEL_DIRECTORY ON)
set(CPACK_STRIP_FILES ON)
include(CPack)
