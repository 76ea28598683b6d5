// SPDX-License-Identifier: GPL-3.0-or-later
// decode_probe, decode_answer, valid_server_name and server_name_from against a model of the
// formats written from the header's description: a datagram decodes exactly when the model
// accepts it, and what decodes encodes back to the same bytes (a probe its line, an answer all
// of it), never larger than the bounds that keep a responder from amplifying.
//
// Input: one datagram as it arrives on the discovery port; also the same bytes padded to a
// probe's size, and taken as a name and as the fields of a probe and an answer to encode.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "udpchat/discovery_message.hpp"

namespace udpchat::fuzz {
namespace {

std::vector<std::string_view> split_spaces(std::string_view line, std::size_t most) {
  std::vector<std::string_view> fields;
  while (fields.size() + 1 < most) {
    const auto space = line.find(' ');
    if (space == std::string_view::npos) break;
    fields.push_back(line.substr(0, space));
    line.remove_prefix(space + 1);
  }
  fields.push_back(line);
  return fields;
}

bool is_lower_hex_id(std::string_view text) {
  if (text.size() != 16) return false;
  for (const char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// Digits with no leading zero whose value is at most `largest`, compared as text of equal length.
bool is_canonical_decimal(std::string_view text, std::string_view largest) {
  if (text.empty() || text.size() > largest.size() || (text.size() > 1 && text[0] == '0')) return false;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return text.size() < largest.size() || text <= largest;
}

bool model_name(std::string_view name) {
  return !name.empty() && name.size() <= discovery_name_max_bytes && name.front() != ' ' && name.back() != ' ' &&
         name.find('\t') == std::string_view::npos && is_terminal_safe(name);
}

bool model_probe(std::string_view datagram) {
  if (datagram.size() < discovery_probe_min_bytes || datagram.size() > discovery_probe_max_bytes) return false;
  const auto newline = datagram.find('\n');
  if (newline == std::string_view::npos) return false;
  const auto fields = split_spaces(datagram.substr(0, newline), 5);
  return fields.size() == 4 && fields[0] == "UDPCHAT-FIND" && fields[1] == "1" &&
         (fields[2] == "hub" || fields[2] == "tcp" || fields[2] == "any") && is_lower_hex_id(fields[3]);
}

bool model_answer(std::string_view datagram) {
  if (datagram.empty() || datagram.back() != '\n') return false;
  const auto fields = split_spaces(datagram.substr(0, datagram.size() - 1), 8);
  return fields.size() == 8 && fields[0] == "UDPCHAT-HERE" && fields[1] == "1" && is_lower_hex_id(fields[2]) &&
         is_lower_hex_id(fields[3]) && (fields[4] == "hub" || fields[4] == "room" || fields[4] == "desk") &&
         fields[5] != "0" && is_canonical_decimal(fields[5], "65535") &&
         is_canonical_decimal(fields[6], "4294967295") && model_name(fields[7]);
}

void check_probe(std::string_view datagram) {
  const auto probe = decode_probe(datagram);
  FUZZ_CHECK(probe.has_value() == model_probe(datagram));
  if (!probe) return;
  const std::string again = encode_probe(*probe);
  const auto line_end = datagram.find('\n') + 1;
  FUZZ_CHECK(again.size() == discovery_probe_min_bytes);
  FUZZ_CHECK(again.substr(0, line_end) == datagram.substr(0, line_end));
}

void check_answer(std::string_view datagram) {
  const auto answer = decode_answer(datagram);
  FUZZ_CHECK(answer.has_value() == model_answer(datagram));
  if (!answer) return;
  FUZZ_CHECK(datagram.size() <= discovery_answer_max_bytes);
  FUZZ_CHECK(encode_answer(*answer) == datagram);
}

discovery_nonce nonce_from(std::string_view bytes) {
  discovery_nonce nonce{};
  for (std::size_t i = 0; i < nonce.size() && i < bytes.size(); ++i) nonce[i] = static_cast<std::uint8_t>(bytes[i]);
  return nonce;
}

// Any fields, encoded: the probe and the answer decode back to them, and the answer fits the probe.
void check_encoded(std::string_view input) {
  const auto byte = [&](std::size_t at) { return at < input.size() ? static_cast<std::uint8_t>(input[at]) : 0U; };
  const discovery_probe probe{static_cast<wanted_kind>(byte(0) % 3), nonce_from(input.substr(input.empty() ? 0 : 1))};
  const std::string probe_bytes = encode_probe(probe);
  const auto probe_again = decode_probe(probe_bytes);
  FUZZ_CHECK(probe_again && probe_again->want == probe.want && probe_again->nonce == probe.nonce);

  const discovery_answer answer{probe.nonce,
                                nonce_from(input.substr(input.size() > 9 ? 9 : input.size())),
                                static_cast<server_kind>(byte(1) % 3),
                                static_cast<std::uint16_t>(1U + ((byte(2) << 8U) | byte(3)) % 65535U),
                                (byte(4) << 24U) | (byte(5) << 16U) | (byte(6) << 8U) | byte(7),
                                std::string{input}};
  const std::string answer_bytes = encode_answer(answer);
  FUZZ_CHECK(answer_bytes.size() <= discovery_answer_max_bytes);
  FUZZ_CHECK(answer_bytes.size() <= probe_bytes.size());
  const auto answer_again = decode_answer(answer_bytes);
  FUZZ_CHECK(answer_again.has_value());
  FUZZ_CHECK(answer_again->nonce == answer.nonce && answer_again->instance == answer.instance);
  FUZZ_CHECK(answer_again->kind == answer.kind && answer_again->port == answer.port);
  FUZZ_CHECK(answer_again->members == answer.members);
  FUZZ_CHECK(answer_again->name == server_name_from(input));
}

void check_name(std::string_view name) {
  FUZZ_CHECK(valid_server_name(name) == model_name(name));
  const std::string made = server_name_from(name);
  FUZZ_CHECK(valid_server_name(made));
  FUZZ_CHECK(server_name_from(made) == made);
  if (valid_server_name(name)) FUZZ_CHECK(made == name);
}

}  // namespace
}  // namespace udpchat::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace udpchat;
  using namespace udpchat::fuzz;
  const std::string_view input = as_text(data, size);
  check_probe(input);
  check_answer(input);
  // A short input stands for a probe's line: padded, it reaches the parser past the size check.
  if (input.size() < discovery_probe_min_bytes) {
    std::string padded{input};
    padded.resize(discovery_probe_min_bytes, '.');
    check_probe(padded);
  }
  check_name(input);
  check_encoded(input);
  return 0;
}
