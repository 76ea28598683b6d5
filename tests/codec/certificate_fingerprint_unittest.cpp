// SPDX-License-Identifier: GPL-3.0-or-later
#include "udpchat/certificate_fingerprint.hpp"

#include <gtest/gtest.h>

namespace udpchat {
namespace {

// The fingerprint of a real certificate, as `openssl x509 -noout -fingerprint -sha256` printed it.
constexpr std::string_view openssl_form =
    "3F:A0:1B:C2:D3:E4:F5:06:17:28:39:4A:5B:6C:7D:8E:9F:A0:B1:C2:D3:E4:F5:06:17:28:39:4A:5B:6C:7D:9C";
constexpr std::string_view bare_form = "3fa01bc2d3e4f5061728394a5b6c7d8e9fa0b1c2d3e4f5061728394a5b6c7d9c";

TEST(CertificateFingerprintTest, ReadsOpensslsFormAndTheBareHexAlike) {
  std::string why;
  const auto with_colons = parse_fingerprint(openssl_form, why);
  ASSERT_TRUE(with_colons) << why;
  const auto bare = parse_fingerprint(bare_form, why);
  ASSERT_TRUE(bare) << why;
  EXPECT_EQ(*with_colons, *bare);
  EXPECT_EQ(with_colons->front(), 0x3F);
  EXPECT_EQ(with_colons->back(), 0x9C);
}

TEST(CertificateFingerprintTest, WritesWhatOpensslPrints) {
  std::string why;
  const auto digest = parse_fingerprint(bare_form, why);
  ASSERT_TRUE(digest) << why;
  EXPECT_EQ(fingerprint_text(*digest), openssl_form);
}

struct broken_case {
  std::string text;
  std::string why;
};

class BrokenFingerprintTest : public ::testing::TestWithParam<broken_case> {};

TEST_P(BrokenFingerprintTest, IsRefusedWithTheReason) {
  std::string why;
  EXPECT_FALSE(parse_fingerprint(GetParam().text, why));
  EXPECT_EQ(why, GetParam().why);
}

INSTANTIATE_TEST_SUITE_P(
    Table, BrokenFingerprintTest,
    ::testing::Values(
        broken_case{"", "a SHA-256 fingerprint has 32 bytes (64 hex digits); this has 0"},
        // A SHA-1 fingerprint, 20 bytes: the wrong digest, not a typo.
        broken_case{std::string{bare_form.substr(0, 40)}, "a SHA-256 fingerprint has 32 bytes (64 hex digits); this has 20"},
        broken_case{std::string{bare_form} + "00", "more than 32 bytes (64 hex digits)"},
        broken_case{std::string{openssl_form} + ":", "more than 32 bytes (64 hex digits)"},
        broken_case{"g" + std::string{bare_form.substr(1)}, "not a hex digit at character 1"},
        broken_case{"3F:A0 " + std::string{openssl_form.substr(6)}, "not a hex digit at character 6"},
        broken_case{"sha256 Fingerprint=" + std::string{openssl_form}, "not a hex digit at character 1"},
        broken_case{"3F::A0" + std::string{openssl_form.substr(5)}, "not a hex digit at character 4"}));

}  // namespace
}  // namespace udpchat
