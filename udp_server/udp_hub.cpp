#include "udp_hub.hpp"

#include <asio/buffer.hpp>
#include <asio/ip/v6_only.hpp>
#include <chrono>

#include "log_text.hpp"
#include "udpchat/datagram_codec.hpp"
#include "udpchat/terminal_safe.hpp"

namespace udpchat {

using asio::ip::udp;

udp_hub::udp_hub(asio::io_context& io, const udp::endpoint& listen_on, log_sink log)
    : socket_{io}, log_{std::move(log)} {
  socket_.open(listen_on.protocol());
  if (listen_on.address().is_v6()) {
    // On "::" serve IPv4 and IPv6 members together, whatever the system default.
    socket_.set_option(asio::ip::v6_only{false});
  }
  socket_.bind(listen_on);
}

void udp_hub::start() { do_receive(); }

void udp_hub::do_receive() {
  socket_.async_receive_from(
      asio::buffer(receive_buffer_), sender_, [this](asio::error_code error, std::size_t size) {
        if (error == asio::error::operation_aborted || closed_) {
          return;
        }
        // Any other receive error (an ICMP report for an earlier send, say) concerns one peer,
        // never the hub: carry on.
        if (!error) {
          handle_datagram(std::string_view{receive_buffer_.data(), size});
        }
        do_receive();
      });
}

void udp_hub::handle_datagram(std::string_view datagram) {
  const inbound_datagram inbound = classify_inbound(datagram);
  member* sender = members_.find(sender_);
  if (inbound.kind == inbound_kind::quit) {
    // Only a member can leave: a stray or spoofed "quit" announces nothing.
    if (sender != nullptr) depart(*sender);
    return;
  }
  if (sender == nullptr) {
    sender = &members_.add(sender_);
    log_(sender->address + " joined, " + counted(members_.size(), "member") + " now");
  }
  sender->last_heard = std::chrono::steady_clock::now();
  if (inbound.kind == inbound_kind::message) {
    relay(*sender, inbound.text);
  }
}

void udp_hub::relay(const member& sender, std::string_view text) {
  const std::string relay_text = make_relay_text(text);
  const std::size_t room_for_text = max_udp_payload - sender.relay_prefix.size();
  if (relay_text.size() > room_for_text) {
    log_(sender.address + " sent " + std::to_string(relay_text.size()) +
             " bytes, too long to relay");
    const std::string reason = "error: message not relayed: it is " +
                               std::to_string(relay_text.size()) + " bytes and at most " +
                               std::to_string(room_for_text) + " fit in one datagram";
    send(std::make_shared<const std::string>(encode_relay(hub_sender, reason)), sender_);
    return;
  }
  log_(sender.address + " said: " + log_excerpt(relay_text));
  std::string datagram;
  datagram.reserve(sender.relay_prefix.size() + relay_text.size());
  datagram.append(sender.relay_prefix).append(relay_text);
  send_to_all_but(sender_, std::move(datagram));
}

void udp_hub::depart(const member& leaving) {
  const udp::endpoint from = sender_;
  std::string datagram = encode_departure(leaving.address, "left");
  const std::string address = leaving.address;
  members_.remove(from);
  log_(address + " left, " + counted(members_.size(), "member") + " now");
  send_to_all_but(from, std::move(datagram));
}

void udp_hub::send_to_all_but(const udp::endpoint& except, std::string datagram) {
  // One immutable copy of the bytes, shared by every pending send.
  const auto shared = std::make_shared<const std::string>(std::move(datagram));
  for (const auto& [to, unused] : members_.all()) {
    if (to != except) send(shared, to);
  }
}

void udp_hub::send(std::shared_ptr<const std::string> datagram, const udp::endpoint& to) {
  const asio::const_buffer bytes = asio::buffer(*datagram);
  socket_.async_send_to(bytes, to, [keep_alive = std::move(datagram)](asio::error_code,
                                                                      std::size_t) {
    // A failed send concerns one member; UDP promises no delivery, so there is nothing to redo.
  });
}

void udp_hub::close() {
  if (closed_) return;
  closed_ = true;
  const std::string closing = encode_departure(hub_sender, "closing");
  for (const auto& [to, unused] : members_.all()) {
    asio::error_code ignored;
    socket_.send_to(asio::buffer(closing), to, 0, ignored);
  }
  log_("closing, told " + counted(members_.size(), "member"));
  asio::error_code ignored;
  socket_.close(ignored);
}

std::vector<std::string> udp_hub::who_report() const {
  std::vector<std::string> lines{counted(members_.size(), "member")};
  const auto now = std::chrono::steady_clock::now();
  for (const member* each : members_.in_join_order()) {
    const auto idle = std::chrono::duration_cast<std::chrono::seconds>(now - each->last_heard);
    lines.push_back("  " + each->address + "  joined " + clock_time(each->joined_at) + "  idle " +
                    std::to_string(idle.count()) + "s");
  }
  return lines;
}

}  // namespace udpchat
