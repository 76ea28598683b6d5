// SPDX-License-Identifier: GPL-3.0-or-later
// The projector view (udpchat-server --web) in a real browser: three real terminals chat through
// the real hub, then tests/browser/view_check.py opens the page in Debian's headless Chromium
// (driven by Selenium) and checks the members, the ladder's arrows, one datagram opened, and that
// a message written as HTML shows as text and runs nothing. It saves its screenshots in the build
// directory's web-screenshots/.
#include <algorithm>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "external_program.hpp"
#include "server_fixture.hpp"

namespace udpchat::testing {
namespace {

const std::string injection = "<img src=x onerror=alert(1)>";

// "web view on http://127.0.0.1:PORT/" -> "http://127.0.0.1:PORT/", printed after "listening on".
std::optional<std::string> web_view_url(running_server& hub) {
  const auto line = hub.process.wait_for_stdout(
      [](const std::string& each) { return each.find("web view on http://") != std::string::npos; });
  if (!line) return std::nullopt;
  std::string url = line->substr(line->find("http://"));
  url.erase(std::find_if(url.begin(), url.end(), [](char c) { return c == ' ' || c == '\r'; }), url.end());
  return url;
}

// `speaker` types `text`; every one of `hearers` shows it before this returns.
void says(running_terminal& speaker, const std::string& text,
          std::initializer_list<running_terminal*> hearers) {
  speaker.process.write_stdin(text + "\n");
  for (running_terminal* hearer : hearers)
    EXPECT_TRUE(hearer->shows(text)) << hearer->address << " for " << text;
}

TEST(WebViewBrowserTest, ThePageShowsThreeMembersChattingAsDatagramsAndMarkupAsText) {
  running_hub hub{on_loopback({"--web", "127.0.0.1:0"})};
  ASSERT_NE(hub.port, 0) << hub.process.all_stderr();
  const auto url = web_view_url(hub);
  ASSERT_TRUE(url) << hub.process.all_stderr();
  ASSERT_TRUE(url->starts_with("http://127.0.0.1:")) << *url;

  // Each name is in place (everyone has seen it) before anyone speaks, so every relay carries it.
  running_terminal ann{hub, {"--name", "ann"}};
  ASSERT_TRUE(ann.shows(" is now called ann"));
  running_terminal bob{hub, {"--name", "bob"}};
  ASSERT_TRUE(ann.shows(" is now called bob"));
  running_terminal cat{hub, {"--name", "cat"}};
  ASSERT_TRUE(ann.shows(" is now called cat"));
  ASSERT_TRUE(bob.shows(" is now called cat"));

  says(ann, "hi, this is ann", {&bob, &cat});
  says(bob, injection, {&ann, &cat});
  says(cat, "hello from cat", {&ann, &bob});
  const std::string last = "watch the ladder";
  says(ann, last, {&bob, &cat});

  const std::vector<std::string> screenshots{"ladder.png", "datagram.png", "rate-chart.png"};
  for (const auto& screenshot : screenshots)
    std::filesystem::remove(std::filesystem::path{UDPCHAT_SCREENSHOT_DIR} / screenshot);
  const auto check = run_program(
      UDPCHAT_BROWSER_PYTHON,
      {UDPCHAT_VIEW_CHECK, *url, UDPCHAT_SCREENSHOT_DIR, "--members", "ann,bob,cat", "--speaker", "ann",
       "--message", last, "--injection", injection, "--hub-port", std::to_string(hub.port)},
      {}, std::chrono::milliseconds{90000});
  std::string output;
  for (const auto& line : check.stdout_lines) output += line + "\n";
  ASSERT_TRUE(check.exit_status.has_value()) << "view_check ran past its deadline\n"
                                             << output << check.stderr_text;
  EXPECT_EQ(*check.exit_status, 0) << output << check.stderr_text;
  EXPECT_EQ(output.find("FAIL"), std::string::npos) << output;
  // The checks that matter by name, so a script that stopped checking cannot pass.
  for (const std::string passed :
       {"ok member list shows ann, bob, cat", "ok one in-arrow for ann's message",
        "ok two out-arrows with cause ", "ok they go to the other two members",
        "ok hex dump starts at offset 000000", "ok the injection opened shows literally",
        "ok no element was made from member text", "ok no alert, confirm or prompt ran",
        "view_check: all "}) {
    EXPECT_NE(output.find(passed), std::string::npos) << passed << "\n" << output;
  }
  for (const auto& screenshot : screenshots) {
    EXPECT_TRUE(std::filesystem::exists(std::filesystem::path{UDPCHAT_SCREENSHOT_DIR} / screenshot))
        << screenshot;
  }
}

// The TCP room's page is the hub's, with lines: three udpchat --tcp terminals chat through the
// real room; view_check.py checks the same, but that an opened line has no IP or UDP header.
TEST(WebViewBrowserTest, TheRoomsPageShowsThreeMembersChattingAsLines) {
  running_server room{"udpchat-room", on_loopback({"--web", "127.0.0.1:0"})};
  ASSERT_NE(room.port, 0) << room.process.all_stderr();
  const auto url = web_view_url(room);
  ASSERT_TRUE(url) << room.process.all_stderr();

  running_terminal ann{room, {"--tcp", "--name", "ann"}};
  ASSERT_TRUE(ann.shows(" is now called ann"));
  running_terminal bob{room, {"--tcp", "--name", "bob"}};
  ASSERT_TRUE(ann.shows(" is now called bob"));
  running_terminal cat{room, {"--tcp", "--name", "cat"}};
  ASSERT_TRUE(ann.shows(" is now called cat"));
  ASSERT_TRUE(bob.shows(" is now called cat"));

  says(ann, "hi, this is ann", {&bob, &cat});
  says(bob, injection, {&ann, &cat});
  const std::string last = "watch the ladder";
  says(ann, last, {&bob, &cat});

  // Its own directory: the hub's screenshots are the documentation's.
  const std::string screenshots = std::string{UDPCHAT_SCREENSHOT_DIR} + "/room";
  std::filesystem::create_directories(screenshots);
  const auto check = run_program(
      UDPCHAT_BROWSER_PYTHON,
      {UDPCHAT_VIEW_CHECK, *url, screenshots, "--members", "ann,bob,cat", "--speaker", "ann", "--message", last,
       "--injection", injection, "--hub-port", std::to_string(room.port), "--tcp"},
      {}, std::chrono::milliseconds{90000});
  std::string output;
  for (const auto& line : check.stdout_lines) output += line + "\n";
  ASSERT_TRUE(check.exit_status.has_value()) << "view_check ran past its deadline\n"
                                             << output << check.stderr_text;
  EXPECT_EQ(*check.exit_status, 0) << output << check.stderr_text;
  EXPECT_EQ(output.find("FAIL"), std::string::npos) << output;
  for (const std::string passed :
       {"ok member list shows ann, bob, cat", "ok two out-arrows with cause ", "ok it is called a line",
        "ok no IP or UDP header for a line", "ok the page says TCP carries it in segments",
        "ok the injection opened shows literally", "ok no alert, confirm or prompt ran", "view_check: all "}) {
    EXPECT_NE(output.find(passed), std::string::npos) << passed << "\n" << output;
  }
}

}  // namespace
}  // namespace udpchat::testing
