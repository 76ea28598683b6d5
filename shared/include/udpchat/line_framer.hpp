// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Line framing for byte streams (TCP connections, standard input):
//
//   <line>\n <line>\n ...     one message per line; a CR before the LF is dropped
//
// Over TCP each line carries what one datagram carries over UDP (see datagram_codec.hpp), in
// both directions, and no line may be longer than max_tcp_line_bytes (its '\n' not counted).
//
// A line longer than the framer's maximum is never buffered whole: the framer reports it once
// as too_long, drops its bytes as they arrive, and resumes at the next line.

#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>

namespace udpchat {

inline constexpr std::size_t max_tcp_line_bytes = 64 * 1024;

// `message` as it goes out on a stream: followed by '\n'.
inline std::string as_line(std::string_view message) {
  std::string line;
  line.reserve(message.size() + 1);
  line.append(message);
  line += '\n';
  return line;
}

enum class frame_status { line, need_more, too_long };
struct frame {
  frame_status status;
  std::string_view line;  // valid until the next call to append or next; set when status==line
  std::string_view wire;  // the same line as it arrived, with its LF or CR LF (if it had one)
};

class line_framer {
 public:
  explicit line_framer(std::size_t max_line_bytes);

  void append(std::string_view bytes);
  // The next event: one complete line, need_more, or too_long for a line past the maximum.
  frame next();
  // At end of input: the unterminated last line (status line), too_long when it is past the
  // maximum, or need_more when there is none.
  frame take_unterminated();

  std::size_t buffered_bytes() const { return buffer_.size() - consumed_; }
  // Whether next() would give a line or a too_long report now, rather than need_more.
  bool holds_frame() const;
  // Once next() has said need_more: whether the input stops inside a line, part of it having
  // arrived but not its '\n'. A too-long line being dropped counts, though none of it is kept.
  bool mid_line() const { return discarding_ || consumed_ < buffer_.size(); }

 private:
  void compact();

  std::size_t max_line_bytes_;
  std::string buffer_;
  std::size_t consumed_ = 0;
  bool discarding_ = false;  // inside a too-long line whose end has not arrived yet
};

// Hands each complete line to on_line and each too-long report to on_too_long, until the
// framer needs more bytes or keep_going() turns false (a handler may have closed the stream).
// An on_line that takes two views gets the line as it arrived (frame::wire) as well.
template <typename OnLine, typename OnTooLong, typename KeepGoing>
void hand_over_frames(line_framer& framer, OnLine on_line, OnTooLong on_too_long,
                      KeepGoing keep_going) {
  while (keep_going()) {
    const frame event = framer.next();
    if (event.status == frame_status::need_more) return;
    if (event.status == frame_status::too_long) {
      on_too_long();
    } else if constexpr (std::is_invocable_v<OnLine, std::string_view, std::string_view>) {
      on_line(event.line, event.wire);
    } else {
      on_line(event.line);
    }
  }
}

}  // namespace udpchat
