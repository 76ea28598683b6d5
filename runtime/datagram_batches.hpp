// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Many datagrams at a time on a non-blocking UDP socket: plain socket calls on the hub's
// socket, while waiting for readiness stays with asio. Linux takes a batch in one system call
// (recvmmsg(2), sendmmsg(2)); elsewhere each datagram is one call. The system's own message
// headers live in the implementation file of each platform (system_headers).

#include <asio/ip/address.hpp>
#include <asio/ip/udp.hpp>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace udpchat {

// The system's handle of a UDP socket: a descriptor on POSIX, a SOCKET on Windows.
using datagram_socket_handle = asio::ip::udp::socket::native_handle_type;

// Receives up to `slots` datagrams per call, each whole (up to 64 KiB).
class receive_batch {
 public:
  explicit receive_batch(std::size_t slots);
  ~receive_batch();
  receive_batch(receive_batch&&) noexcept;
  receive_batch& operator=(receive_batch&&) noexcept;

  // Takes what is waiting on `socket` without blocking: the number of datagrams (0 when none
  // is waiting). A failure other than "nothing waiting" is reported through `error`; it ends
  // the batch, and the datagrams taken before it are still counted.
  std::size_t receive(datagram_socket_handle socket, std::error_code& error);
  std::string_view datagram(std::size_t i) const;
  asio::ip::udp::endpoint sender(std::size_t i) const;

  // From now on, also takes each datagram's destination address, where the system reports it
  // (the caller turns it on with report_arrival_addresses, arrival_address.hpp). Without this
  // call the receive asks the system for no control messages at all.
  void take_destinations();
  // The address datagram i was sent to, or the unspecified address if the system did not say.
  asio::ip::address destination(std::size_t i) const;

 private:
  struct system_headers;  // per platform: the system's headers and sender addresses, per slot
  static constexpr std::size_t slot_bytes = 65536;  // more than any UDP payload, so nothing is cut
  std::size_t slots_;
  // Left uninitialised on purpose: a page is only made resident when a datagram reaches it.
  std::unique_ptr<char[]> buffers_;
  std::unique_ptr<system_headers> headers_;
};

// Datagrams queued for sending, sent together. The bytes of each distinct datagram are copied
// once into the batch and shared by all its destinations.
class send_batch {
 public:
  struct payload {
    std::size_t offset;
    std::size_t size;
  };

  send_batch();
  ~send_batch();
  send_batch(send_batch&&) noexcept;
  send_batch& operator=(send_batch&&) noexcept;

  // Appends `bytes` as a new datagram; `bytes` may not point into the batch itself.
  payload add_payload(std::string_view bytes);
  // Appends a datagram made by `write`, which is given the batch's byte string and may only
  // append to it (or resize it past its current end).
  template <typename Write>
  payload add_written_payload(Write write) {
    const std::size_t offset = bytes_.size();
    write(bytes_);
    return {offset, bytes_.size() - offset};
  }
  // Drops the most recent payload again (it turned out too long to send).
  void drop_last_payload(payload last) { bytes_.resize(last.offset); }
  // Queues `datagram` for `to`, to leave from the local address `from` (the one `to` sent to,
  // so that a peer's connected socket takes the reply); an unspecified `from` leaves the choice
  // to the system.
  void send(payload datagram, const asio::ip::udp::endpoint& to, const asio::ip::address& from);
  // Queues `datagram` for `to`, the system choosing its source. Inline: a fan-out calls it once
  // per member, and a hub bound to one address never gives a source.
  void send(payload datagram, const asio::ip::udp::endpoint& to) {
    if (!sources_.empty()) sources_.emplace_back();
    queue_.push_back({to, static_cast<std::uint32_t>(datagram.offset), static_cast<std::uint32_t>(datagram.size)});
  }
  // The bytes of a payload, valid until the next add_payload.
  std::string_view view(payload datagram) const {
    return std::string_view{bytes_}.substr(datagram.offset, datagram.size);
  }

  // Sends what is queued on the non-blocking `socket`. Returns false when the socket's buffer
  // is full: the rest stays queued for the next call. A datagram the system refuses for its
  // destination is skipped.
  bool flush(datagram_socket_handle socket);
  // Datagrams queued and not sent yet.
  std::size_t queued() const { return queue_.size() - next_; }

  // Called with each datagram the system took for sending, its destination and the source it
  // was given (unspecified: the system's choice); by default none is.
  using sent_observer = std::function<void(std::string_view datagram, const asio::ip::udp::endpoint& to,
                                           const asio::ip::address& from)>;
  void observe_sent(sent_observer observer) { on_sent_ = std::move(observer); }

 private:
  struct system_headers;  // per platform: what one call hands the system
  // The system took `count` datagrams from the first not sent yet: they are told to the
  // observer and counted as sent.
  void sent(std::size_t count);
  // Everything was sent: starts empty again, keeping a reasonable capacity.
  void clear_sent();

  // One per destination, 36 bytes: a fan-out queues one per member, and a burst of joins
  // queues a thousand or two, whose capacity the batch keeps.
  struct queued_datagram {
    asio::ip::udp::endpoint to;
    std::uint32_t offset;  // into bytes_, which stays far below 4 GiB (clear_sent)
    std::uint32_t size;
  };
  // The queue's room from the start (36 KiB, made resident only as it is used): grown by
  // doubling from nothing instead, it would leave ten smaller copies freed behind it in the
  // heap on its way to a thousand.
  static constexpr std::size_t queue_reserved = 1024;
  // The source given to queued datagram `i`, unspecified when none was.
  asio::ip::address source(std::size_t i) const { return i < sources_.size() ? sources_[i] : asio::ip::address{}; }

  std::string bytes_;
  std::vector<queued_datagram> queue_;
  // One per destination from the first datagram given a source on, unspecified before it; empty
  // while none has been. A hub bound to one address never gives one, and pays for no copies.
  std::vector<asio::ip::address> sources_;
  std::size_t next_ = 0;  // the first destination not sent yet
  std::unique_ptr<system_headers> headers_;
  sent_observer on_sent_;
};

}  // namespace udpchat
