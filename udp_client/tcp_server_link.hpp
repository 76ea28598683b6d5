#pragma once

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <memory>

#include "chat_link.hpp"
#include "line_connection.hpp"

namespace udpchat {

// A TCP connection to a chat room or a help desk: one message per line.
class tcp_server_link final : public chat_link {
 public:
  // Connects, giving up after `timeout`; throws std::system_error when it cannot.
  tcp_server_link(asio::io_context& io, const asio::ip::tcp::endpoint& server,
                  std::chrono::milliseconds timeout);

  void start(handlers callbacks) override;
  void send(std::string_view message) override;
  void leave() override;
  std::string local_address() const override { return local_address_; }
  std::size_t max_message_bytes() const override;
  std::size_t backlog_bytes() const override;

 private:
  std::shared_ptr<line_connection> connection_;
  std::string local_address_;
};

}  // namespace udpchat
