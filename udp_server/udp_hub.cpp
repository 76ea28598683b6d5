#include "udp_hub.hpp"

#include <poll.h>

#include <asio/ip/v6_only.hpp>

#include "udpchat/datagram_codec.hpp"
#include "udpchat/terminal_safe.hpp"

namespace udpchat {

using asio::ip::udp;

namespace {

constexpr std::size_t datagrams_per_call = 64;
// Batches taken per wake-up before the hub lets the console and signals have a turn.
constexpr int calls_per_wakeup = 16;
// Room for bursts: the system caps these unless the hub may exceed its limits (root).
constexpr int socket_buffer_bytes = 8 * 1024 * 1024;

void enlarge_buffer(int fd, int force_option, int option) {
  if (::setsockopt(fd, SOL_SOCKET, force_option, &socket_buffer_bytes, sizeof socket_buffer_bytes) != 0) {
    ::setsockopt(fd, SOL_SOCKET, option, &socket_buffer_bytes, sizeof socket_buffer_bytes);
  }
}

}  // namespace

udp_hub::udp_hub(asio::io_context& io, const udp::endpoint& listen_on, log_sink log,
                 options settings)
    : socket_{io}, incoming_{datagrams_per_call}, log_{std::move(log)}, settings_{settings} {
  socket_.open(listen_on.protocol());
  if (listen_on.address().is_v6()) {
    // On "::" serve IPv4 and IPv6 members together, whatever the system default.
    socket_.set_option(asio::ip::v6_only{false});
  }
  socket_.bind(listen_on);
  socket_.non_blocking(true);
  enlarge_buffer(socket_.native_handle(), SO_RCVBUFFORCE, SO_RCVBUF);
  enlarge_buffer(socket_.native_handle(), SO_SNDBUFFORCE, SO_SNDBUF);
}

void udp_hub::start() { do_wait_readable(); }

void udp_hub::do_wait_readable() {
  // A zero-byte peek waits like async_wait(wait_read) but, unlike it, does not make asio re-arm
  // the descriptor with epoll_ctl on every wake-up: one system call less per batch.
  socket_.async_receive(asio::buffer(&peek_byte_, 0), udp::socket::message_peek,
                        [this](asio::error_code error, std::size_t) {
                          if (error == asio::error::operation_aborted || closed_) return;
                          // Other errors (an ICMP report for an earlier send) are the next
                          // receive's to clear.
                          receive_some();
                        });
}

void udp_hub::receive_some() {
  for (int call = 0; call < calls_per_wakeup; ++call) {
    std::error_code error;
    const std::size_t count = incoming_.receive(socket_.native_handle(), error);
    // A receive error (an ICMP report for an earlier send, say) concerns one peer, never the
    // hub: it is skipped like an empty batch.
    if (count == 0) break;
    batch_time_ = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < count; ++i) {
      handle_datagram(incoming_.sender(i), incoming_.datagram(i));
    }
    if (count < datagrams_per_call) break;
  }
  send_and_continue();
}

void udp_hub::send_and_continue() {
  if (outgoing_.flush(socket_.native_handle())) {
    do_wait_readable();
    return;
  }
  // The socket's send buffer is full: nothing more is taken in until it has room.
  socket_.async_wait(udp::socket::wait_write, [this](asio::error_code error) {
    if (error || closed_) return;
    send_and_continue();
  });
}

void udp_hub::handle_datagram(const udp::endpoint& from, std::string_view datagram) {
  const inbound_datagram inbound = classify_inbound(datagram);
  member* sender = members_.find(from);
  if (inbound.kind == inbound_kind::quit) {
    // Only a member can leave: a stray or spoofed "quit" announces nothing.
    if (sender != nullptr) depart(from, *sender);
    return;
  }
  if (sender == nullptr) {
    sender = &members_.add(from, batch_time_);
    log_(std::string{sender->address()} + " joined, " + counted(members_.size(), "member") + " now");
  }
  sender->last_heard = batch_time_;
  if (inbound.kind == inbound_kind::message) relay(from, *sender, inbound.text);
}

void udp_hub::relay(const udp::endpoint& from, const member& sender, std::string_view text) {
  const auto datagram = outgoing_.add_payload(
      sender.relay_prefix(), [text](std::string& out) { append_relay_text(out, text); });
  if (datagram.size > max_udp_payload) {
    outgoing_.drop_last_payload(datagram);
    const std::size_t text_size = datagram.size - sender.relay_prefix().size();
    const std::size_t room = max_udp_payload - sender.relay_prefix().size();
    log_(std::string{sender.address()} + " sent " + std::to_string(text_size) +
         " bytes, too long to relay");
    const std::string reason = "error: message not relayed: it is " + std::to_string(text_size) +
                               " bytes and at most " + std::to_string(room) +
                               " fit in one datagram";
    outgoing_.send(outgoing_.add_payload(encode_relay(hub_sender, reason)), from);
    return;
  }
  if (settings_.log_messages) {
    // The relay text sits in the batch just after the prefix: log it from there, no copy.
    log_(std::string{sender.address()} + " said: " +
         log_excerpt(outgoing_.view(datagram).substr(sender.relay_prefix().size())));
  }
  send_to_all_but(from, datagram);
}

void udp_hub::depart(const udp::endpoint& from, const member& leaving) {
  const std::string address{leaving.address()};
  const auto datagram = outgoing_.add_payload(encode_departure(address, "left"));
  members_.remove(from);
  log_(address + " left, " + counted(members_.size(), "member") + " now");
  send_to_all_but(from, datagram);
}

void udp_hub::send_to_all_but(const udp::endpoint& except, send_batch::payload datagram) {
  for (const auto& [to, unused] : members_.all()) {
    if (to != except) outgoing_.send(datagram, to);
  }
}

void udp_hub::close() {
  if (closed_) return;
  closed_ = true;
  const auto closing = outgoing_.add_payload(encode_departure(hub_sender, "closing"));
  for (const auto& [to, unused] : members_.all()) outgoing_.send(closing, to);
  // Shutting down: wait a little for room in the send buffer, but never long.
  for (int tries = 0; tries < 10 && !outgoing_.flush(socket_.native_handle()); ++tries) {
    pollfd writable{socket_.native_handle(), POLLOUT, 0};
    ::poll(&writable, 1, 20);
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
    lines.push_back("  " + std::string{each->address()} + "  joined " + clock_time(each->joined_at) +
                    "  idle " + std::to_string(idle.count()) + "s");
  }
  return lines;
}

}  // namespace udpchat
