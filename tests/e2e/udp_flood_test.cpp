// SPDX-License-Identifier: GPL-3.0-or-later
// The hub under a flood: thousands of source addresses, malformed and oversized datagrams, while
// three members chat. What the members say must all arrive, and the hub must stay small.
#include <iostream>
#include <string>

#include "proc_status.hpp"
#include "server_fixture.hpp"

namespace udpchat::testing {
namespace {

// What the README promises for a hub with the default limits, whatever it is sent.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool sanitized = true;
#else
constexpr bool sanitized = false;
#endif
constexpr std::size_t promised_peak_kb = 8 * 1024;

TEST(UdpFloodTest, MembersChatThroughAFloodOfNewcomersAndJunk) {
  // The default limits, but for the members' own rate: these three chat faster than people do.
  running_hub hub{on_loopback({"--quiet", "--rate-limit", "1000", "--burst", "1000"})};
  std::vector<std::unique_ptr<udp_probe>> members;
  for (int i = 0; i < 3; ++i) members.push_back(joined_probe(hub));

  const std::vector<std::string> junk{"",
                                      "\xff\xfe\x1b[2J\x07 not text",
                                      "a____b____qq",
                                      "quit",
                                      "hello\r\n",
                                      std::string{"\0\1\2\3", 4},
                                      "____",
                                      std::string(200, '_')};
  const std::string oversized(65507, 'o');
  constexpr int rounds = 80;
  constexpr int newcomers_per_round = 50;  // 4000 source addresses, 40 hosts of 100 ports each
  int sent_junk = 0;
  for (int round = 0; round < rounds; ++round) {
    for (int k = 0; k < newcomers_per_round; ++k) {
      const int n = round * newcomers_per_round + k;
      auto stranger = udp_probe::bound_to("127.0.0." + std::to_string(2 + n % 40));
      stranger->send_to(hub.port, k == 0 ? oversized : junk[static_cast<std::size_t>(n) % junk.size()]);
      ++sent_junk;
    }
    // Every member's line reaches the other two, through whatever the flood made the hub relay.
    for (std::size_t from = 0; from < members.size(); ++from) {
      const std::string text = "round " + std::to_string(round) + " from " + std::to_string(from);
      members[from]->send_to(hub.port, text);
      for (std::size_t to = 0; to < members.size(); ++to) {
        if (to == from) continue;
        const std::string expected = members[from]->address() + "____" + text;
        ASSERT_TRUE(members[to]->receive_matching([&](const std::string& d) { return d == expected; }))
            << "round " << round << ": " << text << " did not reach member " << to;
      }
    }
  }
  EXPECT_EQ(sent_junk, rounds * newcomers_per_round);
  // Still answering at once, and full: the flood filled it to --max-members and no further.
  hub.process.write_stdin("who\n");
  EXPECT_TRUE(hub.logs("1000 members")) << hub.process.all_stdout();
  EXPECT_TRUE(hub.logs("the hub is full"));
  const std::size_t peak_kb = status_kib(hub.process.pid(), "VmHWM");
  std::cout << "hub peak resident size: " << peak_kb << " kB\n";
  // A sanitized build keeps shadow memory and freed blocks around: only the plain build counts.
  if (!sanitized) {
    EXPECT_LE(peak_kb, promised_peak_kb);
  }
}

}  // namespace
}  // namespace udpchat::testing
