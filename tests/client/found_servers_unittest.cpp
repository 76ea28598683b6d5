// SPDX-License-Identifier: GPL-3.0-or-later
#include "found_servers.hpp"

#include <gtest/gtest.h>

#include <string>

namespace udpchat {
namespace {

discovery_nonce instance(std::uint8_t n) { return {n, 0, 0, 0, 0, 0, 0, 1}; }

discovery_answer answer(std::uint8_t id, std::string name, server_kind kind = server_kind::hub,
                        std::uint16_t port = 8000, std::uint32_t members = 0) {
  discovery_answer a;
  a.instance = instance(id);
  a.kind = kind;
  a.port = port;
  a.members = members;
  a.name = std::move(name);
  return a;
}

asio::ip::address at(const char* text) { return asio::ip::make_address(text); }

TEST(FoundServersTest, OneEntryPerInstanceHoweverOftenHeard) {
  std::vector<found_server> found;
  add_found_server(found, at("169.254.1.1"), answer(1, "Room 101"));
  add_found_server(found, at("169.254.1.1"), answer(1, "Room 101"));  // the resent probe
  add_found_server(found, at("169.254.1.2"), answer(2, "Room 102"));
  add_found_server(found, at("169.254.1.1"), answer(1, "Room 101"));  // broadcast and multicast
  ASSERT_EQ(found.size(), 2U);
  EXPECT_EQ(found[0].answer.name, "Room 101");
  EXPECT_EQ(found[1].answer.name, "Room 102");
}

TEST(FoundServersTest, TwoServersOnOneAddressAreTwoEntries) {
  std::vector<found_server> found;
  add_found_server(found, at("127.0.0.1"), answer(1, "a", server_kind::hub, 8000));
  add_found_server(found, at("127.0.0.1"), answer(2, "b", server_kind::hub, 8001));
  EXPECT_EQ(found.size(), 2U);
}

TEST(FoundServersTest, IPv4IsPreferredWhicheverCameFirst) {
  std::vector<found_server> v6_first;
  add_found_server(v6_first, at("fe80::1%1"), answer(1, "Room 101"));
  add_found_server(v6_first, at("169.254.1.1"), answer(1, "Room 101"));
  add_found_server(v6_first, at("fe80::2%1"), answer(1, "Room 101"));
  ASSERT_EQ(v6_first.size(), 1U);
  EXPECT_EQ(v6_first[0].address, at("169.254.1.1"));

  std::vector<found_server> v4_first;
  add_found_server(v4_first, at("169.254.1.1"), answer(1, "Room 101"));
  add_found_server(v4_first, at("fe80::1%1"), answer(1, "Room 101"));
  ASSERT_EQ(v4_first.size(), 1U);
  EXPECT_EQ(v4_first[0].address, at("169.254.1.1"));
}

TEST(FoundServersTest, MappedSourceCountsAsIPv4) {
  std::vector<found_server> found;
  add_found_server(found, at("fe80::1%1"), answer(1, "x"));
  add_found_server(found, at("::ffff:169.254.1.1"), answer(1, "x"));
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].address, at("169.254.1.1"));
}

TEST(FoundServersTest, ListIsOrderedByNameNotArrival) {
  std::vector<found_server> found;
  add_found_server(found, at("169.254.1.3"), answer(3, "Room 103"));
  add_found_server(found, at("169.254.1.1"), answer(1, "Room 101"));
  add_found_server(found, at("169.254.1.2"), answer(2, "Lab"));
  add_found_server(found, at("169.254.1.0"), answer(4, "Room 101", server_kind::hub, 9000));
  sort_for_listing(found);
  EXPECT_EQ(found_server_list(found),
            "  1) Lab \u2014 hub at 169.254.1.2:8000, 0 members\n"
            "  2) Room 101 \u2014 hub at 169.254.1.0:9000, 0 members\n"
            "  3) Room 101 \u2014 hub at 169.254.1.1:8000, 0 members\n"
            "  4) Room 103 \u2014 hub at 169.254.1.3:8000, 0 members\n");
}

struct description_case {
  const char* address;
  discovery_answer answer;
  std::string expected;
};

class DescriptionTest : public ::testing::TestWithParam<description_case> {};

TEST_P(DescriptionTest, SaysNameKindWhereAndHowMany) {
  const auto& c = GetParam();
  EXPECT_EQ(describe_found_server({at(c.address), c.answer}), c.expected);
}

INSTANTIATE_TEST_SUITE_P(
    Servers, DescriptionTest,
    ::testing::Values(
        description_case{"169.254.1.1", answer(1, "Room 101", server_kind::hub, 8000, 3),
                         "Room 101 \u2014 hub at 169.254.1.1:8000, 3 members"},
        description_case{"169.254.1.1", answer(1, "x", server_kind::hub, 8000, 1),
                         "x \u2014 hub at 169.254.1.1:8000, 1 member"},
        description_case{"169.254.1.1", answer(1, "Chem", server_kind::room, 9000, 0),
                         "Chem \u2014 room at 169.254.1.1:9000, 0 members"},
        description_case{"169.254.1.1", answer(1, "Help", server_kind::desk, 9001, 1),
                         "Help \u2014 desk at 169.254.1.1:9001, 1 customer"},
        description_case{"169.254.1.1", answer(1, "Help", server_kind::desk, 9001, 4294967295U),
                         "Help \u2014 desk at 169.254.1.1:9001, 4294967295 customers"},
        description_case{"2001:db8::7", answer(1, "v6", server_kind::hub, 8000, 2),
                         "v6 \u2014 hub at [2001:db8::7]:8000, 2 members"},
        // The decoder lets no control character through; the list escapes anyway.
        description_case{"169.254.1.1", answer(1, "evil\x1b[2J\xff", server_kind::hub, 8000, 0),
                         "evil\\x1b[2J\\xff \u2014 hub at 169.254.1.1:8000, 0 members"},
        description_case{"169.254.1.1", answer(1, "Caf\xc3\xa9 \xe6\x9d\x8e", server_kind::hub, 8000, 0),
                         "Caf\xc3\xa9 \xe6\x9d\x8e \u2014 hub at 169.254.1.1:8000, 0 members"}));

struct decision_case {
  std::size_t found;
  bool interactive;
  discovery_outcome outcome;
};

class DecisionTest : public ::testing::TestWithParam<decision_case> {};

TEST_P(DecisionTest, JoinsOnlyOneAsksOnlyAPerson) {
  const auto& c = GetParam();
  EXPECT_EQ(decide_discovery(c.found, c.interactive), c.outcome)
      << c.found << (c.interactive ? " at a terminal" : " in a script");
}

INSTANTIATE_TEST_SUITE_P(Counts, DecisionTest,
                         ::testing::Values(decision_case{0, true, discovery_outcome::none_found},
                                           decision_case{0, false, discovery_outcome::none_found},
                                           decision_case{1, true, discovery_outcome::join},
                                           decision_case{1, false, discovery_outcome::join},
                                           decision_case{2, true, discovery_outcome::ask},
                                           decision_case{2, false, discovery_outcome::several_found},
                                           decision_case{40, true, discovery_outcome::ask},
                                           decision_case{40, false, discovery_outcome::several_found}));

struct typed_case {
  const char* typed;
  std::size_t count;
  std::optional<std::size_t> index;
};

class ChosenIndexTest : public ::testing::TestWithParam<typed_case> {};

TEST_P(ChosenIndexTest, TakesOnlyANumberInRange) {
  const auto& c = GetParam();
  EXPECT_EQ(chosen_index(c.typed, c.count), c.index) << '\'' << c.typed << "' of " << c.count;
}

INSTANTIATE_TEST_SUITE_P(
    Typed, ChosenIndexTest,
    ::testing::Values(typed_case{"1", 2, 0}, typed_case{"2", 2, 1}, typed_case{" 2 ", 2, 1}, typed_case{"2\r", 2, 1},
                      typed_case{"02", 2, 1}, typed_case{"12", 12, 11}, typed_case{"0", 2, std::nullopt},
                      typed_case{"3", 2, std::nullopt}, typed_case{"", 2, std::nullopt},
                      typed_case{"  ", 2, std::nullopt}, typed_case{"-1", 2, std::nullopt},
                      typed_case{"+1", 2, std::nullopt}, typed_case{"1x", 2, std::nullopt},
                      typed_case{"one", 2, std::nullopt}, typed_case{"1 2", 2, std::nullopt},
                      typed_case{"99999999999999999999999", 2, std::nullopt}));

TEST(SoughtTextTest, NamesWhatWasLookedFor) {
  EXPECT_EQ(sought_text(wanted_kind::hub, false), "hub");
  EXPECT_EQ(sought_text(wanted_kind::tcp, false), "room or desk");
  EXPECT_EQ(sought_text(wanted_kind::tcp, true), "desk");
}

}  // namespace
}  // namespace udpchat
