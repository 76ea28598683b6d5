// SPDX-License-Identifier: GPL-3.0-or-later
// line_framer: a byte stream cut into chunks at fuzzer-chosen places gives the same lines and
// too-long reports as a plain split of the whole stream on '\n', and never buffers much more
// than a line.
//
// Input:
//   byte 0          bits 0-5: the maximum line length (0..63); bit 6: use max_tcp_line_bytes
//                   instead; bit 7: read events through hand_over_frames instead of next()
//   byte 1          bits 0-2: how many chunk sizes follow (0: the stream is one chunk)
//   chunk sizes     one byte each: bits 0-6 the size (0 appends nothing); bit 7: do not read
//                   events after this chunk (they are read after a later one)
//   the rest        the stream, cut into chunks of those sizes, used in turn

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "udpchat/line_framer.hpp"

namespace udpchat::fuzz {
namespace {

const std::string too_long_event = "too long";

std::string line_event(std::string_view line) { return "line:" + std::string{line}; }

// The framer's contract on the whole stream at once: every piece between newlines is a line,
// the last one only if it is not empty; one CR before the end of a line is dropped; a line
// past the maximum is reported once, as too long.
std::vector<std::string> model_events(std::string_view stream, std::size_t max_line) {
  std::vector<std::string> events;
  for (;;) {
    const auto newline = stream.find('\n');
    std::string_view line = stream.substr(0, newline);
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (newline == std::string_view::npos && line.empty()) return events;
    events.push_back(line.size() > max_line ? too_long_event : line_event(line));
    if (newline == std::string_view::npos) return events;
    stream.remove_prefix(newline + 1);
  }
}

class reader {
 public:
  reader(std::size_t max_line, bool through_hand_over)
      : framer_{max_line}, max_line_{max_line}, through_hand_over_{through_hand_over} {}

  void append(std::string_view chunk) { framer_.append(chunk); }

  void read_events() {
    if (through_hand_over_) {
      hand_over_frames(
          framer_, [this](std::string_view line) { on_line(line); },
          [this] { events_.push_back(too_long_event); }, [] { return true; });
    } else {
      for (frame event = framer_.next(); event.status != frame_status::need_more; event = framer_.next()) {
        if (event.status == frame_status::line) {
          on_line(event.line);
        } else {
          events_.push_back(too_long_event);
        }
      }
    }
    // Once it needs more, the framer holds at most a line, and one byte for a CR.
    FUZZ_CHECK(framer_.buffered_bytes() <= max_line_ + 1);
  }

  void finish() {
    read_events();
    const frame last = framer_.take_unterminated();
    if (last.status == frame_status::line) {
      on_line(last.line);
    } else if (last.status == frame_status::too_long) {
      events_.push_back(too_long_event);
    }
    FUZZ_CHECK(framer_.buffered_bytes() == 0);
    FUZZ_CHECK(framer_.take_unterminated().status == frame_status::need_more);
    FUZZ_CHECK(framer_.next().status == frame_status::need_more);
  }

  const std::vector<std::string>& events() const { return events_; }

 private:
  void on_line(std::string_view line) {
    FUZZ_CHECK(line.size() <= max_line_);
    FUZZ_CHECK(line.find('\n') == std::string_view::npos);
    events_.push_back(line_event(line));
  }

  line_framer framer_;
  std::size_t max_line_;
  bool through_hand_over_;
  std::vector<std::string> events_;
};

}  // namespace
}  // namespace udpchat::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace udpchat;
  using namespace udpchat::fuzz;
  std::string_view input = as_text(data, size);
  if (input.size() < 2) return 0;
  const auto options = static_cast<unsigned char>(input[0]);
  const std::size_t max_line = (options & 0x40U) != 0 ? max_tcp_line_bytes : (options & 0x3FU);
  const std::size_t size_count = std::min<std::size_t>(static_cast<unsigned char>(input[1]) & 0x07U, input.size() - 2);
  const std::string_view sizes = input.substr(2, size_count);
  const std::string_view stream = input.substr(2 + size_count);

  reader framed{max_line, (options & 0x80U) != 0};
  std::string_view rest = stream;
  if (sizes.empty()) {
    framed.append(rest);
    framed.read_events();
  } else {
    while (!rest.empty()) {
      const std::size_t before = rest.size();
      for (const char each : sizes) {
        const auto chosen = static_cast<unsigned char>(each);
        const std::size_t take = std::min<std::size_t>(chosen & 0x7FU, rest.size());
        framed.append(rest.substr(0, take));
        rest.remove_prefix(take);
        if ((chosen & 0x80U) == 0) framed.read_events();
      }
      if (rest.size() == before) {  // every size is 0: the rest in one piece
        framed.append(rest);
        rest = {};
      }
    }
  }
  framed.finish();
  FUZZ_CHECK(framed.events() == model_events(stream, max_line));

  // Without CRs and overlong lines, the lines put back together are the stream.
  if (stream.find('\r') == std::string_view::npos &&
      std::find(framed.events().begin(), framed.events().end(), too_long_event) == framed.events().end()) {
    std::string joined;
    for (const auto& event : framed.events()) joined.append(event, line_event("").size()).append(1, '\n');
    FUZZ_CHECK(joined == stream || (!stream.ends_with('\n') && joined == std::string{stream} + '\n'));
  }
  return 0;
}
