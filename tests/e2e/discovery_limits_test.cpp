// SPDX-License-Identifier: GPL-3.0-or-later
// The discovery responder's safety bounds, probed by hand from a student's machine on a LAN of
// network namespaces: no answer to a source off the hub's networks or to a malformed probe, no
// answer larger than its probe, one answer to copies of a probe, and answer rates within the
// token buckets (per source 4 at once and 1 a second; overall 64 at once and 32 a second), with
// the hub still relaying chat after a flood. Needs root and iproute2 (ip).
#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "discovery_probes.hpp"
#include "lan_namespaces.hpp"

namespace udpchat::testing {
namespace {

using std::chrono::steady_clock;

const std::string teacher_address = "169.254.10.1";

double seconds_since(steady_clock::time_point start) {
  return std::chrono::duration<double>(steady_clock::now() - start).count();
}

// Whether a hub on the teacher's machine answers; from the teacher's own address, so that no
// student source spends a token on it.
bool hub_answers(const lan_namespaces& lan) {
  return answers_heard_by_teacher(lan, "hub", 1).size() == 1;
}

// The answers carrying one of `nonces` among `received`, by nonce.
std::map<std::string, std::vector<heard_answer>> answers_to(const std::vector<received_datagram>& received,
                                                            const std::set<std::string>& nonces) {
  std::map<std::string, std::vector<heard_answer>> by_nonce;
  for (const auto& each : received) {
    const auto answer = parse_answer(each.datagram.bytes);
    if (answer && nonces.contains(answer->nonce)) by_nonce[answer->nonce].push_back(*answer);
  }
  return by_nonce;
}

// 169.254.20.2 is on the student's machine, on a network the teacher's /24 does not hold but
// reaches through the student (a route the test adds): a host one router away. It can chat
// with the hub, so the path works both ways; its probe alone gets no answer, while a probe
// sent after it from the student's on-link address does.
TEST(DiscoveryLimitsTest, ProbeFromOutsideTheHubsNetworksGetsNoAnswer) {
  const lan_namespaces lan{{{"teacher", teacher_address + "/24"}, {"student", "169.254.10.2/24"}}};
  ASSERT_TRUE(lan.ok) << "cannot make the namespaces and the bridge";
  ASSERT_TRUE(lan.ip({"-n", lan.netns("student"), "address", "add", "169.254.20.2/24", "dev", "eth0"}));
  ASSERT_TRUE(lan.ip({"-n", lan.netns("teacher"), "route", "add", "169.254.20.0/24", "via", "169.254.10.2"}));
  const auto hub = lan.serve("teacher", "udpchat-server");
  ASSERT_NE(hub->port, 0);
  const netns_udp_socket near{lan.netns("student"), "169.254.10.2"};
  const netns_udp_socket far{lan.netns("student"), "169.254.20.2"};
  ASSERT_TRUE(near.ready() && far.ready());
  ASSERT_EQ(await_answers(near, teacher_address, "hub", 1).size(), 1U) << "no answer from on the link";

  ASSERT_TRUE(far.send_to(teacher_address, hub->port, ""));
  const auto welcome = far.receive(default_deadline);
  ASSERT_TRUE(welcome) << "the far address cannot reach the hub at all";
  EXPECT_TRUE(welcome->bytes.starts_with("hub____welcome, you are 169.254.20.2:")) << welcome->bytes;

  const std::string far_nonce = fresh_nonce();
  const std::string near_nonce = fresh_nonce();
  ASSERT_TRUE(far.send_to(teacher_address, discovery_port, probe_datagram("hub", far_nonce)));
  ASSERT_TRUE(near.send_to(teacher_address, discovery_port, probe_datagram("hub", near_nonce)));
  const auto near_answers = answers_to(receive_from_any({&near}, steady_clock::now() + default_deadline, 1),
                                       {near_nonce});
  EXPECT_EQ(near_answers.size(), 1U) << "the probe from on the link, sent after the other, got no answer";
  // Answers go out in the order probes came in: the far one's would have come by now.
  const auto far_heard = receive_from_any({&far}, steady_clock::now() + milliseconds{500});
  for (const auto& each : far_heard) ADD_FAILURE() << "answered off the hub's networks: " << each.datagram.bytes;
}

// Probes of the wrong size, version or form, or for another kind of server, get no answer;
// well-formed ones of the smallest and largest size do, never larger than the probe, even with
// the longest name. The bad ones come from one address and the good ones after them from
// another, so that a limit on one source's answers cannot explain a silence.
TEST(DiscoveryLimitsTest, MalformedProbesGetNoAnswerAndNoAnswerOutgrowsItsProbe) {
  const lan_namespaces lan{classroom};
  ASSERT_TRUE(lan.ok) << "cannot make the namespaces and the bridge";
  ASSERT_TRUE(lan.ip({"-n", lan.netns("student"), "address", "add", "169.254.10.3/16", "dev", "eth0"}));
  std::string longest_name = "Room ";
  while (longest_name.size() < discovery_name_max_bytes) longest_name += "\xc3\xa9";  // é, two bytes
  longest_name.resize(discovery_name_max_bytes - 1);
  longest_name += "x";
  const auto hub = lan.serve("teacher", "udpchat-server", {"--name", longest_name});
  ASSERT_NE(hub->port, 0);
  ASSERT_TRUE(hub_answers(lan));
  const netns_udp_socket bad_source{lan.netns("student"), "169.254.10.2"};
  const netns_udp_socket good_source{lan.netns("student"), "169.254.10.3"};
  ASSERT_TRUE(bad_source.ready() && good_source.ready());

  std::set<std::string> bad_nonces;
  const auto bad = [&](const std::string& why, const std::function<std::string(const std::string&)>& probe) {
    const std::string nonce = fresh_nonce();
    bad_nonces.insert(nonce);
    EXPECT_TRUE(bad_source.send_to(teacher_address, discovery_port, probe(nonce))) << why;
  };
  bad("one byte short", [](const std::string& nonce) { return probe_datagram("hub", nonce, 255); });
  bad("one byte too long", [](const std::string& nonce) { return probe_datagram("hub", nonce, 513); });
  bad("far too long", [](const std::string& nonce) { return probe_datagram("hub", nonce, 1400); });
  bad("wants a room or desk", [](const std::string& nonce) { return probe_datagram("tcp", nonce); });
  bad("version 2", [](const std::string& nonce) {
    std::string probe = probe_datagram("hub", nonce);
    probe[13] = '2';
    return probe;
  });
  bad("upper-case nonce", [](const std::string& nonce) {
    std::string probe = probe_datagram("hub", "ABCDEF" + nonce.substr(6));
    return probe;
  });
  bad("no newline", [](const std::string& nonce) {
    std::string probe = probe_datagram("hub", nonce);
    probe[35] = '.';
    return probe;
  });
  bad("an answer, not a probe", [](const std::string& nonce) {
    std::string answer = "UDPCHAT-HERE 1 " + nonce + " " + nonce + " hub 4000 1 x\n";
    answer.resize(discovery_probe_min_bytes, '.');
    return answer;
  });

  const std::string smallest = fresh_nonce();
  const std::string largest = fresh_nonce();
  ASSERT_TRUE(good_source.send_to(teacher_address, discovery_port, probe_datagram("hub", smallest, 256)));
  ASSERT_TRUE(good_source.send_to(teacher_address, discovery_port, probe_datagram("any", largest, 512)));
  const auto good = answers_to(receive_from_any({&good_source}, steady_clock::now() + default_deadline, 2),
                               {smallest, largest});
  ASSERT_EQ(good.count(smallest), 1U) << "a well-formed probe of 256 bytes got no answer";
  ASSERT_EQ(good.count(largest), 1U) << "a well-formed probe of 512 bytes got no answer";
  for (const auto& [nonce, answers] : good) {
    ASSERT_EQ(answers.size(), 1U);
    const auto& answer = answers[0];
    EXPECT_LE(answer.size, discovery_probe_min_bytes) << "an answer larger than the probe";
    EXPECT_LE(answer.size, discovery_answer_max_bytes);
    EXPECT_EQ(answer.kind, "hub");
    EXPECT_EQ(answer.port, hub->port);
    EXPECT_EQ(answer.members, 0U);
    EXPECT_EQ(answer.name, longest_name);
  }
  // The bad probes came before the good ones: any answer to them would be here by now.
  for (const auto& each : receive_from_any({&bad_source}, steady_clock::now() + milliseconds{300})) {
    ADD_FAILURE() << "a bad probe was answered: " << each.datagram.bytes;
  }
}

// The same probe heard by broadcast and by multicast, or twice by IPv6 multicast, is answered
// once per source address. A probe sent after the copies tells when they have all been read.
TEST(DiscoveryLimitsTest, CopiesOfAProbeAreAnsweredOnce) {
  const lan_namespaces lan{classroom};
  ASSERT_TRUE(lan.ok) << "cannot make the namespaces and the bridge";
  ASSERT_TRUE(lan.ip({"-n", lan.netns("student"), "address", "add", "fe80::10:2/64", "dev", "eth0", "nodad"}));
  const auto hub = lan.serve("teacher", "udpchat-server");
  ASSERT_NE(hub->port, 0);
  ASSERT_TRUE(hub_answers(lan));
  const netns_udp_socket v4{lan.netns("student"), "169.254.10.2"};
  const netns_udp_socket v6{lan.netns("student"), "fe80::10:2"};
  ASSERT_TRUE(v4.ready() && v6.ready());

  const std::string copied = fresh_nonce();
  const std::string v4_after = fresh_nonce();
  const std::string v6_after = fresh_nonce();
  const std::string probe = probe_datagram("hub", copied);
  ASSERT_TRUE(v4.send_to(classroom_broadcast, discovery_port, probe));
  ASSERT_TRUE(v4.send_to(std::string{discovery_group_v4}, discovery_port, probe));
  ASSERT_TRUE(v6.send_to(std::string{discovery_group_v6}, discovery_port, probe));
  ASSERT_TRUE(v6.send_to(std::string{discovery_group_v6}, discovery_port, probe));
  ASSERT_TRUE(v4.send_to(classroom_broadcast, discovery_port, probe_datagram("hub", v4_after)));
  ASSERT_TRUE(v6.send_to(std::string{discovery_group_v6}, discovery_port, probe_datagram("hub", v6_after)));

  auto received = receive_from_any({&v4, &v6}, steady_clock::now() + default_deadline, 4);
  for (const auto& late : receive_from_any({&v4, &v6}, steady_clock::now() + milliseconds{300})) {
    received.push_back(late);
  }
  std::map<std::pair<std::size_t, std::string>, int> count;  // by socket and nonce
  for (const auto& each : received) {
    const auto answer = parse_answer(each.datagram.bytes);
    ASSERT_TRUE(answer) << each.datagram.bytes;
    ++count[{each.socket, answer->nonce}];
  }
  EXPECT_EQ((count[{0, v4_after}]), 1) << "no answer over IPv4";
  EXPECT_EQ((count[{1, v6_after}]), 1) << "no answer over IPv6";
  EXPECT_EQ((count[{0, copied}]), 1) << "a probe heard by broadcast and multicast";
  EXPECT_EQ((count[{1, copied}]), 1) << "a probe heard twice by IPv6 multicast";
}

// One source sends 40 probes at once, each with its own nonce: at most 4 are answered at once and
// 1 more a second.
TEST(DiscoveryLimitsTest, ProbeFloodFromOneSourceIsAnsweredWithinItsRate) {
  const lan_namespaces lan{classroom};
  ASSERT_TRUE(lan.ok) << "cannot make the namespaces and the bridge";
  const auto hub = lan.serve("teacher", "udpchat-server");
  ASSERT_NE(hub->port, 0);
  ASSERT_TRUE(hub_answers(lan));
  const netns_udp_socket source{lan.netns("student"), "169.254.10.2"};
  ASSERT_TRUE(source.ready());

  std::set<std::string> nonces;
  const auto start = steady_clock::now();
  for (int i = 0; i < 40; ++i) {
    nonces.insert(fresh_nonce());
    ASSERT_TRUE(source.send_to(teacher_address, discovery_port, probe_datagram("hub", *nonces.rbegin())));
  }
  const auto answers = answers_to(receive_from_any({&source}, start + milliseconds{1500}), nonces);
  const double elapsed = seconds_since(start);
  EXPECT_GE(answers.size(), 1U) << "the flood got no answer at all: nothing was measured";
  EXPECT_LE(static_cast<double>(answers.size()), 4 + elapsed) << "in " << elapsed << " s";
  for (const auto& [nonce, each] : answers) EXPECT_EQ(each.size(), 1U) << nonce;
}

// 48 sources on the student's machine send 8 probes each at once: however many answers each
// source may have, the hub sends at most 64 at once and 32 more a second. Its chat goes on.
TEST(DiscoveryLimitsTest, ProbeFloodFromManySourcesIsAnsweredWithinTheOverallRate) {
  constexpr int sources = 48;
  constexpr int probes_each = 8;
  const lan_namespaces lan{classroom};
  ASSERT_TRUE(lan.ok) << "cannot make the namespaces and the bridge";
  std::string commands;
  for (int i = 1; i <= sources; ++i) commands += "address add 169.254.11." + std::to_string(i) + "/16 dev eth0\n";
  ASSERT_TRUE(lan.ip_batch("student", commands));
  const auto hub = lan.serve("teacher", "udpchat-server");
  ASSERT_NE(hub->port, 0);
  ASSERT_TRUE(hub_answers(lan));
  std::vector<std::unique_ptr<netns_udp_socket>> flooders;
  std::vector<const netns_udp_socket*> listening;
  for (int i = 1; i <= sources; ++i) {
    flooders.push_back(std::make_unique<netns_udp_socket>(lan.netns("student"), "169.254.11." + std::to_string(i)));
    ASSERT_TRUE(flooders.back()->ready()) << i;
    listening.push_back(flooders.back().get());
  }

  std::set<std::string> nonces;
  const auto start = steady_clock::now();
  for (int round = 0; round < probes_each; ++round) {
    for (const auto& flooder : flooders) {
      nonces.insert(fresh_nonce());
      ASSERT_TRUE(flooder->send_to(teacher_address, discovery_port, probe_datagram("hub", *nonces.rbegin())));
    }
  }
  const auto received = receive_from_any(listening, start + milliseconds{1500});
  const double elapsed = seconds_since(start);
  std::map<std::size_t, int> per_source;
  for (const auto& each : received) {
    const auto answer = parse_answer(each.datagram.bytes);
    if (answer && nonces.contains(answer->nonce)) ++per_source[each.socket];
  }
  int total = 0;
  int most = 0;
  for (const auto& [socket, answers] : per_source) {
    total += answers;
    most = std::max(most, answers);
  }
  EXPECT_LE(most, 4 + elapsed) << "answers to one source in " << elapsed << " s";
  EXPECT_GE(total, 1) << "the flood got no answer at all: nothing was measured";
  EXPECT_LE(total, 64 + 32 * elapsed) << "in " << elapsed << " s";

  const netns_udp_socket teacher{lan.netns("teacher"), teacher_address};
  const netns_udp_socket student{lan.netns("student"), "169.254.10.2"};
  ASSERT_TRUE(teacher.ready() && student.ready());
  ASSERT_TRUE(teacher.send_to(teacher_address, hub->port, ""));
  ASSERT_TRUE(hub->saw_join(teacher.address()));
  ASSERT_TRUE(student.send_to(teacher_address, hub->port, ""));
  ASSERT_TRUE(hub->saw_join(student.address()));
  ASSERT_TRUE(student.send_to(teacher_address, hub->port, "still here"));
  EXPECT_EQ(next_chat(teacher), student.address() + "____still here");
}

}  // namespace
}  // namespace udpchat::testing
