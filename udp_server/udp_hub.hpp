#pragma once

#include <asio/io_context.hpp>
#include <asio/ip/udp.hpp>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "log_text.hpp"
#include "member_table.hpp"

namespace udpchat {

// The UDP hub: an address becomes a member the first time it sends; each message is relayed
// as <sender>____<text> to every other member; "quit" removes the sender and the others are told.
// All of it runs on the io_context's one thread.
class udp_hub {
 public:
  udp_hub(asio::io_context& io, const asio::ip::udp::endpoint& listen_on, log_sink log);

  asio::ip::udp::endpoint local_endpoint() const { return socket_.local_endpoint(); }
  void start();
  // Tells every member the hub is closing, then releases the socket. Safe to call twice.
  void close();
  // For the console's `who`: the member count, then one line per member, oldest first.
  std::vector<std::string> who_report() const;

 private:
  void do_receive();
  void handle_datagram(std::string_view datagram);
  void relay(const member& sender, std::string_view text);
  void depart(const member& leaving);
  void send_to_all_but(const asio::ip::udp::endpoint& except, std::string datagram);
  void send(std::shared_ptr<const std::string> datagram, const asio::ip::udp::endpoint& to);

  asio::ip::udp::socket socket_;
  asio::ip::udp::endpoint sender_;
  // One byte more than the largest UDP payload over IPv6, so nothing is ever cut.
  std::vector<char> receive_buffer_ = std::vector<char>(65536);
  member_table members_;
  log_sink log_;
  bool closed_ = false;
};

}  // namespace udpchat
