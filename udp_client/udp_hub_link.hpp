#pragma once

#include <asio/io_context.hpp>
#include <asio/ip/udp.hpp>
#include <vector>

#include "chat_link.hpp"

namespace udpchat {

// A UDP socket connected to one hub: only the hub's datagrams are received, and a hub that is
// not there shows up as a "connection refused" error instead of silence.
class udp_hub_link final : public chat_link {
 public:
  udp_hub_link(asio::io_context& io, const asio::ip::udp::endpoint& hub);

  // Starts receiving and makes this terminal a member at once (an empty datagram), so it sees
  // the conversation before it says anything.
  void start(handlers callbacks) override;
  void send(std::string_view message) override;
  void leave() override;
  std::string local_address() const override;
  std::size_t max_message_bytes() const override;
  std::size_t backlog_bytes() const override { return 0; }  // a datagram leaves at once or never

 private:
  void do_receive();

  asio::ip::udp::socket socket_;
  std::string hub_address_;
  handlers handlers_;
  std::vector<char> receive_buffer_ = std::vector<char>(65536);
  bool reported_missing_hub_ = false;
};

}  // namespace udpchat
