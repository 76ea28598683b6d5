#include "udp_hub_link.hpp"

#include <asio/buffer.hpp>

namespace udpchat {

udp_hub_link::udp_hub_link(asio::io_context& io, const asio::ip::udp::endpoint& hub,
                           handlers callbacks)
    : socket_{io}, handlers_{std::move(callbacks)} {
  socket_.connect(hub);
}

void udp_hub_link::start() {
  do_receive();
  send({});
}

void udp_hub_link::send(std::string_view datagram) {
  // A datagram either leaves whole or not at all; a lost one is UDP's to lose, and a hub that is
  // not there is reported by the receive side.
  asio::error_code ignored;
  socket_.send(asio::buffer(datagram.data(), datagram.size()), 0, ignored);
}

void udp_hub_link::close() {
  asio::error_code ignored;
  socket_.close(ignored);
}

void udp_hub_link::do_receive() {
  socket_.async_receive(asio::buffer(receive_buffer_), [this](asio::error_code error,
                                                              std::size_t size) {
    if (error == asio::error::operation_aborted || !socket_.is_open()) return;
    if (error == asio::error::connection_refused) {
      handlers_.on_hub_unreachable();
    } else if (!error) {
      handlers_.on_datagram(std::string_view{receive_buffer_.data(), size});
    }
    do_receive();
  });
}

}  // namespace udpchat
