// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A certificate's SHA-256 fingerprint: the SHA-256 digest of its DER encoding, which is what
// `openssl x509 -fingerprint -sha256` prints, as 32 upper-case hex pairs joined by colons:
//
//   3F:A0:...:9C          (95 characters)
//
// A person pins a self-signed server with it, so it is read as people paste it: either case,
// with or without the colons.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace udpchat {

using sha256_digest = std::array<std::uint8_t, 32>;

// "3F:A0:...:9C", as openssl prints it.
std::string fingerprint_text(const sha256_digest& digest);

// 64 hex digits, either case, each pair followed by ':' or by nothing (so "3FA0..." and
// "3F:A0:..." alike); nothing else, not even spaces. nullopt when it is not that, with `why`
// saying what is wrong, in words for an error message.
std::optional<sha256_digest> parse_fingerprint(std::string_view text, std::string& why);

}  // namespace udpchat
