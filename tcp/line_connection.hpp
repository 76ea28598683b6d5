#pragma once
// One TCP peer speaking the line format (see udpchat/line_framer.hpp): one message per line.
//
// Reading: lines come out through on_line; a line longer than the maximum is dropped as it
// arrives and reported through on_too_long, so a peer can never make us buffer more than one
// maximum line. A partial line followed by a hang-up is dropped.
// Writing: deliver() queues a shared, immutable line and never waits. It writes at once when
// the socket takes it; lines queued while a write is pending go out together in one gathered
// write. A peer whose queue passes max_queued_bytes is not reading: it is dropped,
// and nobody else waits for it.
// Closing: close_with() queues a last line and closes once everything queued is written, or
// after linger_time at the latest, so a goodbye reaches a peer that reads and nobody waits long
// for one that does not. close() closes at once.
// Lifetime: the connection lives while it has I/O pending (every handler holds it). on_closed
// runs once when the connection ends by itself (peer hung up, error, too slow); it does not run
// after close() or close_with(), which the owner calls knowing it is done with the peer.
// Progress: progress() says when the peer last finished a line and whether it is in the middle
// of one, for the owner's timeouts; the connection itself never times out.
// Tracing: given a traffic_trace, every line read and every line handed to deliver() or
// close_with() is traced, with its line ending, as it goes over the wire.

#include <asio/ip/tcp.hpp>
#include <asio/steady_timer.hpp>
#include <array>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "line_progress.hpp"
#include "udpchat/line_framer.hpp"

namespace udpchat {

class traffic_trace;

class line_connection : public std::enable_shared_from_this<line_connection> {
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

  void start(handlers callbacks);
  // `line` must end in '\n'.
  void deliver(std::shared_ptr<const std::string> line);
  // Several buffers of whole lines at once: they go out in one gathered write if the socket
  // takes them.
  void deliver(std::span<const std::shared_ptr<const std::string>> lines);
  // `last_line` must end in '\n'. Lines from the peer are ignored from now on.
  void close_with(std::string_view last_line);
  void close();

  static constexpr std::chrono::milliseconds linger_time{1000};
  std::size_t queued_bytes() const { return queued_bytes_; }
  asio::ip::tcp::endpoint remote_endpoint() const { return remote_; }
  const line_progress& progress() const { return progress_; }

 private:
  void do_read();
  void take(std::size_t size);  // hands over the lines in chunk_[0, size)
  void do_write();
  // `written` of the `bytes` in the first `count` queued lines went out; the rest waits.
  void finish_write_later(std::size_t count, std::size_t bytes, std::size_t written);
  void deliver_lines();
  // After a read has been framed: `line_ended` when it held a '\n'.
  void note_progress(bool line_ended);
  void end(std::string_view why);
  void end_soon(std::string why);
  // Traces each line of `lines` as sent.
  void trace_sent(std::string_view lines);

  asio::ip::tcp::socket socket_;
  asio::ip::tcp::endpoint remote_;
  line_framer framer_;
  line_progress progress_;
  std::size_t max_queued_bytes_;
  handlers handlers_;
  std::array<char, 8192> chunk_{};
  std::deque<std::shared_ptr<const std::string>> queue_;
  std::size_t queued_bytes_ = 0;
  std::vector<asio::const_buffer> in_flight_;
  asio::steady_timer linger_timer_;
  traffic_trace* trace_;
  std::string trace_remote_;  // the two ends as a trace shows them (only when tracing)
  std::string trace_local_;
  bool closed_ = false;
  bool closing_ = false;   // close_with() was called
  bool dropping_ = false;  // over the queue bound; end() is on its way
};

}  // namespace udpchat
