#pragma once

#include <asio/io_context.hpp>
#include <asio/ip/udp.hpp>
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "datagram_batches.hpp"
#include "log_text.hpp"
#include "member_table.hpp"

namespace udpchat {

// The UDP hub: an address becomes a member the first time it sends; each message is relayed
// as <sender>____<text> to every other member; "quit" removes the sender and the others are told.
// Datagrams come in and go out in batches; the bytes of each relay are built once per message.
// All of it runs on the io_context's one thread.
class udp_hub {
 public:
  struct options {
    bool log_messages = true;  // a log line per message, besides joins and departures
  };

  udp_hub(asio::io_context& io, const asio::ip::udp::endpoint& listen_on, log_sink log,
          options settings);

  asio::ip::udp::endpoint local_endpoint() const { return socket_.local_endpoint(); }
  void start();
  // Tells every member the hub is closing, then releases the socket. Safe to call twice.
  void close();
  // For the console's `who`: the member count, then one line per member, oldest first.
  std::vector<std::string> who_report() const;

 private:
  void do_wait_readable();
  void receive_some();
  // Waits for room in the socket's send buffer, sends, then goes on receiving.
  void wait_for_room();
  void handle_datagram(const asio::ip::udp::endpoint& from, std::string_view datagram);
  void relay(const asio::ip::udp::endpoint& from, std::string_view text);
  void depart(const asio::ip::udp::endpoint& from);
  void send_to_all_but(const asio::ip::udp::endpoint& except, send_batch::payload datagram);

  asio::ip::udp::socket socket_;
  receive_batch incoming_;
  std::size_t received_ = 0;       // datagrams in incoming_
  std::size_t next_datagram_ = 0;  // the first of them not handled yet
  send_batch outgoing_;
  member_table members_;
  log_sink log_;
  options settings_;
  std::chrono::steady_clock::time_point batch_time_;
  char peek_byte_ = 0;
  bool closed_ = false;
};

}  // namespace udpchat
