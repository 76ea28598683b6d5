// SPDX-License-Identifier: GPL-3.0-or-later
// line_framer: a byte stream cut into chunks at fuzzer-chosen places, with lines ended by
// end_line() after some of them, gives the same lines and too-long reports as a byte-by-byte
// reading of the endings (LF, CR LF, CR NUL, CR), and never buffers much more than a line.
//
// Input:
//   byte 0          bits 0-5: the maximum line length (0..63); bit 6: use max_tcp_line_bytes
//                   instead; bit 7: read events through hand_over_frames instead of next()
//   byte 1          bits 0-2: how many chunk sizes follow (0: the stream is one chunk)
//   chunk sizes     one byte each: bits 0-5 the size (0 appends nothing); bit 6: after reading
//                   the events, end_line(); bit 7: do not read events after this chunk (they
//                   are read after a later one), nor end the line
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

// What the framer does, one byte at a time: a marker (end_of_chunk_line) where end_line() was
// called. A line past the maximum is reported once, as too long.
constexpr int end_of_chunk_line = -1;

std::vector<std::string> model_events(const std::vector<int>& input, std::size_t max_line) {
  std::vector<std::string> events;
  std::string line;
  bool after_cr = false;
  const auto emit = [&] {
    events.push_back(line.size() > max_line ? too_long_event : line_event(line));
    line.clear();
  };
  for (const int each : input) {
    if (each == end_of_chunk_line) {
      if (!line.empty()) emit();  // end_line() gives a line only if a byte of it came
      continue;
    }
    const char byte = static_cast<char>(each);
    if (after_cr) {
      after_cr = false;
      if (byte == '\n' || byte == '\0') continue;
    }
    if (byte == '\n' || byte == '\r') {
      emit();
      after_cr = byte == '\r';
      continue;
    }
    line += byte;
  }
  if (!line.empty()) emit();
  return events;
}

class reader {
 public:
  reader(std::size_t max_line, bool through_hand_over)
      : framer_{max_line}, max_line_{max_line}, through_hand_over_{through_hand_over} {}

  void append(std::string_view chunk) { framer_.append(chunk); }
  void end_line() {
    framer_.end_line();
    FUZZ_CHECK(framer_.buffered_bytes() <= max_line_);
  }

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
    // Once it needs more, the framer holds at most a line: a CR ends one at once.
    FUZZ_CHECK(framer_.buffered_bytes() <= max_line_);
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
    FUZZ_CHECK(line.find_first_of("\r\n") == std::string_view::npos);
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
  std::vector<int> model_input;
  bool ended_lines = false;
  const auto append = [&](std::string_view chunk) {
    framed.append(chunk);
    for (const char byte : chunk) model_input.push_back(static_cast<unsigned char>(byte));
  };
  std::string_view rest = stream;
  if (sizes.empty()) {
    append(rest);
    framed.read_events();
  } else {
    while (!rest.empty()) {
      const std::size_t before = rest.size();
      for (const char each : sizes) {
        const auto chosen = static_cast<unsigned char>(each);
        const std::size_t take = std::min<std::size_t>(chosen & 0x3FU, rest.size());
        append(rest.substr(0, take));
        rest.remove_prefix(take);
        if ((chosen & 0x80U) != 0) continue;
        framed.read_events();
        if ((chosen & 0x40U) != 0) {
          framed.end_line();
          framed.read_events();
          model_input.push_back(end_of_chunk_line);
          ended_lines = true;
        }
      }
      if (rest.size() == before) {  // every size is 0: the rest in one piece
        append(rest);
        rest = {};
      }
    }
  }
  framed.finish();
  FUZZ_CHECK(framed.events() == model_events(model_input, max_line));

  // Without CRs and overlong lines, the lines put back together are the stream.
  if (!ended_lines && stream.find('\r') == std::string_view::npos &&
      std::find(framed.events().begin(), framed.events().end(), too_long_event) == framed.events().end()) {
    std::string joined;
    for (const auto& event : framed.events()) joined.append(event, line_event("").size()).append(1, '\n');
    FUZZ_CHECK(joined == stream || (!stream.ends_with('\n') && joined == std::string{stream} + '\n'));
  }
  return 0;
}
