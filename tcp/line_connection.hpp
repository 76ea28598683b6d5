// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One TCP peer speaking the line format (see udpchat/line_framer.hpp): one message per line.
//
// Reading: lines come out through on_line, with any of the endings line_framer accepts; a line
// longer than the maximum is dropped as it arrives and reported through on_too_long, so a peer
// can never make us buffer more than one maximum line. A line without an ending is a whole line
// once the peer has sent nothing more for unframed_line_quiet_time (the seed's clients send no
// endings), or when the peer hangs up after it. Quiet only counts while we are listening: a peer
// held back by flow control, its bytes waiting unread, is not quiet, and its line is not cut.
// Writing: deliver() queues a shared, immutable line and never waits. It writes at once when
// the socket takes it; lines queued while the socket is full go out together in gathered
// writes as it takes them. A peer is judged on what it fails to take: after the write is tried,
// one with more than max_queued_bytes left queued is not reading and is dropped, and nobody
// else waits for it.
// Flow control (servers only, see pace_with() and flow_limits.hpp): the peer's lines are
// paced by the server's budget, it is not read from while the server's gate is held, and as a
// reader it holds the gate while it is behind and is dropped when it stops taking its lines.
// Closing: close_with() queues a last line and closes once everything queued is written, or
// after linger_time at the latest, so a goodbye reaches a peer that reads and nobody waits long
// for one that does not. close() closes at once.
// Lifetime: the connection lives while it has I/O pending (every handler holds it). on_closed
// runs once when the connection ends by itself (peer hung up, error, not reading, flooding),
// never from within a call the owner made; it does not run after close() or close_with(), which
// the owner calls knowing it is done with the peer.
// Progress: progress() says when the peer last finished a line and whether it is in the middle
// of one, for the owner's timeouts; the connection itself never times out. Time the peer spends
// held back by flow control, with lines waiting that we do not read, does not count: its clock
// stands still meanwhile, so pacing never turns into a line or idle timeout.
// Tracing: given a traffic_trace, every line read and every line handed to deliver() or
// close_with() is traced, with its line ending, as it goes over the wire.
// Transport: a plain TCP socket, or any byte_stream (TLS, see tls_stream.hpp); the lines, the
// limits and the flow control are the same over each.

#include <asio/ip/tcp.hpp>
#include <asio/steady_timer.hpp>
#include <array>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "byte_stream.hpp"
#include "flow_limits.hpp"
#include "line_progress.hpp"
#include "udpchat/line_framer.hpp"
#include "udpchat/trace_entry.hpp"

namespace udpchat {

class traffic_trace;
struct line_flow;

// `message` as deliver() takes it: one shared, immutable line ending in '\n'.
inline std::shared_ptr<const std::string> shared_line(std::string_view message) {
  return std::make_shared<const std::string>(as_line(message));
}

class line_connection : public std::enable_shared_from_this<line_connection>, private byte_stream_events {
 public:
  struct handlers {
    std::function<void(std::string_view line)> on_line;
    std::function<void()> on_too_long;
    std::function<void(std::string_view why)> on_closed;
    std::function<void()> on_written;  // optional: a write finished; see queued_bytes()
    std::function<void()> on_read_done;  // optional: every line of one read was handed over
  };

  line_connection(asio::ip::tcp::socket socket, std::size_t max_line_bytes,
                  std::size_t max_queued_bytes, traffic_trace* trace = nullptr);
  // Over `stream`, which is ready to carry lines (a TLS session after its handshake).
  line_connection(std::shared_ptr<byte_stream> stream, std::size_t max_line_bytes,
                  std::size_t max_queued_bytes, traffic_trace* trace = nullptr);

  // Before start(): paces this peer and judges it as a reader under `flow`, which outlives the
  // connection's pending work. Without it, lines are taken as fast as they come.
  void pace_with(line_flow& flow) { flow_ = &flow; }
  // Before start(), on a plain server's connection: a peer whose first byte opens a TLS
  // handshake (a TLS client at a plain port) is ended at once, its bytes never taken for lines,
  // and on_closed says why. TLS records open with their content type, and a handshake's is 22
  // (RFC 8446, section 5.1), a control byte no text line begins with.
  void refuse_tls_handshakes() { refuse_tls_ = true; }
  // Lines for which `secret` (given the line without its ending) says true are traced as a
  // heading alone, with `why` after the length, and never with their bytes, either way. For a
  // remote agent's login, whose key a trace shown to a class must not reveal. Without a trace,
  // it costs nothing.
  void withhold_from_trace(std::function<bool(std::string_view line)> secret, std::string why) {
    trace_secret_ = std::move(secret);
    trace_secret_why_ = std::move(why);
  }
  void start(handlers callbacks);
  // `line` must end in '\n'.
  void deliver(std::shared_ptr<const std::string> line);
  // Several buffers of whole lines at once: they go out in one gathered write if the socket
  // takes them.
  void deliver(std::span<const std::shared_ptr<const std::string>> lines);
  // `last_line` must end in '\n'. Lines from the peer are ignored from now on.
  void close_with(std::string_view last_line);
  // For a client leaving: queues `last_line` (ending in '\n'), and once everything queued is
  // written closes its sending side only. Lines still come through on_line until the peer
  // closes, which ends the connection through on_closed; after `wait` without that, it is
  // closed anyway (on_closed too). A server reads what is still waiting before it closes, and
  // a close with unread data would have made the system reset the connection and discard it.
  void finish_with(std::string_view last_line, std::chrono::milliseconds wait);
  void close();

  static constexpr std::chrono::milliseconds linger_time{1000};
  std::size_t queued_bytes() const { return queued_bytes_; }
  asio::ip::tcp::endpoint remote_endpoint() const { return remote_; }
  line_progress progress() const;
  // Within on_line: the line being handed over as it came over the wire, with its ending (none
  // for a line ended by quiet or a hang-up). Empty elsewhere.
  std::string_view wire_line() const { return wire_line_; }
  asio::ip::tcp::endpoint local_endpoint() const {
    asio::error_code ignored;
    return stream_->local_endpoint(ignored);
  }
  // With flow control: looks at how this peer takes its lines at `now`; holds the gate while it
  // is behind, and drops it (on_closed runs, soon) when it is not reading.
  void judge(flow_clock::time_point now);

 private:
  // This connection as the stream's waiter, holding it alive while it waits.
  std::shared_ptr<byte_stream_events> as_waiter() { return {shared_from_this(), static_cast<byte_stream_events*>(this)}; }
  void wait_for_input();
  void on_readable(asio::error_code error) override;
  void read_input();
  // Whether reading may go on now; when not, arranges for the reading to resume.
  bool may_read();
  void resume_reading();
  void take(std::size_t size);  // hands over the lines in chunk_[0, size)
  void deliver_lines();
  // Whether the next line is within the peer's budget; holds the peer (or drops a flood) if not.
  bool within_budget();
  void hold_until(flow_clock::time_point resume_at);
  void write_now();
  void wait_until_writable();
  void on_writable(asio::error_code error) override;
  // `written` bytes from the front of the queue went out.
  void consume(std::size_t written);
  void set_holding_gate(bool holding);
  // Flow control stopped (true) or resumed (false) reading a peer with input waiting.
  void note_held(bool held);
  // After a read has been framed: `line_ended` when it held a line ending.
  void note_progress(bool line_ended);
  // Ends the unfinished line once the peer has been quiet for unframed_line_quiet_time.
  void watch_for_quiet();
  void on_quiet();
  void end(std::string_view why);
  void end_soon(std::string why);
  // Sends `last_line` and closes, and tells the owner why through on_closed.
  void drop_with(std::string_view last_line, std::string why);
  // Traces each line of `lines` as sent.
  void trace_sent(std::string_view lines);
  // One line as it went over the wire (`wire`, with its ending), or its heading alone when it
  // holds a secret (see withhold_from_trace).
  void trace_line(traffic_direction direction, std::string_view line, std::string_view wire);

  std::shared_ptr<byte_stream> stream_;
  asio::any_io_executor executor_;
  asio::ip::tcp::endpoint remote_;
  line_framer framer_;
  line_progress progress_;
  std::size_t max_queued_bytes_;
  handlers handlers_;
  std::string_view wire_line_;  // see wire_line()
  std::array<char, 8192> chunk_{};
  std::deque<std::shared_ptr<const std::string>> queue_;
  std::size_t queued_bytes_ = 0;
  std::size_t front_written_ = 0;  // of queue_.front(), already written
  std::vector<asio::const_buffer> gathered_;
  asio::steady_timer linger_timer_;
  traffic_trace* trace_;
  std::string trace_remote_;  // the two ends as a trace shows them (only when tracing)
  std::string trace_local_;
  std::function<bool(std::string_view line)> trace_secret_;  // see withhold_from_trace
  std::string trace_secret_why_;
  line_flow* flow_ = nullptr;
  pacing_state pacing_;
  reader_state reader_;
  asio::steady_timer budget_timer_;
  std::optional<flow_clock::time_point> held_since_;  // reading stopped with input waiting
  asio::steady_timer quiet_timer_;
  flow_clock::time_point last_input_{};  // when the last read (or a resumed reading) began its quiet
  bool closed_ = false;
  bool refuse_tls_ = false;  // see refuse_tls_handshakes
  bool took_bytes_ = false;
  bool closing_ = false;   // close_with() was called
  bool finishing_ = false;  // finish_with() was called: close the sending side once written
  bool dropping_ = false;  // over a limit; end() is on its way
  bool awaiting_input_ = false;     // a wait for input is pending
  bool awaiting_writable_ = false;  // a wait for room in the socket is pending
  bool awaiting_gate_ = false;      // resumes when the gate opens
  bool held_by_budget_ = false;     // resumes when budget_timer_ fires
  bool awaiting_quiet_ = false;     // quiet_timer_ is running
  bool holding_gate_ = false;
};

}  // namespace udpchat
