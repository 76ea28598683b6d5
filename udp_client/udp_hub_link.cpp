#include "udp_hub_link.hpp"

#include <asio/buffer.hpp>

#include "endpoint_text.hpp"
#include "udpchat/datagram_codec.hpp"

namespace udpchat {

udp_hub_link::udp_hub_link(asio::io_context& io, const asio::ip::udp::endpoint& hub)
    : socket_{io}, hub_address_{endpoint_text(hub)} {
  socket_.connect(hub);
}

void udp_hub_link::start(handlers callbacks) {
  handlers_ = std::move(callbacks);
  do_receive();
  send({});
}

void udp_hub_link::send(std::string_view message) {
  // A datagram either leaves whole or not at all; a lost one is UDP's to lose, and a hub that is
  // not there is reported by the receive side.
  asio::error_code ignored;
  socket_.send(asio::buffer(message.data(), message.size()), 0, ignored);
}

void udp_hub_link::leave() {
  send(quit_command);
  asio::error_code ignored;
  socket_.close(ignored);
}

std::string udp_hub_link::local_address() const {
  asio::error_code ignored;
  return endpoint_text(socket_.local_endpoint(ignored));
}

std::size_t udp_hub_link::max_message_bytes() const { return max_udp_payload; }

void udp_hub_link::do_receive() {
  socket_.async_receive(asio::buffer(receive_buffer_), [this](asio::error_code error,
                                                              std::size_t size) {
    if (error == asio::error::operation_aborted || !socket_.is_open()) return;
    if (error == asio::error::connection_refused) {
      // Said once, until the hub is heard from again.
      if (!reported_missing_hub_) handlers_.on_notice("*** no hub is answering at " + hub_address_);
      reported_missing_hub_ = true;
    } else if (!error) {
      reported_missing_hub_ = false;
      handlers_.on_message(std::string_view{receive_buffer_.data(), size});
    }
    do_receive();
  });
}

}  // namespace udpchat
