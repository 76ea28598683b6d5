// SPDX-License-Identifier: GPL-3.0-or-later
#include "server_finder.hpp"

#include <asio/ip/multicast.hpp>
#include <asio/ip/v6_only.hpp>
#include <random>

#include "endpoint_text.hpp"
#include "traffic_trace.hpp"
#include "udp_socket_options.hpp"

namespace udpchat {
namespace {

using asio::ip::udp;

discovery_nonce random_nonce() {
  std::random_device random;
  discovery_nonce nonce{};
  for (auto& byte : nonce) byte = static_cast<std::uint8_t>(random() & 0xffU);
  return nonce;
}

}  // namespace

server_finder::server_finder(asio::io_context& io, wanted_kind want, traffic_trace* trace)
    : timer_{io}, trace_{trace}, want_{want}, nonce_{random_nonce()} {
  probe_ = encode_probe(discovery_probe{want, nonce_});
  open(v4_, udp::v4());
  open(v6_, udp::v6());
}

void server_finder::open(receiver& side, const asio::ip::udp& family) {
  asio::error_code error;
  udp::socket socket{timer_.get_executor()};
  socket.open(family, error);
  if (error) return;
  if (family == udp::v6()) socket.set_option(asio::ip::v6_only{true}, error);
  socket.bind(udp::endpoint{family, 0}, error);
  if (error) return;
  if (family == udp::v4()) {
    socket.set_option(udp::socket::broadcast{true}, error);
  }
  // Probes stay on the link (routers do not forward them), and servers on this host hear them.
  socket.set_option(asio::ip::multicast::hops{1}, error);
  socket.set_option(asio::ip::multicast::enable_loopback{true}, error);
  // The unicast probe to loopback (Windows) may find nobody; that must not fail the receive.
  ignore_unreachable_reports(socket);
  side.local = endpoint_text(socket.local_endpoint(error));
  side.socket.emplace(std::move(socket));
}

void server_finder::start(std::vector<probe_target> targets, std::function<void(std::vector<found_server>)> done) {
  targets_ = std::move(targets);
  done_ = std::move(done);
  started_ = std::chrono::steady_clock::now();
  if (v4_.socket) do_receive(v4_);
  if (v6_.socket) do_receive(v6_);
  send_probes();
  timer_.expires_at(started_ + resend_after);
  timer_.async_wait([this](asio::error_code error) {
    if (error) return;
    send_probes();
    timer_.expires_at(started_ + listen_for);
    timer_.async_wait([this](asio::error_code late) {
      if (!late) finish();
    });
  });
}

void server_finder::send_probes() {
  for (const probe_target& target : targets_) {
    receiver& side = target.address.is_v4() ? v4_ : v6_;
    if (!side.socket) continue;
    asio::error_code error;
    if (target.multicast_interface) {
      side.socket->set_option(asio::ip::multicast::outbound_interface{*target.multicast_interface}, error);
      if (error) continue;
    }
    const udp::endpoint to{target.address, discovery_port};
    // A probe is small and goes out at once or not at all: no reason to wait for the socket.
    side.socket->send_to(asio::buffer(probe_), to, 0, error);
    if (!error && trace_ != nullptr) {
      trace_->record(traffic_direction::sent, side.local, endpoint_text(to), probe_);
    }
  }
}

void server_finder::do_receive(receiver& side) {
  side.socket->async_receive_from(
      asio::buffer(side.buffer), side.source, [this, &side](asio::error_code error, std::size_t size) {
        if (error == asio::error::operation_aborted || !side.socket || !side.socket->is_open()) return;
        if (!error) {
          const std::string_view datagram{side.buffer.data(), size};
          if (trace_ != nullptr) {
            trace_->record(traffic_direction::received, endpoint_text(side.source), side.local, datagram);
          }
          // An answer of a kind the probe did not ask for (from a server that does not keep to
          // the protocol) would send a UDP terminal to a TCP port: passed over like any other.
          auto answer = decode_answer(datagram);
          if (answer && answer->nonce == nonce_ && kind_wanted(want_, answer->kind)) {
            add_found_server(found_, side.source.address(), std::move(*answer));
          }
        }
        do_receive(side);
      });
}

void server_finder::finish() {
  for (receiver* side : {&v4_, &v6_}) {
    if (!side->socket) continue;
    asio::error_code ignored;
    side->socket->close(ignored);
  }
  auto done = std::move(done_);
  done(std::move(found_));
}

}  // namespace udpchat
