// SPDX-License-Identifier: GPL-3.0-or-later
#include "discovery_responder.hpp"

#include <asio/ip/multicast.hpp>
#include <asio/ip/v6_only.hpp>

#include <algorithm>
#include <random>
#include <utility>

#include "arrival_address.hpp"
#include "datagram_batches.hpp"
#include "udp_socket_options.hpp"

namespace udpchat {

using asio::ip::udp;

namespace {

// Interfaces come and go (a cable plugged in, a VPN up): how often the list and the group
// memberships are brought up to date.
constexpr std::chrono::seconds refresh_interval{10};
// Datagrams taken per wake-up: a flood of probes then waits its turn behind the server's own work.
constexpr std::size_t receive_slots = 16;
constexpr int batches_per_wakeup = 4;

discovery_nonce random_instance() {
  std::random_device entropy;
  discovery_nonce instance{};
  for (auto& byte : instance) byte = static_cast<std::uint8_t>(entropy());
  return instance;
}

asio::ip::address unmapped(const asio::ip::address& address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6());
  }
  return address;
}

}  // namespace

struct discovery_responder::endpoint_socket {
  explicit endpoint_socket(asio::io_context& io) : socket{io}, incoming{receive_slots} {}

  udp::socket socket;
  receive_batch incoming;
  send_batch outgoing;
  bool waiting_writable = false;
};

discovery_responder::discovery_responder(asio::io_context& io, discovery_identity identity,
                                         std::function<std::uint32_t()> members, log_sink log,
                                         discovery_observer observe)
    : identity_{std::move(identity)},
      instance_{random_instance()},
      members_{std::move(members)},
      log_{std::move(log)},
      observe_{std::move(observe)},
      v4_{std::make_unique<endpoint_socket>(io)},
      v6_{std::make_unique<endpoint_socket>(io)},
      limits_{std::chrono::steady_clock::now()},
      refresh_timer_{io} {}

discovery_responder::~discovery_responder() = default;

bool discovery_responder::open(endpoint_socket& each, const udp::endpoint& at, std::string& why) {
  asio::error_code error;
  each.socket.open(at.protocol(), error);
  if (!error && at.address().is_v6()) each.socket.set_option(asio::ip::v6_only{true}, error);
  if (!error) each.socket.set_option(udp::socket::reuse_address{true}, error);
  if (!error) each.socket.bind(at, error);
  if (!error) each.socket.non_blocking(true, error);
  if (error) {
    if (why.empty()) why = error.message();
    each.socket.close(error);
    return false;
  }
  // An answer to a prober that has gone must not fail the next receive (Windows reports it).
  ignore_unreachable_reports(each.socket);
  // The address each probe was sent to: the group, a broadcast address or one of the host's.
  if (report_arrival_addresses(each.socket.native_handle(), at.address().is_v6())) each.incoming.take_destinations();
  if (observe_) {
    each.outgoing.observe_sent([this](std::string_view datagram, const udp::endpoint& to, const asio::ip::address& from) {
      observe_(traffic_direction::sent, to, {from.is_unspecified() ? source_towards(to.address()) : from, discovery_port},
               datagram);
    });
  }
  return true;
}

bool discovery_responder::start() {
  std::string why;
  const bool v4 = open(*v4_, {asio::ip::address_v4::any(), discovery_port}, why);
  const bool v6 = open(*v6_, {asio::ip::address_v6::any(), discovery_port}, why);
  if (!v4 && !v6) {
    log_("cannot answer discovery on port " + std::to_string(discovery_port) + ": " + why +
         "; serving without discovery");
    return false;
  }
  refresh_interfaces();
  log_("answering discovery on port " + std::to_string(discovery_port) + " as \"" + identity_.name + "\"" +
       (v4 && v6 ? "" : v4 ? " (IPv4 only: " + why + ")" : " (IPv6 only: " + why + ")"));
  if (v4) wait_readable(*v4_);
  if (v6) wait_readable(*v6_);
  return true;
}

void discovery_responder::close() {
  closed_ = true;
  refresh_timer_.cancel();
  asio::error_code ignored;
  v4_->socket.close(ignored);
  v6_->socket.close(ignored);
}

void discovery_responder::refresh_interfaces() {
  interfaces_ = up_interface_addresses();
  join_groups();
  refresh_timer_.expires_after(refresh_interval);
  refresh_timer_.async_wait([this](asio::error_code error) {
    if (!error && !closed_) refresh_interfaces();
  });
}

void discovery_responder::join_groups() {
  // Joining a group an interface is in already fails with "address in use", and an interface
  // may refuse: either way there is nothing to do, so the errors are passed over.
  const auto group_v4 = asio::ip::make_address_v4(discovery_group_v4);
  const auto group_v6 = asio::ip::make_address_v6(discovery_group_v6);
  std::vector<unsigned int> joined_v6;
  for (const auto& each : interfaces_) {
    // Loopback too, though Linux does not mark it multicast: a probe sent to the group through
    // lo reaches the servers of this host.
    if (!each.multicast && !each.loopback) continue;
    asio::error_code ignored;
    if (each.address.is_v4() && v4_->socket.is_open()) {
      v4_->socket.set_option(asio::ip::multicast::join_group{group_v4, each.address.to_v4()}, ignored);
    } else if (each.address.is_v6() && v6_->socket.is_open() &&
               std::find(joined_v6.begin(), joined_v6.end(), each.interface_index) == joined_v6.end()) {
      joined_v6.push_back(each.interface_index);
      v6_->socket.set_option(asio::ip::multicast::join_group{group_v6, each.interface_index}, ignored);
    }
  }
}

void discovery_responder::wait_readable(endpoint_socket& each) {
  each.socket.async_wait(udp::socket::wait_read, [this, &each](asio::error_code error) {
    if (closed_ || error == asio::error::operation_aborted) return;
    receive_some(each);
  });
}

void discovery_responder::receive_some(endpoint_socket& each) {
  for (int batch = 0; batch < batches_per_wakeup; ++batch) {
    std::error_code error;
    const std::size_t count = each.incoming.receive(each.socket.native_handle(), error);
    for (std::size_t i = 0; i < count; ++i) {
      handle_probe(each, each.incoming.datagram(i), each.incoming.sender(i), each.incoming.destination(i));
    }
    // A receive error is the network's news about one datagram, never the end of answering.
    if (count < receive_slots) break;
  }
  flush(each);
  wait_readable(each);
}

void discovery_responder::handle_probe(endpoint_socket& each, std::string_view datagram, const udp::endpoint& from,
                                       const asio::ip::address& to) {
  if (observe_) {
    // Without a report of the address it was sent to (Windows), the wildcard address stands in.
    asio::error_code ignored;
    const asio::ip::address bound = each.socket.local_endpoint(ignored).address();
    observe_(traffic_direction::received, from, {to.is_unspecified() ? bound : to, discovery_port}, datagram);
  }
  if (datagram.size() < discovery_probe_min_bytes || datagram.size() > discovery_probe_max_bytes) return;
  const auto probe = decode_probe(datagram);
  if (!probe || !kind_wanted(probe->want, identity_.kind)) return;
  if (!on_connected_network(from.address(), interfaces_)) return;
  if (limits_.admit(from.address(), probe->nonce, std::chrono::steady_clock::now()) != answer_verdict::answer) return;
  const std::string answer =
      encode_answer({probe->nonce, instance_, identity_.kind, identity_.port, members_(), identity_.name});
  if (answer.size() > datagram.size()) return;
  // Answered from the address the probe was sent to when that is one of the host's own, so a
  // prober that sent to one server's address hears that address; for a group or broadcast
  // address the system chooses.
  const asio::ip::address local = unmapped(to);
  const bool own = std::any_of(interfaces_.begin(), interfaces_.end(),
                               [&](const interface_address& entry) { return entry.address == local; });
  each.outgoing.send(each.outgoing.add_payload(answer), from, own ? to : asio::ip::address{});
}

void discovery_responder::flush(endpoint_socket& each) {
  if (each.outgoing.flush(each.socket.native_handle()) || each.waiting_writable) return;
  // The send buffer is full: what is left goes when there is room. The overall token bucket
  // bounds what can pile up meanwhile.
  each.waiting_writable = true;
  each.socket.async_wait(udp::socket::wait_write, [this, &each](asio::error_code error) {
    each.waiting_writable = false;
    if (closed_ || error == asio::error::operation_aborted) return;
    flush(each);
  });
}

asio::ip::address discovery_responder::source_towards(const asio::ip::address& peer) const {
  const asio::ip::address address = unmapped(peer);
  for (const auto& entry : interfaces_) {
    if (entry.address.is_v4() != address.is_v4()) continue;
    if (address.is_v6() && address.to_v6().is_link_local()) {
      if (entry.address.to_v6().is_link_local() && entry.interface_index == address.to_v6().scope_id()) {
        return entry.address;
      }
    } else if (on_connected_network(address, {entry})) {
      return entry.address;
    }
  }
  return {};
}

}  // namespace udpchat
