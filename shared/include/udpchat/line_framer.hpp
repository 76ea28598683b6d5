// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Line framing for byte streams (TCP connections, standard input):
//
//   <line> LF            what nc, udpchat and most programs send
//   <line> CR LF         the end of a line in telnet's network virtual terminal (RFC 854)
//   <line> CR NUL        a carriage return alone in RFC 854: telnet sends it for Return when it
//                        is not set to send CR LF
//   <line> CR            what a few clients send; RFC 854 forbids it, but a chat line is over
//
// One message per line. Each of these endings ends a line, and none is part of it. A CR ends
// its line as soon as it arrives, even as the last byte of an append: a LF or NUL that comes
// right after it, in the same append or a later one, belongs to that ending and gives no line.
// Over TCP each line carries what one datagram carries over UDP (see datagram_codec.hpp), in
// both directions, and no line may be longer than max_tcp_line_bytes (its ending not counted);
// what this program sends always ends in LF (as_line).
//
// A line longer than the framer's maximum is never buffered whole: the framer reports it once
// as too_long, drops its bytes as they arrive, and resumes at the next line.
//
// A stream that sends no line endings at all (a client that writes each message in one write,
// as the seed programs did) is framed by its owner's clock: end_line() says where the owner
// saw such a message end.

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>

namespace udpchat {

inline constexpr std::size_t max_tcp_line_bytes = 64 * 1024;

// How long a TCP server waits, after the last byte of a line that has no ending yet, before it
// takes what came as a whole message: the seed's clients write each message in one write with
// no ending. Clients that do send endings send a line whole (nc, and telnet in its default line
// mode, send it when Enter is pressed) or in writes microseconds apart; 500 ms is longer than
// one TCP retransmission on a LAN (Linux waits at least 200 ms, tcp(7)), so a line split by the
// network is not cut, and short enough that the seed's messages still arrive at once to a person.
inline constexpr std::chrono::milliseconds unframed_line_quiet_time{500};

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
  // The same line as it arrived, with its ending as far as that had arrived: a LF or NUL that
  // completes a CR ending in a later append is dropped without being shown here. A line ended by
  // end_line() has no ending.
  std::string_view wire;
};

class line_framer {
 public:
  explicit line_framer(std::size_t max_line_bytes);

  void append(std::string_view bytes);
  // The next event: one complete line, need_more, or too_long for a line past the maximum.
  frame next();
  // Once next() has said need_more: the bytes appended so far end a line, without an ending.
  // next() gives them as a line (none if no byte of a line is waiting); a too-long line being
  // dropped ends here, and what comes next begins a new line.
  void end_line();
  // At end of input, once next() has said need_more: the unterminated last line (status
  // line), or need_more when there is none. end_line() and next() in one.
  frame take_unterminated();

  std::size_t buffered_bytes() const { return buffer_.size() - consumed_; }
  // Whether next() would give a line or a too_long report now, rather than need_more.
  bool holds_frame() const;
  // Once next() has said need_more: whether the input stops inside a line, part of it having
  // arrived but not its end. A too-long line being dropped counts, though none of it is kept.
  bool mid_line() const { return discarding_ || consumed_ < buffer_.size(); }

 private:
  // What next() would do: the event, and the framer's state after it.
  struct step {
    frame event;
    std::size_t consumed;
    bool discarding;
    bool after_cr;
    std::size_t ended_bytes;
  };
  step scan() const;
  void compact();

  std::size_t max_line_bytes_;
  std::string buffer_;
  std::size_t consumed_ = 0;
  bool discarding_ = false;    // inside a too-long line whose end has not arrived yet
  bool after_cr_ = false;      // the last line ended in a CR: a LF or NUL next is part of it
  std::size_t ended_bytes_ = 0;  // set by end_line(): the pending bytes that are a whole line
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
