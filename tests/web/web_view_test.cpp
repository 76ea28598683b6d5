// SPDX-License-Identifier: GPL-3.0-or-later
// The hub's web view (--web) through the real hub and raw sockets: the page and its headers,
// methods and paths refused, the viewer limit, the event stream of a real chat, a datagram
// opened, a late viewer, a viewer that stops reading and one that falls behind.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "../e2e/server_fixture.hpp"
#include "deadline.hpp"
#include "event_json.hpp"
#include "external_program.hpp"
#include "http_client.hpp"
#include "udpchat/hex_dump.hpp"
#include "udpchat/pcap_format.hpp"

namespace udpchat::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

constexpr const char* expected_csp =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

// A hub with its web view on a free port.
struct web_hub {
  explicit web_hub(std::vector<std::string> extra = {}) : hub{with_web(std::move(extra))} {
    const auto line = hub.process.wait_for_stdout(
        [](const std::string& text) { return text.find("web view on http://127.0.0.1:") != std::string::npos; });
    if (line) {
      const auto at = line->find("http://127.0.0.1:") + 17;
      web_port = static_cast<unsigned short>(std::stoi(line->substr(at)));
    }
  }
  static std::vector<std::string> with_web(std::vector<std::string> extra) {
    extra.insert(extra.begin(), {"--web", "0"});
    return on_loopback(std::move(extra));
  }
  running_hub hub;
  unsigned short web_port = 0;
};

// Every datagram event a viewer has been sent, to look up in any order.
struct seen_datagrams {
  explicit seen_datagrams(sse_client& from) : viewer{from} {}

  // The first event seen that satisfies `wanted`, reading more batches until the deadline.
  template <typename Predicate>
  std::optional<json> find(Predicate wanted, std::chrono::milliseconds deadline = 5000ms) {
    const auto until = std::chrono::steady_clock::now() + deadline;
    std::size_t checked = 0;
    for (;;) {
      for (; checked < all.size(); ++checked) {
        if (wanted(all[checked])) return all[checked];
      }
      const auto batch = viewer.next_matching("datagrams", [](const std::string&) { return true; }, left_until(until));
      if (!batch) return std::nullopt;
      const json parsed = json::parse(batch->data);
      for (const auto& event : parsed.at("events")) all.push_back(event);
    }
  }

  sse_client& viewer;
  std::vector<json> all;
};

TEST(WebViewTest, PageComesWithItsSecurityHeaders) {
  web_hub web;
  ASSERT_NE(web.web_port, 0);
  const auto page = http_request(web.web_port, "GET", "/");
  ASSERT_TRUE(page.has_value());
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->header("content-security-policy"), expected_csp);
  EXPECT_EQ(page->header("x-content-type-options"), "nosniff");
  EXPECT_EQ(page->header("referrer-policy"), "no-referrer");
  EXPECT_EQ(page->header("cache-control"), "no-store");
  EXPECT_TRUE(page->header("content-type").starts_with("text/html")) << page->header("content-type");
  EXPECT_NE(page->body.find("<html"), std::string::npos);
  const auto script = http_request(web.web_port, "GET", "/app.js");
  ASSERT_TRUE(script.has_value());
  EXPECT_EQ(script->status, 200);
  EXPECT_TRUE(script->header("content-type").starts_with("text/javascript"));
  EXPECT_EQ(script->header("content-security-policy"), expected_csp);
}

TEST(WebViewTest, UnknownPathsAreNotFound) {
  web_hub web;
  for (const char* path : {"/nope", "/index.htm", "/events/x", "/datagram/", "/datagram/abc", "/datagram/999999"}) {
    const auto response = http_request(web.web_port, "GET", path);
    ASSERT_TRUE(response.has_value()) << path;
    EXPECT_EQ(response->status, 404) << path;
    EXPECT_EQ(response->header("content-security-policy"), expected_csp) << path;
  }
  const auto missing = http_request(web.web_port, "GET", "/datagram/999999");
  ASSERT_TRUE(missing.has_value());
  EXPECT_TRUE(json::parse(missing->body).contains("error")) << missing->body;
}

TEST(WebViewTest, OnlyGetIsAllowed) {
  web_hub web;
  for (const char* method : {"POST", "PUT", "DELETE", "PATCH"}) {
    for (const char* path : {"/", "/events", "/datagram/1"}) {
      const auto response = http_request(web.web_port, method, path);
      ASSERT_TRUE(response.has_value()) << method << ' ' << path;
      EXPECT_EQ(response->status, 405) << method << ' ' << path;
      EXPECT_EQ(response->header("allow"), "GET") << method << ' ' << path;
    }
  }
}

TEST(WebViewTest, SeventeenthViewerIsTurnedAway) {
  web_hub web;
  std::vector<std::unique_ptr<sse_client>> viewers;
  for (int i = 0; i < 16; ++i) {
    viewers.push_back(std::make_unique<sse_client>(web.web_port));
    ASSERT_TRUE(viewers.back()->next_matching("hello", [](const std::string&) { return true; })) << i;
  }
  sse_client one_too_many{web.web_port};
  EXPECT_EQ(one_too_many.status(), 503);
  const auto refused = http_request(web.web_port, "GET", "/events");
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->status, 503);
  EXPECT_NE(refused->body.find("at most 16"), std::string::npos) << refused->body;
  // The page itself is still served.
  const auto page = http_request(web.web_port, "GET", "/");
  ASSERT_TRUE(page.has_value());
  EXPECT_EQ(page->status, 200);
  // A viewer that leaves makes room.
  viewers.pop_back();
  const auto until = std::chrono::steady_clock::now() + 5s;
  bool admitted = false;
  while (!admitted && std::chrono::steady_clock::now() < until) {
    sse_client again{web.web_port};
    admitted = again.status() == 200;
  }
  EXPECT_TRUE(admitted);
}

TEST(WebViewTest, ChatBetweenTwoMembersStreamsAsDatagrams) {
  web_hub web;
  sse_client viewer{web.web_port};
  const auto hello = data_of(viewer.next_matching("hello", [](const std::string&) { return true; }));
  EXPECT_EQ(hello["program"], "udpchat-server");
  EXPECT_EQ(hello["viewers_max"], 16);
  EXPECT_EQ(hello["hub"], "127.0.0.1:" + std::to_string(web.hub.port));
  EXPECT_TRUE(hello.contains("conditions"));
  auto ann = joined_probe(web.hub);
  auto bob = joined_probe(web.hub);
  ann->send_to(web.hub.port, "hello <b>bob</b>\x1b[2J");
  const auto relay = bob->receive();
  ASSERT_TRUE(relay.has_value());

  seen_datagrams seen{viewer};
  const auto said = seen.find([&](const json& event) {
    return event["dir"] == "in" && event["kind"] == "message" && event["peer"] == ann->address();
  });
  ASSERT_TRUE(said.has_value()) << viewer.body_so_far();
  EXPECT_EQ((*said)["text"], "hello <b>bob</b>\\x1b[2J");
  EXPECT_EQ((*said)["hub"], "127.0.0.1:" + std::to_string(web.hub.port));
  EXPECT_FALSE(said->contains("verdict"));
  const auto relayed = seen.find([&](const json& event) {
    return event["dir"] == "out" && event["kind"] == "message" && event["peer"] == bob->address();
  });
  ASSERT_TRUE(relayed.has_value());
  EXPECT_EQ((*relayed)["cause"], (*said)["seq"]);
  EXPECT_EQ((*relayed)["fate"], "sent");
  EXPECT_EQ((*relayed)["size"], relay->size());
  EXPECT_GT((*relayed)["seq"], (*said)["seq"]);

  const auto members = viewer.next_matching("members", [&](const std::string& data) {
    const auto list = json::parse(data)["members"];
    return list.size() == 2 && list[0]["in"]["datagrams"] == 2;
  });
  ASSERT_TRUE(members.has_value());
  const auto list = json::parse(members->data)["members"];
  EXPECT_EQ(list[0]["addr"], ann->address());
  EXPECT_EQ(list[1]["addr"], bob->address());
  EXPECT_EQ(list[1]["out"]["datagrams"], 2);  // its welcome and the relay

  // Ann leaves: the others are told, and she is listed as gone.
  ann->send_to(web.hub.port, "quit");
  const auto gone = viewer.next_matching("members", [&](const std::string& data) {
    const auto snapshot = json::parse(data);
    return snapshot["members"].size() == 1 && !snapshot["gone"].empty();
  });
  ASSERT_TRUE(gone.has_value());
  const auto first_gone = json::parse(gone->data)["gone"][0];
  EXPECT_EQ(first_gone["addr"], ann->address());
  EXPECT_EQ(first_gone["why"], "left");
}

TEST(WebViewTest, RatesCountRelayedMessagesApartFromKeepalivesAndTheSeedKeepsAll64Bits) {
  // A seed past 2^53 would be rounded as a JavaScript number: the page would show another one.
  web_hub web{{"--seed", "16089115278807875730"}};
  sse_client viewer{web.web_port};
  const auto hello = data_of(viewer.next_matching("hello", [](const std::string&) { return true; }));
  EXPECT_EQ(hello["conditions"]["seed"], "16089115278807875730");
  auto ann = joined_probe(web.hub);
  auto bob = joined_probe(web.hub);
  auto cat = joined_probe(web.hub);
  // In one second at most: keepalives and one message; only the message fans out.
  for (int i = 0; i < 3; ++i) ann->send_to(web.hub.port, "");
  ann->send_to(web.hub.port, "one");
  ASSERT_TRUE(bob->receive().has_value());
  // Summed over every second the viewer is told of, until the message's second comes.
  std::uint64_t messages = 0;
  std::uint64_t in = 0;
  const auto counted = viewer.next_matching("rates", [&](const std::string& data) {
    const json rates = json::parse(data);  // kept: a range-for would not keep a temporary alive
    for (const auto& second : rates["per_second"]) {
      messages += second["messages"].get<std::uint64_t>();
      in += second["in"].get<std::uint64_t>();
    }
    return messages > 0;
  });
  ASSERT_TRUE(counted.has_value()) << viewer.body_so_far();
  EXPECT_EQ(messages, 1U);
  EXPECT_GE(in, 4U);
  (void)cat;
}

TEST(WebViewTest, OpenedDatagramHasItsFieldsBytesAndHeaders) {
  web_hub web;
  sse_client viewer{web.web_port};
  auto ann = joined_probe(web.hub);
  auto bob = joined_probe(web.hub);
  ann->send_to(web.hub.port, "hi\tthere");
  const auto relay = bob->receive();
  ASSERT_TRUE(relay.has_value());
  seen_datagrams seen{viewer};
  const auto relayed = seen.find([&](const json& event) {
    return event["dir"] == "out" && event["kind"] == "message";
  });
  ASSERT_TRUE(relayed.has_value());
  const auto opened = http_request(web.web_port, "GET", "/datagram/" + std::to_string((*relayed)["seq"].get<int>()));
  ASSERT_TRUE(opened.has_value());
  ASSERT_EQ(opened->status, 200);
  EXPECT_TRUE(opened->header("content-type").starts_with("application/json"));
  const auto detail = json::parse(opened->body);
  EXPECT_EQ(detail["fields"]["sender"], ann->address());
  EXPECT_EQ(detail["fields"]["separator"], "____");
  EXPECT_EQ(detail["fields"]["text"], "hi\\tthere");
  EXPECT_TRUE(detail["fields"]["departure_marker"].is_null());
  EXPECT_EQ(detail["hex"], hex_dump(*relay));
  EXPECT_EQ(detail["kept"], relay->size());
  EXPECT_EQ(detail["ip"]["version"], 4);
  EXPECT_EQ(detail["ip"]["total_length"], 20 + 8 + relay->size());
  EXPECT_EQ(detail["ip"]["source"], "127.0.0.1");
  EXPECT_EQ(detail["udp"]["source_port"], web.hub.port);
  EXPECT_EQ(detail["udp"]["destination_port"], bob->port());
  EXPECT_EQ(detail["udp"]["length"], 8 + relay->size());
  // The checksums --pcap would write for it.
  capture_endpoint hub_end;
  hub_end.address = {127, 0, 0, 1};
  hub_end.port = web.hub.port;
  capture_endpoint bob_end = hub_end;
  bob_end.port = bob->port();
  const auto headers = synthesize_headers(hub_end, bob_end, relay->size(), internet_sum(*relay));
  char expected[8];
  std::snprintf(expected, sizeof expected, "0x%04x", headers.udp_checksum);
  EXPECT_EQ(detail["udp"]["checksum"], expected);
  std::snprintf(expected, sizeof expected, "0x%04x", headers.ip_checksum);
  EXPECT_EQ(detail["ip"]["checksum"], expected);

  // A member's own datagram, and a keepalive, are explained too.
  const auto said = http_request(web.web_port, "GET", "/datagram/" + std::to_string((*relayed)["cause"].get<int>()));
  ASSERT_TRUE(said.has_value()) << viewer.body_so_far();
  const auto said_detail = json::parse(said->body);
  EXPECT_EQ(said_detail["dir"], "in");
  EXPECT_TRUE(said_detail["fields"]["sender"].is_null());
  EXPECT_EQ(said_detail["fields"]["text"], "hi\\tthere");
  const auto keepalive = http_request(web.web_port, "GET", "/datagram/1");
  ASSERT_TRUE(keepalive.has_value());
  EXPECT_EQ(json::parse(keepalive->body)["kind"], "keepalive");
}

TEST(WebViewTest, LateViewerStartsWithRecentEventsAndMembers) {
  web_hub web;
  auto ann = joined_probe(web.hub);
  auto bob = joined_probe(web.hub);
  ann->send_to(web.hub.port, "said before anyone watched");
  ASSERT_TRUE(bob->receive().has_value());
  // The hub hands a wake-up's events to the view after handling them, before it reads the next
  // datagram: once a second message has been relayed, the first is in the view's ring.
  ann->send_to(web.hub.port, "and once more");
  ASSERT_TRUE(bob->receive().has_value());
  sse_client viewer{web.web_port};
  std::vector<std::string> order;
  json first_batch;
  json members;
  const auto until = std::chrono::steady_clock::now() + 5s;
  while ((first_batch.is_null() || members.is_null()) && std::chrono::steady_clock::now() < until) {
    const auto event = viewer.next(left_until(until));
    if (!event) break;
    order.push_back(event->name);
    if (event->name == "datagrams" && first_batch.is_null()) first_batch = json::parse(event->data);
    if (event->name == "members" && members.is_null()) members = json::parse(event->data);
  }
  ASSERT_GE(order.size(), 4U);
  EXPECT_EQ(order[0], "hello");
  EXPECT_EQ(order[1], "rates");
  EXPECT_EQ(order[2], "members");
  EXPECT_EQ(order[3], "datagrams");
  ASSERT_FALSE(first_batch.is_null());
  EXPECT_EQ(first_batch["events"][0]["seq"], 1);  // the ring from its start: ann's keepalive
  bool saw_message = false;
  for (const auto& event : first_batch["events"]) {
    saw_message = saw_message || event["text"] == "said before anyone watched";
  }
  EXPECT_TRUE(saw_message);
  // Members come at connect once the hub has taken a snapshot (once a second).
  const auto listed = viewer.next_matching("members", [](const std::string& data) {
    return json::parse(data)["members"].size() == 2;
  });
  EXPECT_TRUE(listed.has_value() || members["members"].size() == 2);
}

// A socket that asks for /events and never reads.
int stalled_viewer(unsigned short port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const int small = 4096;
  ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(::connect(fd, reinterpret_cast<const sockaddr*>(&to), sizeof to), 0);
  const std::string request = "GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  EXPECT_EQ(::send(fd, request.data(), request.size(), MSG_NOSIGNAL), static_cast<ssize_t>(request.size()));
  return fd;
}

// Reads what is left until the peer closes; false if it has not within the deadline.
bool closed_by_server(int fd, std::chrono::milliseconds deadline) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  char buffer[65536];
  for (;;) {
    pollfd readable{fd, POLLIN, 0};
    if (::poll(&readable, 1, static_cast<int>(left_until(until).count())) <= 0) return false;
    const auto count = ::recv(fd, buffer, sizeof buffer, 0);
    if (count <= 0) return true;
  }
}

TEST(WebViewTest, ViewerThatStopsReadingIsDroppedAndTheHubKeepsItsPace) {
  web_hub web{{"--rate-limit", "0", "--unheard-limit", "0", "--quiet"}};
  auto ann = joined_probe(web.hub);
  auto bob = joined_probe(web.hub);
  const int stalled = stalled_viewer(web.web_port);
  sse_client watching{web.web_port};  // a viewer that does read, for comparison
  // Twelve seconds of chat, past the view's 10-second idle timeout; every relay must come
  // promptly, whatever the stalled viewer does.
  const auto until = std::chrono::steady_clock::now() + 12s;
  int sent = 0;
  std::chrono::milliseconds slowest{0};
  while (std::chrono::steady_clock::now() < until && sent < 4000) {
    const std::string text = "message " + std::to_string(sent++) + std::string(200, '.');
    const auto before = std::chrono::steady_clock::now();
    ann->send_to(web.hub.port, text);
    const auto relay = bob->receive(1000ms);
    ASSERT_TRUE(relay.has_value()) << "relay " << sent << " did not come within a second";
    ASSERT_NE(relay->find(text), std::string::npos);
    slowest = std::max(slowest, std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - before));
    ::usleep(3000);
  }
  EXPECT_LT(slowest, 250ms) << "the slowest relay of " << sent;
  EXPECT_GT(sent, 1000);
  // The stalled viewer is gone by now (what it had not read is all it gets)...
  EXPECT_TRUE(closed_by_server(stalled, 8s));
  ::close(stalled);
  // ...while the one that reads is still served.
  EXPECT_TRUE(watching.next_matching("members", [](const std::string&) { return true; }, 3s).has_value());
}

TEST(WebViewTest, ViewerThatFallsBehindIsToldWhatItMissed) {
  web_hub web{{"--rate-limit", "0", "--unheard-limit", "0", "--quiet"}};
  auto ann = joined_probe(web.hub);
  auto bob = joined_probe(web.hub);
  sse_client viewer{web.web_port};
  ASSERT_TRUE(viewer.next_matching("members", [](const std::string&) { return true; }));
  // 2000 messages at once: 4000 events, more than a viewer is sent in one batch.
  for (int i = 0; i < 2000; ++i) ann->send_to(web.hub.port, "burst " + std::to_string(i));
  const auto missed = viewer.next_matching("missed", [](const std::string&) { return true; }, 10s);
  ASSERT_TRUE(missed.has_value()) << viewer.body_so_far().substr(0, 2000);
  const auto told = json::parse(missed->data);
  EXPECT_GT(told["count"].get<int>(), 0);
  const auto batch = viewer.next_matching("datagrams", [](const std::string&) { return true; });
  ASSERT_TRUE(batch.has_value());
  EXPECT_EQ(json::parse(batch->data)["events"][0]["seq"], told["next_seq"]);
}

TEST(WebViewTest, BadWebAddressSaysWhyAndExitsWithTwo) {
  const std::vector<std::pair<std::string, std::string>> cases{
      {"abc", "the port must be a number from 0 to 65535 (0 for any free one)"},
      {"65536", "the port must be a number from 0 to 65535 (0 for any free one)"},
      {"::1:8080", "an IPv6 address goes in brackets before the port, as [::1]:8080"},
      {"[::1]", "an IPv6 address goes in brackets before the port, as [::1]:8080"},
      {"teacher:8080", "'teacher' is not a numeric IPv4 or IPv6 address"}};
  for (const auto& [value, why] : cases) {
    const auto run = run_program(bin_path("udpchat-server"), on_loopback({"--web", value}), {}, 5000ms);
    EXPECT_EQ(run.exit_status, 2) << value;
    EXPECT_EQ(run.stderr_text, "udpchat-server: bad --web '" + value + "': " + why + "\n");
  }
}

TEST(WebViewTest, WebPortInUseSaysSoAndExitsWithOne) {
  web_hub first;
  ASSERT_NE(first.web_port, 0);
  const std::string taken = "127.0.0.1:" + std::to_string(first.web_port);
  const auto run = run_program(bin_path("udpchat-server"), on_loopback({"--web", taken}), {}, 5000ms);
  EXPECT_EQ(run.exit_status, 1);
  EXPECT_EQ(run.stderr_text, "udpchat-server: cannot serve the web view on " + taken + ": Address already in use\n");
}

}  // namespace
}  // namespace udpchat::testing
