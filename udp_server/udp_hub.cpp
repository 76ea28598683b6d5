#include "udp_hub.hpp"

#include <poll.h>

#include <asio/ip/v6_only.hpp>

#include "endpoint_text.hpp"
#include "udpchat/datagram_codec.hpp"
#include "udpchat/terminal_safe.hpp"

namespace udpchat {

using asio::ip::udp;

namespace {

constexpr std::size_t datagrams_per_call = 64;
// Queued datagrams that trigger a send: one sendmmsg's worth (UIO_MAXIOV).
constexpr std::size_t send_at_queued = 1024;
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
  const int fd = socket_.native_handle();
  for (int call = 0; call < calls_per_wakeup; ++call) {
    if (next_datagram_ == received_) {
      std::error_code error;
      // A receive error (an ICMP report for an earlier send, say) concerns one peer, never the
      // hub: it is passed over like an empty batch.
      received_ = incoming_.receive(fd, error);
      next_datagram_ = 0;
      if (received_ == 0) break;
      batch_time_ = std::chrono::steady_clock::now();
    }
    while (next_datagram_ < received_) {
      const std::size_t i = next_datagram_++;
      handle_datagram(incoming_.sender(i), incoming_.datagram(i));
      // Sending as the queue fills keeps it, and the hub's memory, small whatever the fan-out.
      if (outgoing_.queued() >= send_at_queued && !outgoing_.flush(fd)) {
        wait_for_room();
        return;
      }
    }
    if (received_ < datagrams_per_call) break;  // the socket had no more waiting
  }
  if (!outgoing_.flush(fd)) {
    wait_for_room();
    return;
  }
  do_wait_readable();
}

void udp_hub::wait_for_room() {
  // The socket's send buffer is full: nothing more is taken in until it has room.
  socket_.async_wait(udp::socket::wait_write, [this](asio::error_code error) {
    if (error || closed_) return;
    if (outgoing_.flush(socket_.native_handle())) {
      receive_some();
    } else {
      wait_for_room();
    }
  });
}

void udp_hub::handle_datagram(const udp::endpoint& from, std::string_view datagram) {
  const inbound_datagram inbound = classify_inbound(datagram);
  member* sender = members_.find(from);
  if (inbound.kind == inbound_kind::quit) {
    // Only a member can leave: a stray or spoofed "quit" announces nothing.
    if (sender != nullptr) depart(from);
    return;
  }
  if (sender == nullptr) {
    sender = &members_.add(from, batch_time_);
    log_(endpoint_text(from) + " joined, " + counted(members_.size(), "member") + " now");
  }
  sender->last_heard = batch_time_;
  if (inbound.kind == inbound_kind::message) relay(from, inbound.text);
}

void udp_hub::relay(const udp::endpoint& from, std::string_view text) {
  std::size_t prefix_size = 0;
  const auto datagram = outgoing_.add_written_payload([&](std::string& out) {
    const std::size_t start = out.size();
    out.resize(start + max_endpoint_text);
    out.resize(start + write_endpoint_text(from, out.data() + start));
    out.append(field_separator);
    prefix_size = out.size() - start;
    append_relay_text(out, text);
  });
  const std::string_view address = outgoing_.view(datagram).substr(0, prefix_size - field_separator.size());
  if (datagram.size > max_udp_payload) {
    const std::string sender{address};
    outgoing_.drop_last_payload(datagram);
    const std::size_t text_size = datagram.size - prefix_size;
    const std::size_t room = max_udp_payload - prefix_size;
    log_(sender + " sent " + std::to_string(text_size) + " bytes, too long to relay");
    const std::string reason = "error: message not relayed: it is " + std::to_string(text_size) +
                               " bytes and at most " + std::to_string(room) +
                               " fit in one datagram";
    outgoing_.send(outgoing_.add_payload(encode_relay(hub_sender, reason)), from);
    return;
  }
  if (settings_.log_messages) {
    log_(std::string{address} + " said: " + log_excerpt(outgoing_.view(datagram).substr(prefix_size)));
  }
  send_to_all_but(from, datagram);
}

void udp_hub::depart(const udp::endpoint& from) {
  const std::string address = endpoint_text(from);
  const auto datagram = outgoing_.add_payload(encode_departure(address, "left"));
  members_.remove(from);
  log_(address + " left, " + counted(members_.size(), "member") + " now");
  send_to_all_but(from, datagram);
}

void udp_hub::send_to_all_but(const udp::endpoint& except, send_batch::payload datagram) {
  for (const member& each : members_.all()) {
    if (each.endpoint != except) outgoing_.send(datagram, each.endpoint);
  }
}

void udp_hub::close() {
  if (closed_) return;
  closed_ = true;
  const auto closing = outgoing_.add_payload(encode_departure(hub_sender, "closing"));
  for (const member& each : members_.all()) outgoing_.send(closing, each.endpoint);
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
    lines.push_back("  " + endpoint_text(each->endpoint) + "  joined " + clock_time(each->joined_at) +
                    "  idle " + std::to_string(idle.count()) + "s");
  }
  return lines;
}

}  // namespace udpchat
