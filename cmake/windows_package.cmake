# SPDX-License-Identifier: GPL-3.0-or-later
# The zip a teacher hands out: `cpack -G ZIP` in the Windows build (scripts/build-windows.sh runs
# it) makes udpchat-<version>-windows-x64.zip, one folder holding both programs, the README and
# the licence. They are named .txt because Windows opens a .txt with a double click and asks what
# to do with a file that has no extension; the README's Markdown reads well enough as plain text.
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION . RENAME README.txt)
install(FILES ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION . RENAME LICENSE.txt)

set(CPACK_PACKAGE_NAME udpchat)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_FILE_NAME udpchat-${PROJECT_VERSION}-windows-x64)
set(CPACK_GENERATOR ZIP)
# Unzipped, it makes a folder of its own instead of scattering four files where it lands.
set(CPACK_INCLUDE_TOPLEVEL_DIRECTORY ON)
set(CPACK_STRIP_FILES ON)
include(CPack)
