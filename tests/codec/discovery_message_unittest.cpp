// SPDX-License-Identifier: GPL-3.0-or-later
#include "udpchat/discovery_message.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace udpchat {
namespace {

constexpr discovery_nonce nonce_a{0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef};
constexpr discovery_nonce nonce_b{0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10};
constexpr std::string_view hex_a = "0123456789abcdef";
constexpr std::string_view hex_b = "fedcba9876543210";

// `line` (newline included) padded with `pad` to `size` bytes.
std::string padded(std::string_view line, std::size_t size = discovery_probe_min_bytes, char pad = '.') {
  std::string datagram{line};
  datagram.resize(size, pad);
  return datagram;
}

std::string answer_line(std::string_view fields) { return "UDPCHAT-HERE 1 " + std::string{fields} + "\n"; }

TEST(DiscoveryMessageTest, ProbeIsItsLinePaddedWithDots) {
  const std::string probe = encode_probe({wanted_kind::hub, nonce_a});
  EXPECT_EQ(probe, padded("UDPCHAT-FIND 1 hub 0123456789abcdef\n"));
  EXPECT_EQ(probe.size(), discovery_probe_min_bytes);
}

TEST(DiscoveryMessageTest, AnswerIsOneLine) {
  EXPECT_EQ(encode_answer({nonce_a, nonce_b, server_kind::room, 8099, 3, "Lab 2 room"}),
            "UDPCHAT-HERE 1 0123456789abcdef fedcba9876543210 room 8099 3 Lab 2 room\n");
  EXPECT_EQ(discovery_nonce_text(nonce_b), hex_b);
}

TEST(DiscoveryMessageTest, ProbesRoundTrip) {
  for (const wanted_kind want : {wanted_kind::hub, wanted_kind::tcp, wanted_kind::any}) {
    for (const discovery_nonce& nonce : {nonce_a, nonce_b, discovery_nonce{}}) {
      const auto decoded = decode_probe(encode_probe({want, nonce}));
      ASSERT_TRUE(decoded.has_value()) << kind_text(want);
      EXPECT_EQ(decoded->want, want);
      EXPECT_EQ(decoded->nonce, nonce);
    }
  }
}

TEST(DiscoveryMessageTest, AnswersRoundTrip) {
  const std::string longest_name(discovery_name_max_bytes, 'n');
  const discovery_answer answers[] = {
      {nonce_a, nonce_b, server_kind::hub, 1, 0, "x"},
      {nonce_b, nonce_a, server_kind::room, 8099, 12, "Room 101 (back row)"},
      {nonce_a, nonce_a, server_kind::desk, 65535, 4294967295U, longest_name},
      {discovery_nonce{}, nonce_b, server_kind::desk, 443, 7, "caf\xc3\xa9 \xe2\x98\x95 \xf0\x9f\x98\x80"},
  };
  for (const discovery_answer& answer : answers) {
    const std::string datagram = encode_answer(answer);
    const auto decoded = decode_answer(datagram);
    ASSERT_TRUE(decoded.has_value()) << datagram;
    EXPECT_EQ(decoded->nonce, answer.nonce);
    EXPECT_EQ(decoded->instance, answer.instance);
    EXPECT_EQ(decoded->kind, answer.kind);
    EXPECT_EQ(decoded->port, answer.port);
    EXPECT_EQ(decoded->members, answer.members);
    EXPECT_EQ(decoded->name, answer.name);
  }
}

// The rule that keeps a responder from amplifying: its largest answer fits in its smallest probe.
TEST(DiscoveryMessageTest, LargestAnswerIsExactlyTheBoundAndNoLargerThanAProbe) {
  const std::string largest = encode_answer(
      {nonce_a, nonce_b, server_kind::desk, 65535, 4294967295U, std::string(discovery_name_max_bytes, 'n')});
  EXPECT_EQ(largest.size(), discovery_answer_max_bytes);
  EXPECT_LE(largest.size(), encode_probe({wanted_kind::any, nonce_a}).size());
  // A name of multi-byte characters is bounded by its bytes too.
  std::string wide;
  while (wide.size() + 4 <= discovery_name_max_bytes) wide += "\xf0\x9f\x98\x80";
  EXPECT_LE(encode_answer({nonce_a, nonce_b, server_kind::desk, 65535, 4294967295U, wide}).size(),
            discovery_answer_max_bytes);
}

TEST(DiscoveryMessageTest, AnInvalidNameIsSentMadeValid) {
  const std::string datagram =
      encode_answer({nonce_a, nonce_b, server_kind::desk, 65535, 4294967295U, "\x1b[2J" + std::string(300, 'n')});
  EXPECT_EQ(datagram.size(), discovery_answer_max_bytes);
  const auto decoded = decode_answer(datagram);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->name, "[2J" + std::string(discovery_name_max_bytes - 3, 'n'));
}

struct probe_case {
  std::string_view why;
  std::string datagram;
  bool decodes;
};

class DecodeProbeTest : public ::testing::TestWithParam<probe_case> {};

TEST_P(DecodeProbeTest, AcceptsExactlyWellFormedProbes) {
  EXPECT_EQ(decode_probe(GetParam().datagram).has_value(), GetParam().decodes) << GetParam().why;
}

const std::string good_probe_line = "UDPCHAT-FIND 1 any 0123456789abcdef\n";

INSTANTIATE_TEST_SUITE_P(
    Table, DecodeProbeTest,
    ::testing::Values(
        probe_case{"smallest", padded(good_probe_line), true},
        probe_case{"largest", padded(good_probe_line, discovery_probe_max_bytes), true},
        probe_case{"padding of any bytes", padded(good_probe_line, 300, '\0'), true},
        probe_case{"padding holding lines", padded(good_probe_line + "UDPCHAT-FIND 2 x\n\xff"), true},
        probe_case{"want hub", padded("UDPCHAT-FIND 1 hub 0123456789abcdef\n"), true},
        probe_case{"want tcp", padded("UDPCHAT-FIND 1 tcp 0123456789abcdef\n"), true},
        probe_case{"255 bytes", padded(good_probe_line, discovery_probe_min_bytes - 1), false},
        probe_case{"513 bytes", padded(good_probe_line, discovery_probe_max_bytes + 1), false},
        probe_case{"the line alone", good_probe_line, false},
        probe_case{"empty", "", false},
        probe_case{"wrong magic", padded("UDPCHAT-FINE 1 any 0123456789abcdef\n"), false},
        probe_case{"lowercase magic", padded("udpchat-find 1 any 0123456789abcdef\n"), false},
        probe_case{"an answer's magic", padded("UDPCHAT-HERE 1 any 0123456789abcdef\n"), false},
        probe_case{"version 2", padded("UDPCHAT-FIND 2 any 0123456789abcdef\n"), false},
        probe_case{"version 01", padded("UDPCHAT-FIND 01 any 0123456789abcdef\n"), false},
        probe_case{"want room", padded("UDPCHAT-FIND 1 room 0123456789abcdef\n"), false},
        probe_case{"want ANY", padded("UDPCHAT-FIND 1 ANY 0123456789abcdef\n"), false},
        probe_case{"want missing", padded("UDPCHAT-FIND 1 0123456789abcdef\n"), false},
        probe_case{"nonce of 15 digits", padded("UDPCHAT-FIND 1 any 0123456789abcde\n"), false},
        probe_case{"nonce of 17 digits", padded("UDPCHAT-FIND 1 any 0123456789abcdef0\n"), false},
        probe_case{"nonce in uppercase hex", padded("UDPCHAT-FIND 1 any 0123456789ABCDEF\n"), false},
        probe_case{"nonce not hex", padded("UDPCHAT-FIND 1 any 0123456789abcdeg\n"), false},
        probe_case{"nonce missing", padded("UDPCHAT-FIND 1 any\n"), false},
        probe_case{"two spaces", padded("UDPCHAT-FIND 1 any  0123456789abcdef\n"), false},
        probe_case{"a space before the newline", padded("UDPCHAT-FIND 1 any 0123456789abcdef \n"), false},
        probe_case{"CR LF", padded("UDPCHAT-FIND 1 any 0123456789abcdef\r\n"), false},
        probe_case{"a field too many", padded("UDPCHAT-FIND 1 any 0123456789abcdef x\n"), false},
        probe_case{"no newline", padded("UDPCHAT-FIND 1 any 0123456789abcdef"), false},
        probe_case{"a space before the magic", padded(" " + good_probe_line), false}));

struct answer_case {
  std::string_view why;
  std::string datagram;
  bool decodes;
};

class DecodeAnswerTest : public ::testing::TestWithParam<answer_case> {};

TEST_P(DecodeAnswerTest, AcceptsExactlyWellFormedAnswers) {
  EXPECT_EQ(decode_answer(GetParam().datagram).has_value(), GetParam().decodes) << GetParam().why;
}

const std::string ids = std::string{hex_a} + " " + std::string{hex_b};

INSTANTIATE_TEST_SUITE_P(
    Table, DecodeAnswerTest,
    ::testing::Values(
        answer_case{"hub", answer_line(ids + " hub 8099 0 lab"), true},
        answer_case{"room", answer_line(ids + " room 1 1 lab"), true},
        answer_case{"desk", answer_line(ids + " desk 65535 4294967295 lab"), true},
        answer_case{"name with spaces", answer_line(ids + " hub 8099 0 a b  c"), true},
        answer_case{"UTF-8 name", answer_line(ids + " hub 8099 0 \xc3\xa9t\xc3\xa9"), true},
        answer_case{"160-byte name", answer_line(ids + " hub 1 0 " + std::string(160, 'n')), true},
        answer_case{"wrong magic", "UDPCHAT-THERE 1 " + ids + " hub 8099 0 lab\n", false},
        answer_case{"a probe's magic", "UDPCHAT-FIND 1 " + ids + " hub 8099 0 lab\n", false},
        answer_case{"version 2", "UDPCHAT-HERE 2 " + ids + " hub 8099 0 lab\n", false},
        answer_case{"kind tcp", answer_line(ids + " tcp 8099 0 lab"), false},
        answer_case{"kind any", answer_line(ids + " any 8099 0 lab"), false},
        answer_case{"kind Hub", answer_line(ids + " Hub 8099 0 lab"), false},
        answer_case{"nonce of 15 digits", answer_line("0123456789abcde " + std::string{hex_b} + " hub 8099 0 lab"),
                    false},
        answer_case{"nonce of 17 digits",
                    answer_line("0123456789abcdef0 " + std::string{hex_b} + " hub 8099 0 lab"), false},
        answer_case{"nonce in uppercase hex",
                    answer_line("0123456789ABCDEF " + std::string{hex_b} + " hub 8099 0 lab"), false},
        answer_case{"instance in uppercase hex",
                    answer_line(std::string{hex_a} + " FEDCBA9876543210 hub 8099 0 lab"), false},
        answer_case{"instance of 15 digits", answer_line(std::string{hex_a} + " fedcba987654321 hub 8099 0 lab"),
                    false},
        answer_case{"port 0", answer_line(ids + " hub 0 0 lab"), false},
        answer_case{"port 65536", answer_line(ids + " hub 65536 0 lab"), false},
        answer_case{"port with a leading zero", answer_line(ids + " hub 08099 0 lab"), false},
        answer_case{"port with a sign", answer_line(ids + " hub +8099 0 lab"), false},
        answer_case{"port negative", answer_line(ids + " hub -1 0 lab"), false},
        answer_case{"port in hex", answer_line(ids + " hub 0x1fa3 0 lab"), false},
        answer_case{"port empty", answer_line(ids + " hub  0 lab"), false},
        answer_case{"members 2^32", answer_line(ids + " hub 8099 4294967296 lab"), false},
        answer_case{"members of 20 digits", answer_line(ids + " hub 8099 18446744073709551616 lab"), false},
        answer_case{"members with a leading zero", answer_line(ids + " hub 8099 07 lab"), false},
        answer_case{"members 00", answer_line(ids + " hub 8099 00 lab"), false},
        answer_case{"members empty", answer_line(ids + " hub 8099  lab"), false},
        answer_case{"name empty", answer_line(ids + " hub 8099 0 "), false},
        answer_case{"name missing", answer_line(ids + " hub 8099 0"), false},
        answer_case{"161-byte name", answer_line(ids + " hub 1 0 " + std::string(161, 'n')), false},
        answer_case{"name with a TAB", answer_line(ids + " hub 8099 0 a\tb"), false},
        answer_case{"name with ESC", answer_line(ids + " hub 8099 0 \x1b[2J"), false},
        answer_case{"name with DEL", answer_line(ids + " hub 8099 0 a\x7f"), false},
        answer_case{"name with NUL", answer_line(ids + " hub 8099 0 a" + std::string(1, '\0') + "b"), false},
        answer_case{"name with a C1 control", answer_line(ids + " hub 8099 0 a\xc2\x85"), false},
        answer_case{"name with CR", answer_line(ids + " hub 8099 0 lab\r"), false},
        answer_case{"name with a byte 0xff", answer_line(ids + " hub 8099 0 lab\xff"), false},
        answer_case{"name with an overlong /", answer_line(ids + " hub 8099 0 \xc0\xaf"), false},
        answer_case{"name with a surrogate", answer_line(ids + " hub 8099 0 \xed\xa0\x80"), false},
        answer_case{"name cut inside a character", answer_line(ids + " hub 8099 0 caf\xc3"), false},
        answer_case{"name starting with a space", answer_line(ids + " hub 8099 0  lab"), false},
        answer_case{"name ending with a space", answer_line(ids + " hub 8099 0 lab "), false},
        answer_case{"no newline", "UDPCHAT-HERE 1 " + ids + " hub 8099 0 lab", false},
        answer_case{"a byte after the newline", answer_line(ids + " hub 8099 0 lab") + ".", false},
        answer_case{"a second answer after the newline",
                    answer_line(ids + " hub 8099 0 lab") + answer_line(ids + " hub 8099 0 lab"), false},
        answer_case{"padded like a probe", padded(answer_line(ids + " hub 8099 0 lab")), false},
        answer_case{"empty", "", false}));

TEST(DiscoveryMessageTest, KindWantedByEachWant) {
  EXPECT_TRUE(kind_wanted(wanted_kind::hub, server_kind::hub));
  EXPECT_FALSE(kind_wanted(wanted_kind::hub, server_kind::room));
  EXPECT_FALSE(kind_wanted(wanted_kind::hub, server_kind::desk));
  EXPECT_FALSE(kind_wanted(wanted_kind::tcp, server_kind::hub));
  EXPECT_TRUE(kind_wanted(wanted_kind::tcp, server_kind::room));
  EXPECT_TRUE(kind_wanted(wanted_kind::tcp, server_kind::desk));
  EXPECT_TRUE(kind_wanted(wanted_kind::any, server_kind::hub));
  EXPECT_TRUE(kind_wanted(wanted_kind::any, server_kind::room));
  EXPECT_TRUE(kind_wanted(wanted_kind::any, server_kind::desk));
}

struct name_case {
  std::string_view why;
  std::string given;
  std::string made;
};

class ServerNameFromTest : public ::testing::TestWithParam<name_case> {};

TEST_P(ServerNameFromTest, MakesAValidName) {
  const std::string made = server_name_from(GetParam().given);
  EXPECT_EQ(made, GetParam().made) << GetParam().why;
  EXPECT_TRUE(valid_server_name(made)) << GetParam().why;
  EXPECT_EQ(valid_server_name(GetParam().given), made == GetParam().given) << GetParam().why;
}

INSTANTIATE_TEST_SUITE_P(
    Table, ServerNameFromTest,
    ::testing::Values(
        name_case{"a host name", "lab-pc-07", "lab-pc-07"},
        name_case{"a valid name with inner spaces", "Room 101  back", "Room 101  back"},
        name_case{"UTF-8", "caf\xc3\xa9", "caf\xc3\xa9"},
        name_case{"empty", "", "udpchat"},
        name_case{"only spaces", "   ", "udpchat"},
        name_case{"only controls", "\t\r\n\x1b", "udpchat"},
        name_case{"outer spaces", "  lab  ", "lab"},
        name_case{"spaces left outside once a TAB goes", "\t lab \t", "lab"},
        name_case{"controls inside", "a\tb\x7f" "c\xc2\x85" "d", "abcd"},
        name_case{"an escape sequence loses its ESC", "\x1b[2Jlab", "[2Jlab"},
        name_case{"invalid UTF-8 dropped", "\xff\xfe" "la\xc0\xaf" "b\xed\xa0\x80", "lab"},
        name_case{"a character cut at the end dropped", "caf\xc3", "caf"},
        name_case{"160 bytes kept", std::string(160, 'n'), std::string(160, 'n')},
        name_case{"cut to 160 bytes", std::string(300, 'n'), std::string(160, 'n')},
        name_case{"cut before a character that does not fit", std::string(159, 'n') + "\xc3\xa9",
                  std::string(159, 'n')},
        name_case{"trimmed after the cut", std::string(159, 'n') + " more", std::string(159, 'n')},
        name_case{"controls do not count toward the cut", std::string(50, '\t') + std::string(160, 'n'),
                  std::string(160, 'n')}));

TEST(DiscoveryMessageTest, ValidServerNames) {
  for (const std::string& good : {std::string{"x"}, std::string{"Room 101"}, std::string(160, 'n'),
                                  std::string{"\xe2\x98\x95"}, std::string{"a\xc2\xa0"}}) {
    EXPECT_TRUE(valid_server_name(good)) << good;
  }
  for (const std::string& bad : {std::string{}, std::string(161, 'n'), std::string{" x"}, std::string{"x "},
                                 std::string{"a\nb"}, std::string{"\xc2\x9f"}, std::string{"\xf4\x90\x80\x80"}}) {
    EXPECT_FALSE(valid_server_name(bad)) << bad;
  }
}

TEST(DiscoveryMessageTest, KindTexts) {
  EXPECT_EQ(kind_text(server_kind::hub), "hub");
  EXPECT_EQ(kind_text(server_kind::room), "room");
  EXPECT_EQ(kind_text(server_kind::desk), "desk");
  EXPECT_EQ(kind_text(wanted_kind::hub), "hub");
  EXPECT_EQ(kind_text(wanted_kind::tcp), "tcp");
  EXPECT_EQ(kind_text(wanted_kind::any), "any");
}

}  // namespace
}  // namespace udpchat
