// SPDX-License-Identifier: GPL-3.0-or-later
// The TCP room's web view (udpchat-room --web) through the real room and raw TCP members: the
// same page and paths as the hub's, told it shows lines; a chat between two members as lines
// in and out; a line opened, with its fields and bytes and no IP or UDP header; the methods,
// paths and viewers refused.
#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "../e2e/server_fixture.hpp"
#include "event_json.hpp"
#include "external_program.hpp"
#include "http_client.hpp"
#include "tcp_probe.hpp"
#include "udpchat/hex_dump.hpp"

namespace udpchat::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

// A server with its web view on a free port of 127.0.0.1.
struct web_server {
  web_server(const std::string& program, std::vector<std::string> extra = {})
      : server{program, with_web(std::move(extra))} {
    const auto line = server.process.wait_for_stdout(
        [](const std::string& text) { return text.find("web view on http://127.0.0.1:") != std::string::npos; });
    if (line) web_port = static_cast<unsigned short>(std::stoi(line->substr(line->find("http://127.0.0.1:") + 17)));
  }
  static std::vector<std::string> with_web(std::vector<std::string> extra) {
    extra.insert(extra.begin(), {"--web", "127.0.0.1:0"});
    return on_loopback(std::move(extra));
  }
  running_server server;
  unsigned short web_port = 0;
};

struct web_room : web_server {
  web_room() : web_server{"udpchat-room"} {}
};

auto any_data() {
  return [](const std::string&) { return true; };
}

std::unique_ptr<tcp_probe> joined_member(web_room& room) {
  auto member = std::make_unique<tcp_probe>(room.server.port);
  const auto welcome = member->read_line();
  EXPECT_TRUE(welcome && welcome->starts_with("hub____welcome, you are " + member->address()))
      << welcome.value_or("(nothing)");
  EXPECT_TRUE(room.server.saw_join(member->address()));
  return member;
}

// Every event a viewer has been sent, to look up in any order.
struct seen_events {
  explicit seen_events(sse_client& from) : viewer{from} {}
  template <typename Predicate>
  std::optional<json> find(Predicate wanted, std::chrono::milliseconds deadline = 5000ms) {
    const auto until = std::chrono::steady_clock::now() + deadline;
    std::size_t checked = 0;
    for (;;) {
      for (; checked < all.size(); ++checked) {
        if (wanted(all[checked])) return all[checked];
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
      if (left.count() <= 0) return std::nullopt;
      const auto batch = viewer.next_matching("datagrams", any_data(), left);
      if (!batch) return std::nullopt;
      const json parsed = json::parse(batch->data);
      for (const auto& event : parsed.at("events")) all.push_back(event);
    }
  }
  sse_client& viewer;
  std::vector<json> all;
};

TEST(RoomWebViewTest, HelloSaysTheRoomShowsLinesOverTcp) {
  web_room room;
  ASSERT_NE(room.web_port, 0);
  sse_client viewer{room.web_port};
  const auto hello = data_of(viewer.next_matching("hello", any_data()));
  EXPECT_EQ(hello["program"], "udpchat-room");
  EXPECT_EQ(hello["transport"], "tcp");
  EXPECT_EQ(hello["unit"], "line");
  EXPECT_EQ(hello["hub"], "127.0.0.1:" + std::to_string(room.server.port));
  EXPECT_EQ(hello["viewers_max"], 16);
  EXPECT_FALSE(hello.contains("conditions"));  // no network simulator in the room
  const auto page = http_request(room.web_port, "GET", "/");
  ASSERT_TRUE(page.has_value());
  EXPECT_EQ(page->status, 200);
  EXPECT_FALSE(page->header("content-security-policy").empty());
}

TEST(RoomWebViewTest, TheHubSaysItShowsDatagramsOverUdp) {
  web_server hub{"udpchat-server"};
  ASSERT_NE(hub.web_port, 0);
  sse_client viewer{hub.web_port};
  const auto hello = data_of(viewer.next_matching("hello", any_data()));
  EXPECT_EQ(hello["transport"], "udp");
  EXPECT_EQ(hello["unit"], "datagram");
  EXPECT_TRUE(hello.contains("conditions"));
}

TEST(RoomWebViewTest, ChatBetweenTwoMembersStreamsAsLines) {
  web_room room;
  sse_client viewer{room.web_port};
  auto ann = joined_member(room);
  auto bob = joined_member(room);
  ann->send("hello <b>bob</b>\x1b[2J\r\n");
  const auto relay = bob->read_line();
  ASSERT_TRUE(relay.has_value());

  seen_events seen{viewer};
  const auto said = seen.find([&](const json& event) {
    return event["dir"] == "in" && event["kind"] == "message" && event["peer"] == ann->address();
  });
  ASSERT_TRUE(said.has_value()) << viewer.body_so_far();
  // The text without the line's ending, escaped; the size with it, as it came.
  EXPECT_EQ((*said)["text"], "hello <b>bob</b>\\x1b[2J");
  EXPECT_EQ((*said)["size"], std::string{"hello <b>bob</b>\x1b[2J\r\n"}.size());
  EXPECT_EQ((*said)["hub"], "127.0.0.1:" + std::to_string(room.server.port));
  const auto relayed = seen.find([&](const json& event) {
    return event["dir"] == "out" && event["kind"] == "message" && event["peer"] == bob->address();
  });
  ASSERT_TRUE(relayed.has_value());
  EXPECT_EQ((*relayed)["cause"], (*said)["seq"]);
  EXPECT_EQ((*relayed)["size"], relay->size() + 1);
  EXPECT_EQ((*relayed)["text"], ann->address() + "____hello <b>bob</b>\\x1b[2J");
  const auto welcome = seen.find([&](const json& event) {
    return event["dir"] == "out" && event["kind"] == "welcome" && event["peer"] == bob->address();
  });
  ASSERT_TRUE(welcome.has_value());
  EXPECT_TRUE((*welcome)["cause"].is_null());

  // A keepalive (an empty line) and a command are told apart; the command's answer names it.
  bob->send("\n/nick bob\n");
  const auto renamed = ann->read_line_matching([](const std::string& line) { return line.find("called bob") != std::string::npos; });
  ASSERT_TRUE(renamed.has_value());
  const auto keepalive = seen.find([&](const json& event) { return event["kind"] == "keepalive"; });
  ASSERT_TRUE(keepalive.has_value());
  EXPECT_EQ((*keepalive)["peer"], bob->address());
  const auto command = seen.find([&](const json& event) { return event["kind"] == "command"; });
  ASSERT_TRUE(command.has_value());
  const auto notice = seen.find([&](const json& event) {
    return event["dir"] == "out" && event["kind"] == "notice" && event["cause"] == (*command)["seq"];
  });
  EXPECT_TRUE(notice.has_value());

  const auto members = viewer.next_matching("members", [&](const std::string& data) {
    const auto list = json::parse(data)["members"];
    return list.size() == 2 && list[0]["in"]["datagrams"] == 1 && list[1]["name"] == "bob";
  });
  ASSERT_TRUE(members.has_value()) << viewer.body_so_far();
  const auto list = json::parse(members->data)["members"];
  EXPECT_EQ(list[0]["addr"], ann->address());
  EXPECT_EQ(list[1]["addr"], bob->address());
  EXPECT_EQ(list[1]["in"]["datagrams"], 2);  // its keepalive and its /nick

  // Ann leaves: Bob is sent her departure in answer to her quit, and she is listed as gone.
  ann->send("quit\n");
  const auto quit = seen.find([&](const json& event) { return event["dir"] == "in" && event["kind"] == "departure"; });
  ASSERT_TRUE(quit.has_value());
  const auto departure = seen.find([&](const json& event) {
    return event["dir"] == "out" && event["kind"] == "departure" && event["peer"] == bob->address();
  });
  ASSERT_TRUE(departure.has_value());
  EXPECT_EQ((*departure)["cause"], (*quit)["seq"]);
  const auto gone = viewer.next_matching("members", [&](const std::string& data) {
    const auto snapshot = json::parse(data);
    return snapshot["members"].size() == 1 && !snapshot["gone"].empty();
  });
  ASSERT_TRUE(gone.has_value());
  EXPECT_EQ(json::parse(gone->data)["gone"][0]["addr"], ann->address());
  EXPECT_EQ(json::parse(gone->data)["gone"][0]["why"], "left");
}

TEST(RoomWebViewTest, OpenedLineHasItsFieldsAndBytesAndNoHeaders) {
  web_room room;
  sse_client viewer{room.web_port};
  auto ann = joined_member(room);
  auto bob = joined_member(room);
  ann->send("hi\tthere\n");
  const auto relay = bob->read_line();
  ASSERT_TRUE(relay.has_value());
  seen_events seen{viewer};
  const auto relayed = seen.find([&](const json& event) { return event["dir"] == "out" && event["kind"] == "message"; });
  ASSERT_TRUE(relayed.has_value());
  const auto opened = http_request(room.web_port, "GET", "/datagram/" + std::to_string((*relayed)["seq"].get<int>()));
  ASSERT_TRUE(opened.has_value());
  ASSERT_EQ(opened->status, 200);
  EXPECT_TRUE(opened->header("content-type").starts_with("application/json"));
  const auto detail = json::parse(opened->body);
  EXPECT_EQ(detail["fields"]["sender"], ann->address());
  EXPECT_EQ(detail["fields"]["separator"], "____");
  EXPECT_EQ(detail["fields"]["text"], "hi\\tthere");
  // The bytes as the member's stream carried them, ending and all, dumped as --trace does.
  EXPECT_EQ(detail["hex"], hex_dump(*relay + "\n"));
  EXPECT_EQ(detail["kept"], relay->size() + 1);
  EXPECT_FALSE(detail.contains("ip"));
  EXPECT_FALSE(detail.contains("udp"));
  EXPECT_NE(detail.value("carrier", "").find("TCP"), std::string::npos) << opened->body;

  const auto said = http_request(room.web_port, "GET", "/datagram/" + std::to_string((*relayed)["cause"].get<int>()));
  ASSERT_TRUE(said.has_value());
  const auto said_detail = json::parse(said->body);
  EXPECT_EQ(said_detail["dir"], "in");
  EXPECT_TRUE(said_detail["fields"]["sender"].is_null());
  EXPECT_EQ(said_detail["fields"]["text"], "hi\\tthere");
  EXPECT_EQ(said_detail["hex"], hex_dump("hi\tthere\n"));
}

TEST(RoomWebViewTest, OnlyGetOnKnownPaths) {
  web_room room;
  for (const char* path : {"/nope", "/datagram/", "/datagram/abc", "/datagram/999999"}) {
    const auto response = http_request(room.web_port, "GET", path);
    ASSERT_TRUE(response.has_value()) << path;
    EXPECT_EQ(response->status, 404) << path;
  }
  for (const char* method : {"POST", "PUT", "DELETE"}) {
    for (const char* path : {"/", "/events", "/datagram/1"}) {
      const auto response = http_request(room.web_port, method, path);
      ASSERT_TRUE(response.has_value()) << method << ' ' << path;
      EXPECT_EQ(response->status, 405) << method << ' ' << path;
      EXPECT_EQ(response->header("allow"), "GET") << method << ' ' << path;
    }
  }
}

TEST(RoomWebViewTest, SeventeenthViewerIsTurnedAway) {
  web_room room;
  std::vector<std::unique_ptr<sse_client>> viewers;
  for (int i = 0; i < 16; ++i) {
    viewers.push_back(std::make_unique<sse_client>(room.web_port));
    ASSERT_TRUE(viewers.back()->next_matching("hello", any_data())) << i;
  }
  const auto refused = http_request(room.web_port, "GET", "/events");
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->status, 503);
  EXPECT_NE(refused->body.find("at most 16"), std::string::npos) << refused->body;
}

TEST(RoomWebViewTest, BadWebAddressIsRefused) {
  const auto run = run_program(bin_path("udpchat-room"), {"--port", "0", "--web", "localhost:80"}, {}, 5000ms);
  EXPECT_EQ(run.exit_status, 2);
  EXPECT_NE(run.stderr_text.find("bad --web"), std::string::npos) << run.stderr_text;
}

}  // namespace
}  // namespace udpchat::testing
