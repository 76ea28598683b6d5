// SPDX-License-Identifier: GPL-3.0-or-later
#include "udpchat/datagram_codec.hpp"

#include <gtest/gtest.h>

#include "udpchat/address_text.hpp"
#include "udpchat/terminal_safe.hpp"

namespace udpchat {
namespace {

using namespace std::string_view_literals;

// How many fields the original Python terminal sees: it splits a datagram on every "____".
std::size_t python_split_fields(std::string_view datagram) {
  std::size_t fields = 1;
  for (auto at = datagram.find(field_separator); at != std::string_view::npos;
       at = datagram.find(field_separator, at + field_separator.size())) {
    ++fields;
  }
  return fields;
}

TEST(EncodeTest, RelayAndDepartureFollowTheWireFormat) {
  EXPECT_EQ(encode_relay("127.0.0.1:5000", "hello"), "127.0.0.1:5000____hello");
  EXPECT_EQ(encode_relay("[::1]:5000", ""), "[::1]:5000____");
  EXPECT_EQ(encode_departure("127.0.0.1:5000", "left"), "127.0.0.1:5000____left____qq");
  EXPECT_EQ(python_split_fields(encode_departure("127.0.0.1:5000", "left")), 3U);
}

struct inbound_case {
  std::string_view datagram;
  inbound_kind kind;
  std::string_view text;
};

class ClassifyInboundTest : public ::testing::TestWithParam<inbound_case> {};

TEST_P(ClassifyInboundTest, SortsQuitJoinAndMessage) {
  const auto& expected = GetParam();
  const inbound_datagram got = classify_inbound(expected.datagram);
  EXPECT_EQ(got.kind, expected.kind);
  EXPECT_EQ(got.text, expected.text);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ClassifyInboundTest,
    ::testing::Values(inbound_case{"quit", inbound_kind::quit, ""},
                      inbound_case{"quit\n", inbound_kind::quit, ""},
                      inbound_case{"quit\r\n", inbound_kind::quit, ""},
                      inbound_case{"quit  \t", inbound_kind::quit, ""},
                      inbound_case{"", inbound_kind::join, ""},
                      inbound_case{"\n", inbound_kind::join, ""},
                      inbound_case{"\r\n\r\n", inbound_kind::join, ""},
                      inbound_case{" quit", inbound_kind::message, " quit"},
                      inbound_case{"QUIT", inbound_kind::message, "QUIT"},
                      inbound_case{"quitter", inbound_kind::message, "quitter"},
                      inbound_case{"quit now", inbound_kind::message, "quit now"},
                      inbound_case{"hello\n", inbound_kind::message, "hello"},
                      inbound_case{"hello\r\n", inbound_kind::message, "hello"},
                      inbound_case{"  ", inbound_kind::message, "  "},
                      inbound_case{"a\nb\n", inbound_kind::message, "a\nb"},
                      inbound_case{"\0"sv, inbound_kind::message, "\0"sv}));

struct decode_case {
  std::string_view datagram;
  std::string_view kind;  // "message", "departure" or an error's name
  std::string_view sender;
  std::string_view text;  // the message text or the departure notice
};

std::string_view error_name(decode_error error) {
  switch (error) {
    case decode_error::no_separator:
      return "no_separator";
    case decode_error::empty_sender:
      return "empty_sender";
  }
  return "?";
}

class DecodeDatagramTest : public ::testing::TestWithParam<decode_case> {};

TEST_P(DecodeDatagramTest, SplitsSenderAndText) {
  const auto& expected = GetParam();
  const decoded_datagram got = decode_datagram(expected.datagram);
  if (const auto* message = std::get_if<relayed_message>(&got)) {
    EXPECT_EQ(expected.kind, "message");
    EXPECT_EQ(message->sender, expected.sender);
    EXPECT_EQ(message->text, expected.text);
  } else if (const auto* departure = std::get_if<departure_notice>(&got)) {
    EXPECT_EQ(expected.kind, "departure");
    EXPECT_EQ(departure->sender, expected.sender);
    EXPECT_EQ(departure->notice, expected.text);
  } else {
    const auto error = std::get<decode_error>(got);
    EXPECT_EQ(expected.kind, error_name(error));
    EXPECT_FALSE(describe(error).empty());
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, DecodeDatagramTest,
    ::testing::Values(
        decode_case{"127.0.0.1:5____hi", "message", "127.0.0.1:5", "hi"},
        decode_case{"[::1]:5____hi there", "message", "[::1]:5", "hi there"},
        decode_case{"('127.0.0.1', 5)____hi", "message", "('127.0.0.1', 5)", "hi"},
        decode_case{"a____", "message", "a", ""},
        decode_case{"a____qq", "message", "a", "qq"},
        decode_case{"a____x____y", "message", "a", "x____y"},
        decode_case{"a_____b", "message", "a", "_b"},
        decode_case{"a____left____qq", "departure", "a", "left"},
        decode_case{"a________qq", "departure", "a", ""},
        decode_case{"a____x____y____qq", "departure", "a", "x____y"},
        decode_case{"hub____closing____qq", "departure", "hub", "closing"},
        decode_case{"a____left____qqq", "message", "a", "left____qqq"},
        decode_case{"nothing to split", "no_separator", "", ""},
        decode_case{"", "no_separator", "", ""},
        decode_case{"a___b", "no_separator", "", ""},
        decode_case{"____hi", "empty_sender", "", ""},
        decode_case{"________qq", "empty_sender", "", ""}));

// Whatever a member sends, what the hub relays has exactly one separator for the Python
// terminal, and our decoder gives back the sender and the relayed text unchanged.
TEST(RelayRoundTripTest, NoTextCanForgeASenderOrADeparture) {
  const std::string_view sender = "127.0.0.1:5000";
  for (std::string_view text :
       {"_"sv, "__"sv, "___"sv, "____"sv, "_____"sv, "________"sv, "qq"sv, "____qq"sv, "___qq"sv,
        "x____qq"sv, "x___"sv, "___x"sv, "a____b____c"sv, "1.2.3.4:9____hi"sv, "_\n_\n__"sv,
        "left____qq"sv, "\x1b____\x1b"sv}) {
    const std::string relay_text = make_relay_text(text);
    const std::string datagram = encode_relay(sender, relay_text);
    EXPECT_EQ(python_split_fields(datagram), 2U) << datagram;
    const auto decoded = decode_datagram(datagram);
    const auto* message = std::get_if<relayed_message>(&decoded);
    ASSERT_NE(message, nullptr) << datagram;
    EXPECT_EQ(message->sender, sender);
    EXPECT_EQ(message->text, relay_text);
  }
}

struct sender_case {
  std::string_view raw;
  std::string_view shown;
};

class NormalizeSenderTest : public ::testing::TestWithParam<sender_case> {};

TEST_P(NormalizeSenderTest, ShowsPythonTuplesAsHostPort) {
  EXPECT_EQ(normalize_sender(GetParam().raw), GetParam().shown);
}

INSTANTIATE_TEST_SUITE_P(
    Table, NormalizeSenderTest,
    ::testing::Values(sender_case{"('127.0.0.1', 54321)", "127.0.0.1:54321"},
                      sender_case{"('::1', 54321, 0, 0)", "[::1]:54321"},
                      sender_case{"127.0.0.1:54321", "127.0.0.1:54321"},
                      sender_case{"[::1]:54321", "[::1]:54321"},
                      sender_case{"hub", "hub"},
                      sender_case{"('127.0.0.1', 99999)", "('127.0.0.1', 99999)"},
                      sender_case{"('127.0.0.1', )", "('127.0.0.1', )"},
                      sender_case{"('127.0.0.1', 5x)", "('127.0.0.1', 5x)"},
                      sender_case{"('', 5)", "('', 5)"},
                      sender_case{"(')", "(')"}));

TEST(FormatHostPortTest, BracketsIpv6) {
  EXPECT_EQ(format_host_port("10.0.0.1", 80), "10.0.0.1:80");
  EXPECT_EQ(format_host_port("::1", 8000), "[::1]:8000");
  EXPECT_EQ(format_host_port("fe80::1%eth0", 0), "[fe80::1%eth0]:0");
}

}  // namespace
}  // namespace udpchat
