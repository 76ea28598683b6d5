// SPDX-License-Identifier: GPL-3.0-or-later
#include "line_connection.hpp"

#include <asio/post.hpp>

#include "endpoint_text.hpp"
#include "line_flow.hpp"
#include "socket_stream.hpp"
#include "traffic_trace.hpp"
#include "udpchat/datagram_codec.hpp"

namespace udpchat {
namespace {

// How many queued lines one gathered write takes at most.
constexpr std::size_t max_lines_per_write = 64;
// Reads made per wake-up, if the peer has that much waiting: a busy peer's lines are relayed in
// bigger batches and fewer writes, and the others still get their turn.
constexpr int reads_per_wakeup = 8;

}  // namespace

line_connection::line_connection(asio::ip::tcp::socket socket, std::size_t max_line_bytes,
                                 std::size_t max_queued_bytes, traffic_trace* trace)
    : line_connection{std::make_shared<socket_stream>(std::move(socket)), max_line_bytes, max_queued_bytes, trace} {}

line_connection::line_connection(std::shared_ptr<byte_stream> stream, std::size_t max_line_bytes,
                                 std::size_t max_queued_bytes, traffic_trace* trace)
    : stream_{std::move(stream)},
      executor_{stream_->get_executor()},
      framer_{max_line_bytes},
      progress_{std::chrono::steady_clock::now(), std::nullopt},
      max_queued_bytes_{max_queued_bytes},
      linger_timer_{executor_},
      trace_{trace},
      budget_timer_{executor_},
      quiet_timer_{executor_} {
  asio::error_code ignored;
  remote_ = stream_->remote_endpoint(ignored);
  if (trace_ != nullptr) {
    trace_remote_ = endpoint_text(remote_);
    trace_local_ = endpoint_text(stream_->local_endpoint(ignored));
  }
}

void line_connection::start(handlers callbacks) {
  handlers_ = std::move(callbacks);
  wait_for_input();
}

// ---- reading ----

void line_connection::wait_for_input() {
  if (closed_ || awaiting_input_) return;
  awaiting_input_ = true;
  // A wait, not a read: whether to read is decided when the input is there, by the budget and
  // the gate as they are then, so a held peer's bytes stay in its socket.
  stream_->async_wait_readable(as_waiter());
}

void line_connection::on_readable(asio::error_code error) {
  awaiting_input_ = false;
  if (closed_) return;
  if (error) {
    end(error.message());
    return;
  }
  read_input();
}

void line_connection::read_input() {
  for (int reads = 0; reads < reads_per_wakeup; ++reads) {
    if (closed_ || !may_read()) break;
    asio::error_code error;
    const std::size_t size = stream_->read_some(asio::buffer(chunk_), error);
    if (error == asio::error::would_block || error == asio::error::try_again) break;
    if (error == asio::error::eof && !closing_ && framer_.mid_line()) {
      // What it sent last, without an ending, was its last line: a seed client's `quit` and
      // its hang-up arrive together.
      framer_.end_line();
      deliver_lines();
      if (!closed_ && !closing_ && handlers_.on_read_done) handlers_.on_read_done();
    }
    if (error) {
      end(error == asio::error::eof ? "hung up" : error.message());
      return;
    }
    take(size);
  }
  if (closed_) return;
  if (!closing_ && handlers_.on_read_done) handlers_.on_read_done();
  if (!closed_ && may_read()) wait_for_input();
}

bool line_connection::may_read() {
  // A closing peer is read only to see its end, and nothing of it is kept.
  if (flow_ == nullptr || closing_) return true;
  if (held_by_budget_ || dropping_) return false;
  if (flow_->gate.open()) return true;
  note_held(true);
  if (!awaiting_gate_) {
    awaiting_gate_ = true;
    // Posted, not run within release(): the gate opens in the middle of a write or a relay,
    // and the lines this peer hands over must not start another relay inside that one.
    flow_->gate.when_open([self = shared_from_this()] {
      asio::post(self->executor_, [self] {
        self->awaiting_gate_ = false;
        self->resume_reading();
      });
    });
  }
  return false;
}

void line_connection::resume_reading() {
  if (closed_) return;
  note_held(false);
  // What was read before the hold goes first, as far as the budget and the gate allow.
  deliver_lines();
  if (closed_) return;
  if (!framer_.holds_frame()) {
    // Every line held back is out: whether the peer is mid-line is known again.
    note_progress(false);
    // Its quiet is counted from now, when we listen again.
    last_input_ = flow_clock::now();
    if (framer_.mid_line()) watch_for_quiet();
  }
  if (!closing_ && handlers_.on_read_done) handlers_.on_read_done();
  if (!closed_ && may_read()) wait_for_input();
}

void line_connection::take(std::size_t size) {
  // While closing, what the peer still sends is read (so its end is seen) and dropped.
  if (closing_) return;
  const std::string_view bytes{chunk_.data(), size};
  if (!took_bytes_ && size > 0) {
    took_bytes_ = true;
    constexpr char tls_handshake_record = 22;
    if (refuse_tls_ && bytes.front() == tls_handshake_record) {
      end("it began a TLS handshake; this port speaks plain text");
      return;
    }
  }
  framer_.append(bytes);
  deliver_lines();
  note_progress(bytes.find_first_of("\r\n") != std::string_view::npos);
  last_input_ = flow_clock::now();
  if (framer_.mid_line()) watch_for_quiet();
}

void line_connection::watch_for_quiet() {
  // One timer for a whole line however many reads it takes: on_quiet looks at the time of the
  // last one and waits on if it was later.
  if (awaiting_quiet_ || closed_) return;
  awaiting_quiet_ = true;
  quiet_timer_.expires_at(last_input_ + unframed_line_quiet_time);
  quiet_timer_.async_wait([self = shared_from_this()](asio::error_code error) {
    self->awaiting_quiet_ = false;
    if (error || self->closed_) return;
    self->on_quiet();
  });
}

void line_connection::on_quiet() {
  if (closing_ || dropping_ || !framer_.mid_line()) return;
  if (flow_clock::now() - last_input_ < unframed_line_quiet_time) {
    watch_for_quiet();
    return;
  }
  // Quiet because we stopped listening, not because the peer stopped: resume_reading watches
  // again. Lines still waiting for the budget or the gate go first, and the rest of this one
  // may be among the bytes not yet read.
  if (held_since_ || held_by_budget_ || awaiting_gate_ || framer_.holds_frame()) return;
  // Nobody is read from while the gate is held; this line waits with the others' (may_read
  // arranges the resumption).
  if (!may_read()) return;
  asio::error_code error;
  if (stream_->available(error) > 0 || error) return;  // its read is on its way, and watches again
  framer_.end_line();
  deliver_lines();
  if (closed_) return;
  note_progress(true);
  if (!closing_ && handlers_.on_read_done) handlers_.on_read_done();
}

void line_connection::note_held(bool held) {
  if (held == held_since_.has_value()) return;
  const auto now = flow_clock::now();
  if (held) {
    held_since_ = now;
    return;
  }
  // The clock stood still while the peer was held: move its marks on by that long.
  const auto stood = now - *held_since_;
  held_since_.reset();
  progress_.last_line_end += stood;
  if (progress_.unfinished_since) *progress_.unfinished_since += stood;
}

line_progress line_connection::progress() const {
  if (!held_since_) return progress_;
  line_progress standing = progress_;
  const auto stood = flow_clock::now() - *held_since_;
  standing.last_line_end += stood;
  if (standing.unfinished_since) *standing.unfinished_since += stood;
  return standing;
}

void line_connection::note_progress(bool line_ended) {
  const bool mid_line = framer_.mid_line();
  // A read that only carries an unfinished line further changes nothing: spare the clock.
  if (!line_ended && mid_line == progress_.unfinished_since.has_value()) return;
  const auto now = std::chrono::steady_clock::now();
  if (line_ended) progress_.last_line_end = now;
  if (!mid_line) {
    progress_.unfinished_since.reset();
  } else if (line_ended || !progress_.unfinished_since) {
    // The unfinished line began in this read, after its last '\n' if it had one.
    progress_.unfinished_since = now;
  }
}

void line_connection::deliver_lines() {
  hand_over_frames(
      framer_,
      [this](std::string_view line, std::string_view wire) {
        if (trace_ != nullptr) trace_line(traffic_direction::received, line, wire);
        wire_line_ = wire;
        handlers_.on_line(line);
        wire_line_ = {};
      },
      [this] { handlers_.on_too_long(); },
      // The gate is looked at line by line: a hold that begins within a read (a console
      // falling behind) stops the rest of it too.
      [this] { return !closed_ && !closing_ && !dropping_ && (flow_ == nullptr || flow_->gate.open()) && within_budget(); });
}

bool line_connection::within_budget() {
  if (flow_ == nullptr || !flow_->budget.enabled()) return true;
  if (held_by_budget_) return false;
  // Only a line costs: a read that ends mid-line must not spend the budget on nothing.
  if (!framer_.holds_frame()) return true;
  const pacing_step step = pace_line(flow_->budget, pacing_, flow_clock::now());
  switch (step.verdict) {
    case pacing_verdict::take:
      return true;
    case pacing_verdict::hold:
      if (step.episode_began) {
        deliver(shared_line(encode_relay(hub_sender, slow_down_notice(flow_->limits))));
      }
      hold_until(step.resume_at);
      return false;
    case pacing_verdict::flooded:
      drop_with(as_line(encode_relay(hub_sender, flood_reply())), flood_reason());
      return false;
  }
  return false;
}

void line_connection::hold_until(flow_clock::time_point resume_at) {
  held_by_budget_ = true;
  note_held(true);
  budget_timer_.expires_at(resume_at);
  budget_timer_.async_wait([self = shared_from_this()](asio::error_code error) {
    if (error || self->closed_) return;
    self->held_by_budget_ = false;
    self->resume_reading();
  });
}

// ---- writing ----

void line_connection::deliver(std::shared_ptr<const std::string> line) {
  deliver(std::span<const std::shared_ptr<const std::string>>{&line, 1});
}

void line_connection::deliver(std::span<const std::shared_ptr<const std::string>> lines) {
  if (closed_ || closing_ || dropping_) return;
  // A reader's silence is timed from when it has something to take.
  if (queue_.empty()) reader_.last_progress = flow_clock::now();
  for (const auto& each : lines) {
    if (trace_ != nullptr) trace_sent(*each);
    queued_bytes_ += each->size();
    queue_.push_back(each);
  }
  if (!awaiting_writable_) write_now();
  if (closed_ || dropping_) return;
  // Judged on what it did not take of what it was just given.
  if (flow_ != nullptr) {
    judge(flow_clock::now());
  } else if (queued_bytes_ > max_queued_bytes_) {
    end_soon("not reading, " + std::to_string(queued_bytes_) + " bytes queued");
  }
}

void line_connection::write_now() {
  while (!queue_.empty() && !closed_ && !dropping_) {
    gathered_.clear();
    const std::size_t count = std::min(queue_.size(), max_lines_per_write);
    for (std::size_t i = 0; i < count; ++i) gathered_.push_back(asio::buffer(*queue_[i]));
    gathered_.front() += front_written_;
    asio::error_code error;
    const std::size_t written = stream_->write_some(gathered_, error);
    if (error == asio::error::would_block || error == asio::error::try_again) {
      wait_until_writable();
      return;
    }
    if (error) {
      end_soon(error.message());
      return;
    }
    consume(written);
  }
  if (closing_ && queue_.empty()) close();
  if (finishing_ && queue_.empty() && !closed_) {
    stream_->shutdown_send();
  }
}

void line_connection::wait_until_writable() {
  awaiting_writable_ = true;
  stream_->async_wait_writable(as_waiter());
}

void line_connection::on_writable(asio::error_code error) {
  awaiting_writable_ = false;
  if (closed_) return;
  if (error) {
    end(error.message());
    return;
  }
  write_now();
  if (!closed_ && !dropping_ && flow_ != nullptr) judge(flow_clock::now());
}

void line_connection::consume(std::size_t written) {
  if (written == 0) return;
  queued_bytes_ -= written;
  reader_.last_progress = flow_clock::now();
  written += front_written_;
  while (!queue_.empty() && written >= queue_.front()->size()) {
    written -= queue_.front()->size();
    queue_.pop_front();
  }
  front_written_ = written;
  if (handlers_.on_written) handlers_.on_written();
}

// ---- judging ----

void line_connection::judge(flow_clock::time_point now) {
  if (flow_ == nullptr || closed_ || dropping_ || closing_) return;
  reader_.queued_bytes = queued_bytes_;
  note_queue(reader_, flow_->limits, now);
  const reader_judgement judgement = judge_reader(reader_, flow_->limits, now);
  if (judgement.verdict == reader_verdict::drop) {
    end_soon(judgement.reason);
    return;
  }
  set_holding_gate(judgement.verdict == reader_verdict::behind);
}

void line_connection::set_holding_gate(bool holding) {
  if (holding == holding_gate_ || flow_ == nullptr) return;
  holding_gate_ = holding;
  if (holding) {
    flow_->gate.hold();
  } else {
    flow_->gate.release();
  }
}

// ---- ending ----

void line_connection::end_soon(std::string why) {
  // Not now: the owner may be walking its peers to deliver a line, and on_closed makes it
  // forget this one.
  dropping_ = true;
  set_holding_gate(false);
  asio::post(executor_, [self = shared_from_this(), why = std::move(why)] { self->end(why); });
}

void line_connection::drop_with(std::string_view last_line, std::string why) {
  close_with(last_line);
  asio::post(executor_, [self = shared_from_this(), why = std::move(why)] {
    self->handlers_.on_closed(why);
  });
}

void line_connection::close_with(std::string_view last_line) {
  if (closed_ || closing_) return;
  closing_ = true;
  set_holding_gate(false);
  budget_timer_.cancel();
  if (!dropping_) {
    if (trace_ != nullptr) trace_sent(last_line);
    // The last line may go past the queue bound: it is the last.
    queued_bytes_ += last_line.size();
    queue_.push_back(std::make_shared<const std::string>(last_line));
  }
  if (dropping_) {
    close();
    return;
  }
  if (!awaiting_writable_) write_now();
  if (closed_) return;
  linger_timer_.expires_after(linger_time);
  linger_timer_.async_wait([self = shared_from_this()](asio::error_code error) {
    if (!error) self->close();
  });
  // The peer's hang-up is still read, to see it go.
  if (!awaiting_input_) wait_for_input();
}

void line_connection::finish_with(std::string_view last_line, std::chrono::milliseconds wait) {
  if (closed_ || closing_ || finishing_) return;
  deliver(std::make_shared<const std::string>(last_line));
  if (closed_ || dropping_) return;
  finishing_ = true;
  if (!awaiting_writable_) write_now();
  linger_timer_.expires_after(wait);
  linger_timer_.async_wait([self = shared_from_this()](asio::error_code error) {
    if (!error) self->end("no answer");
  });
}

void line_connection::trace_sent(std::string_view lines) {
  // A room relays the lines of one read as one buffer; the trace shows them one by one.
  while (!lines.empty()) {
    const std::size_t end = std::min(lines.find('\n'), lines.size() - 1);
    const std::string_view wire = lines.substr(0, end + 1);
    std::string_view line = wire;
    if (line.ends_with('\n')) line.remove_suffix(1);
    if (line.ends_with('\r')) line.remove_suffix(1);
    trace_line(traffic_direction::sent, line, wire);
    lines.remove_prefix(end + 1);
  }
}

void line_connection::trace_line(traffic_direction direction, std::string_view line, std::string_view wire) {
  const bool received = direction == traffic_direction::received;
  const std::string& from = received ? trace_remote_ : trace_local_;
  const std::string& to = received ? trace_local_ : trace_remote_;
  if (trace_secret_ && trace_secret_(line)) {
    trace_->record_withheld(direction, from, to, wire.size(), trace_secret_why_);
  } else {
    trace_->record(direction, from, to, wire);
  }
}

void line_connection::close() {
  if (closed_) return;
  closed_ = true;
  set_holding_gate(false);
  linger_timer_.cancel();
  budget_timer_.cancel();
  quiet_timer_.cancel();
  // The queue stays until the connection goes: a write in flight points into it.
  stream_->close();
}

void line_connection::end(std::string_view why) {
  if (closed_) return;
  const bool owner_knows = closing_;
  close();
  if (!owner_knows) handlers_.on_closed(why);
}

}  // namespace udpchat
