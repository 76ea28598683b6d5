// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace udpchat {

// The terminal's connection to a chat server, over UDP (a hub) or TCP (a room or a desk).
// Every message in either direction has the same format (udpchat/datagram_codec.hpp).
class chat_link {
 public:
  struct handlers {
    std::function<void(std::string_view message)> on_message;  // a datagram or a line
    std::function<void(std::string_view notice)> on_notice;    // the link's own news, one line
    std::function<void()> on_closed;                           // the server ended the chat
    std::function<void()> on_sent;  // some of the backlog went out (TCP)
  };

  virtual ~chat_link() = default;
  virtual void start(handlers callbacks) = 0;
  virtual void send(std::string_view message) = 0;
  // Says quit to the server and closes.
  virtual void leave() = 0;
  virtual std::string local_address() const = 0;
  // The server's address in use (of those its name stands for, the one that answered).
  virtual std::string server_address() const = 0;
  // The longest message that can be sent.
  virtual std::size_t max_message_bytes() const = 0;
  // Bytes accepted by send() that have not gone out yet: input is paused while this is large.
  virtual std::size_t backlog_bytes() const = 0;
  // Whether input should pause now / may resume now, judged by what waits to be sent: by bytes
  // by default (pause_input_above, resume_input_below), a link that paces whole messages
  // judges by their count.
  virtual bool input_should_pause() const { return backlog_bytes() > pause_input_above; }
  virtual bool input_may_resume() const { return backlog_bytes() < resume_input_below; }

  // What send() took that is known not to have reached the server, for the end of a chat.
  struct undelivered {
    std::vector<std::string> lines;  // never sent or never confirmed, oldest first
    std::size_t dropped_by_server = 0;  // the server said it did not relay this many
    bool server_dropped_some = false;   // it said it dropped some, without saying how many
    bool none() const { return lines.empty() && dropped_by_server == 0 && !server_dropped_some; }
  };
  // At the end of input: calls `done` once what was sent has been delivered (or confirmed by
  // the server) and its notices about it had time to arrive, or once the link has given up
  // waiting (a bounded time, see the link). By default at once.
  virtual void finish_sending(std::function<void()> done) { done(); }
  virtual undelivered what_was_lost() const { return {}; }
  // Why the server turned down what the link came for (a desk refusing an agent's login), as a
  // line for standard error; empty when it did not. Read once the chat has ended.
  virtual std::string refusal() const { return {}; }

  // Piped input can arrive faster than a server takes it: past this backlog input stops until
  // it is below resume_input_below, so nothing is dropped and memory stays bounded.
  static constexpr std::size_t pause_input_above = 1024 * 1024;
  static constexpr std::size_t resume_input_below = 256 * 1024;
};

}  // namespace udpchat
