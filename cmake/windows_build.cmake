# SPDX-License-Identifier: GPL-3.0-or-later
# The Windows programs: udpchat.exe and udpchat-server.exe, cross-built with mingw-w64 and linked
# statically, so that each runs on a stock Windows 10 or 11 with nothing installed.

# asio and cxxopts are header-only and the same on every platform, but the build host's
# /usr/include also holds glibc's headers, which must not shadow mingw's. So only those two are
# linked into a directory of their own.
find_path(UDPCHAT_HOST_ASIO asio.hpp PATHS /usr/include NO_CMAKE_FIND_ROOT_PATH REQUIRED)
find_path(UDPCHAT_HOST_CXXOPTS cxxopts.hpp PATHS /usr/include NO_CMAKE_FIND_ROOT_PATH REQUIRED)
set(host_headers ${PROJECT_BINARY_DIR}/host-headers)
file(MAKE_DIRECTORY ${host_headers})
foreach(header IN ITEMS ${UDPCHAT_HOST_ASIO}/asio.hpp ${UDPCHAT_HOST_ASIO}/asio ${UDPCHAT_HOST_CXXOPTS}/cxxopts.hpp)
  get_filename_component(name ${header} NAME)
  file(CREATE_LINK ${header} ${host_headers}/${name} SYMBOLIC)
endforeach()

# Windows 10 and later: VT sequences on the console, and everything asio uses.
# localtime_r and gmtime_r, as POSIX has them, from mingw-w64's time.h.
add_compile_definitions(_WIN32_WINNT=0x0A00 WINVER=0x0A00 WIN32_LEAN_AND_MEAN NOMINMAX _POSIX_THREAD_SAFE_FUNCTIONS)
add_link_options(-static)
# asio's headers are most of what each file costs to compile; compiled as one unit per target,
# the programs build in about a third of the time (the cross-build runs in every CI run).
if(NOT DEFINED CMAKE_UNITY_BUILD)
  set(CMAKE_UNITY_BUILD ON)
endif()

add_library(asio_standalone INTERFACE)
target_include_directories(asio_standalone SYSTEM INTERFACE ${host_headers})
# ASIO_DISABLE_STD_ALIGNED_ALLOC: as on Linux (see CMakeLists.txt), one allocator for every file.
target_compile_definitions(asio_standalone INTERFACE ASIO_STANDALONE ASIO_NO_DEPRECATED ASIO_DISABLE_STD_ALIGNED_ALLOC)
find_package(Threads REQUIRED)
target_link_libraries(asio_standalone INTERFACE Threads::Threads ws2_32 mswsock)

add_library(cxxopts_headers INTERFACE)
target_include_directories(cxxopts_headers SYSTEM INTERFACE ${host_headers})
target_compile_definitions(cxxopts_headers INTERFACE CXXOPTS_NO_REGEX)  # as on Linux
add_library(cxxopts::cxxopts ALIAS cxxopts_headers)

add_subdirectory(shared)
add_subdirectory(runtime)
add_subdirectory(tcp)
add_subdirectory(udp_server)
add_subdirectory(udp_client)

install(TARGETS udpchat-server udpchat RUNTIME DESTINATION .)
include(${CMAKE_CURRENT_LIST_DIR}/windows_package.cmake)
