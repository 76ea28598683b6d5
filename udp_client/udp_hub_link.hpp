#pragma once

#include <asio/io_context.hpp>
#include <asio/ip/udp.hpp>
#include <functional>
#include <string_view>
#include <vector>

namespace udpchat {

// The terminal's UDP socket, connected to one hub: only the hub's datagrams are received, and
// a hub that is not there shows up as a "connection refused" error instead of silence.
class udp_hub_link {
 public:
  struct handlers {
    std::function<void(std::string_view datagram)> on_datagram;
    std::function<void()> on_hub_unreachable;
  };

  udp_hub_link(asio::io_context& io, const asio::ip::udp::endpoint& hub, handlers callbacks);

  asio::ip::udp::endpoint local_endpoint() const { return socket_.local_endpoint(); }
  // Starts receiving and makes this terminal a member at once (an empty datagram), so it sees
  // the conversation before it says anything.
  void start();
  void send(std::string_view datagram);
  void close();

 private:
  void do_receive();

  asio::ip::udp::socket socket_;
  handlers handlers_;
  std::vector<char> receive_buffer_ = std::vector<char>(65536);
};

}  // namespace udpchat
