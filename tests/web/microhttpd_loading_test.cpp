// SPDX-License-Identifier: GPL-3.0-or-later
// libmicrohttpd is loaded only when a web view is opened: the real hub and room without --web
// have none of it (nor GnuTLS) mapped, with --web they have it and serve; and when it cannot be
// loaded, --web stops the start with one line naming the package.
#include <gtest/gtest.h>
#include <sys/types.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "../e2e/server_fixture.hpp"
#include "external_program.hpp"
#include "http_client.hpp"

namespace udpchat::testing {
namespace {

using namespace std::chrono_literals;

// Both from the build: what the view server loads, and the Debian package that holds it.
constexpr std::string_view soname = UDPCHAT_MICROHTTPD_SONAME;
constexpr std::string_view package = UDPCHAT_MICROHTTPD_PACKAGE;

std::string mappings_of(pid_t pid) {
  std::ifstream maps{"/proc/" + std::to_string(pid) + "/maps"};
  return {std::istreambuf_iterator<char>{maps}, std::istreambuf_iterator<char>{}};
}

void expect_no_http_library(const std::string& program) {
  running_server server{program, on_loopback({"--quiet"})};
  ASSERT_NE(server.port, 0) << program;
  const std::string maps = mappings_of(server.process.pid());
  ASSERT_NE(maps.find(program), std::string::npos) << "not the maps of " << program << ":\n" << maps;
  EXPECT_EQ(maps.find("libmicrohttpd"), std::string::npos) << program << ":\n" << maps;
  EXPECT_EQ(maps.find("libgnutls"), std::string::npos) << program << ":\n" << maps;
}

void expect_http_library_serving(const std::string& program) {
  running_server server{program, on_loopback({"--web", "127.0.0.1:0"})};
  ASSERT_NE(server.port, 0) << program;
  const auto line = server.process.wait_for_stdout(
      [](const std::string& text) { return text.find("web view on http://127.0.0.1:") != std::string::npos; });
  ASSERT_TRUE(line.has_value()) << program;
  EXPECT_NE(mappings_of(server.process.pid()).find("/" + std::string{soname}), std::string::npos) << program;
  const auto web_port = static_cast<unsigned short>(std::stoi(line->substr(line->find("http://127.0.0.1:") + 17)));
  const auto page = http_request(web_port, "GET", "/");
  ASSERT_TRUE(page.has_value()) << program;
  EXPECT_EQ(page->status, 200) << program;
}

// The dynamic loader looks in LD_LIBRARY_PATH before the system's folders (ld.so(8)), so an
// empty file of the library's name there is found first and refused ("file too short"): the
// load fails as it would with the package missing, without touching the system.
void expect_clear_refusal(const std::string& program) {
  const std::string folder = temporary_path("unloadable-" + program);
  std::filesystem::create_directories(folder);
  const std::string library = folder + "/" + std::string{soname};
  std::ofstream{library}.close();
  const auto run = run_program("/usr/bin/env",
                               {"LD_LIBRARY_PATH=" + folder, bin_path(program), "--host", "127.0.0.1", "--port", "0",
                                "--web", "127.0.0.1:0"},
                               {}, 10000ms);
  std::filesystem::remove_all(folder);
  EXPECT_EQ(run.exit_status, 1) << run.stderr_text;
  const std::string expected_start = program + ": the web view needs " + std::string{soname} +
                                     " (Debian's package " + std::string{package} + "), which cannot be loaded: ";
  EXPECT_TRUE(run.stderr_text.starts_with(expected_start)) << run.stderr_text;
  // What dlerror(3) said names the file it refused.
  EXPECT_NE(run.stderr_text.find(library), std::string::npos) << run.stderr_text;
  EXPECT_EQ(std::count(run.stderr_text.begin(), run.stderr_text.end(), '\n'), 1) << run.stderr_text;
  EXPECT_TRUE(run.stderr_text.ends_with('\n')) << run.stderr_text;
  // Nothing was started: no "listening on", no log at all.
  EXPECT_TRUE(run.stdout_lines.empty()) << run.stdout_lines.front();
}

TEST(MicrohttpdLoadingTest, HubWithoutWebMapsNoHttpLibrary) { expect_no_http_library("udpchat-server"); }

TEST(MicrohttpdLoadingTest, RoomWithoutWebMapsNoHttpLibrary) { expect_no_http_library("udpchat-room"); }

TEST(MicrohttpdLoadingTest, HubWithWebMapsItAndServes) { expect_http_library_serving("udpchat-server"); }

TEST(MicrohttpdLoadingTest, RoomWithWebMapsItAndServes) { expect_http_library_serving("udpchat-room"); }

TEST(MicrohttpdLoadingTest, HubStopsWhenTheLibraryCannotBeLoaded) { expect_clear_refusal("udpchat-server"); }

TEST(MicrohttpdLoadingTest, RoomStopsWhenTheLibraryCannotBeLoaded) { expect_clear_refusal("udpchat-room"); }

}  // namespace
}  // namespace udpchat::testing
