// SPDX-License-Identifier: GPL-3.0-or-later
#include "udpchat/hex_dump.hpp"

#include <gtest/gtest.h>

#include "udpchat/trace_entry.hpp"

namespace udpchat {
namespace {

using namespace std::string_view_literals;

struct dump_case {
  std::string_view bytes;
  std::string_view dump;
};

class HexDumpTest : public ::testing::TestWithParam<dump_case> {};

TEST_P(HexDumpTest, ShowsBytesAsOdDoesWithTheirText) {
  EXPECT_EQ(hex_dump(GetParam().bytes), GetParam().dump);
}

// The hex columns are what `od -Ax -tx1 -v` prints for the same bytes.
INSTANTIATE_TEST_SUITE_P(
    Table, HexDumpTest,
    ::testing::Values(
        dump_case{"", "000000\n"},
        dump_case{"A",
                  "000000 41                                               |A|\n"
                  "000001\n"},
        dump_case{"quit\n",
                  "000000 71 75 69 74 0a                                   |quit.|\n"
                  "000005\n"},
        dump_case{"0123456789abcdef",
                  "000000 30 31 32 33 34 35 36 37 38 39 61 62 63 64 65 66  |0123456789abcdef|\n"
                  "000010\n"},
        dump_case{"hello everyone\nAB",
                  "000000 68 65 6c 6c 6f 20 65 76 65 72 79 6f 6e 65 0a 41  |hello everyone.A|\n"
                  "000010 42                                               |B|\n"
                  "000011\n"},
        // Control bytes, DEL, NUL and bytes past ASCII show as '.': a dump is safe on a terminal.
        dump_case{"\x1b[2J\x7f\0\xff\xc3\xa9~ "sv,
                  "000000 1b 5b 32 4a 7f 00 ff c3 a9 7e 20                 |.[2J.....~ |\n"
                  "00000b\n"},
        dump_case{"a____b|c",
                  "000000 61 5f 5f 5f 5f 62 7c 63                          |a____b|c|\n"
                  "000008\n"}));

TEST(HexDumpTest, CountsOffsetsInHexPastTheFirstLines) {
  const std::string bytes(300, 'x');
  const std::string dump = hex_dump(bytes);
  EXPECT_NE(dump.find("\n0000f0 78 78"), std::string::npos);
  EXPECT_NE(dump.find("\n000120 78 78 78 78 78 78 78 78 78 78 78 78" + std::string(14, ' ') + "|xxxxxxxxxxxx|\n"),
            std::string::npos);
  EXPECT_TRUE(dump.ends_with("\n00012c\n"));
}

TEST(HexDumpTest, AppendsToWhatIsThere) {
  std::string out = "heading\n";
  append_hex_dump(out, "hi");
  EXPECT_EQ(out, "heading\n000000 68 69                                            |hi|\n000002\n");
}

TEST(TraceEntryTest, HeadingThenDump) {
  EXPECT_EQ(trace_entry("udpchat-server", "12:00:01.123456", traffic_direction::received,
                        "127.0.0.1:41877", "127.0.0.1:8000", "hello\n"),
            "udpchat-server: 12:00:01.123456 recv 127.0.0.1:41877 -> 127.0.0.1:8000 (6 bytes)\n"
            "000000 68 65 6c 6c 6f 0a                                |hello.|\n"
            "000006\n");
  EXPECT_EQ(trace_entry("udpchat", "23:59:59.000001", traffic_direction::sent, "[::1]:5000",
                        "[::1]:8000", ""),
            "udpchat: 23:59:59.000001 send [::1]:5000 -> [::1]:8000 (0 bytes)\n"
            "000000\n");
  EXPECT_EQ(trace_entry("udpchat-room", "00:00:00.000000", traffic_direction::sent, "a", "b", "x"),
            "udpchat-room: 00:00:00.000000 send a -> b (1 byte)\n"
            "000000 78                                               |x|\n"
            "000001\n");
}

TEST(TraceEntryTest, DroppedDatagramIsAHeadingWithItsReasonAndNoDump) {
  EXPECT_EQ(trace_dropped_entry("udpchat-server", "12:00:01.123456", "127.0.0.1:8000", "127.0.0.1:41877", 6,
                                "dropped by --loss"),
            "udpchat-server: 12:00:01.123456 lost 127.0.0.1:8000 -> 127.0.0.1:41877 (6 bytes), dropped by --loss\n");
  EXPECT_EQ(trace_dropped_entry("udpchat-server", "00:00:00.000000", "[::1]:8000", "[::1]:5000", 1, "why"),
            "udpchat-server: 00:00:00.000000 lost [::1]:8000 -> [::1]:5000 (1 byte), why\n");
}

TEST(TraceEntryTest, WithheldLineIsAHeadingWithItsDirectionAndNoDump) {
  EXPECT_EQ(trace_withheld_entry("udpchat-desk", "12:00:01.123456", traffic_direction::received, "127.0.0.1:41877",
                                 "127.0.0.1:8000", 31, "an agent's login holds its key"),
            "udpchat-desk: 12:00:01.123456 recv 127.0.0.1:41877 -> 127.0.0.1:8000 (31 bytes), "
            "not shown: an agent's login holds its key\n");
  EXPECT_EQ(trace_withheld_entry("udpchat", "00:00:00.000000", traffic_direction::sent, "a", "b", 1, "why"),
            "udpchat: 00:00:00.000000 send a -> b (1 byte), not shown: why\n");
}

}  // namespace
}  // namespace udpchat
