// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

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
  // The longest message that can be sent.
  virtual std::size_t max_message_bytes() const = 0;
  // Bytes accepted by send() that have not gone out yet: input is paused while this is large.
  virtual std::size_t backlog_bytes() const = 0;
};

}  // namespace udpchat
