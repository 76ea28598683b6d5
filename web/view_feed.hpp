// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "event_ring.hpp"

namespace udpchat::web {

struct traffic_count {
  std::uint64_t datagrams = 0;
  std::uint64_t bytes = 0;
};

// A member as the page lists it; times in milliseconds (epoch, or a span).
struct member_row {
  std::string addr;
  std::string name;
  std::int64_t joined_ms = 0;
  std::int64_t idle_ms = 0;   // since its last message or command
  std::int64_t heard_ms = 0;  // since anything from it
  traffic_count in;
  traffic_count out;
  bool paused = false;
};

struct gone_row {
  std::string addr;
  std::string name;
  std::int64_t joined_ms = 0;
  std::int64_t gone_ms = 0;
  std::string why;
  traffic_count in;
  traffic_count out;
};

struct members_snapshot {
  std::int64_t now_ms = 0;
  std::vector<member_row> members;  // in join order
  std::size_t more = 0;             // members past those listed
  std::vector<gone_row> gone;       // newest first
};

// Datagrams in and out during one second.
struct rate_second {
  std::int64_t t_ms = 0;  // the second's start, epoch milliseconds
  std::uint64_t in = 0;
  std::uint64_t out = 0;
  // Of `in`, the members' messages the hub relayed: what fans out, M−1 times each. Keepalives,
  // commands and messages over a limit are in `in` but not here.
  std::uint64_t messages = 0;
  std::size_t members = 0;
};

// The network simulator's settings, as the page shows them.
struct view_conditions {
  double loss = 0;       // percent
  std::uint32_t delay_ms = 0;
  std::uint32_t jitter_ms = 0;
  double duplicate = 0;  // percent
  double reorder = 0;    // percent
  std::uint64_t seed = 0;
};

// What the events are: UDP datagrams (the hub), or lines in TCP streams (the TCP room). The
// page names them after it, and an opened one gets IP and UDP headers only over UDP.
enum class view_transport { udp, tcp };

// What the page's hello says of the hub; fixed for a run.
struct hub_identity {
  std::string program;
  std::string version;
  std::string hub;  // the hub's listening address, ip:port
  std::int64_t started_ms = 0;
  view_transport transport = view_transport::udp;
};

// The one hand-over between the hub's thread and the HTTP server's threads. The hub's thread
// must never wait for a browser, and the HTTP side must never touch the hub's state, so all
// they share is this: the ring of recent events and the latest once-a-second snapshots, behind
// one mutex. The hub takes the lock once per wake-up that had traffic (publish_events) and once
// a second (publish_second); a viewer takes it to copy pointers out, at most about ten times a
// second, and formats its JSON after letting go. No one does I/O or formats while holding it.
class view_feed {
 public:
  static constexpr std::size_t rates_kept = 60;

  view_feed(hub_identity identity, std::size_t ring_events, std::size_t ring_bytes);

  hub_identity identity() const;
  // The hub's address, once it listens (the server may be up before it).
  void set_hub_address(std::string address);
  std::size_t ring_capacity() const { return ring_capacity_; }

  // The hub's side.
  void publish_events(std::shared_ptr<const event_batch> batch);
  void publish_second(std::shared_ptr<const members_snapshot> members, const rate_second& rates);
  void publish_conditions(const view_conditions& conditions);
  // Wakes every viewer to end its stream (the server is stopping).
  void stop();

  // A viewer's side: everything it reads is taken in one locked copy.
  struct view {
    std::vector<event_slice> events;
    std::uint64_t missed = 0;     // events that left the ring before this viewer read them
    std::uint64_t next_seq = 0;   // where the viewer goes on
    std::shared_ptr<const members_snapshot> members;  // set when new since `seen_second`
    std::vector<rate_second> rates;                   // the seconds since `seen_second`
    std::uint64_t second = 0;
    std::optional<view_conditions> conditions;  // set when changed since `seen_conditions`
    std::uint64_t conditions_version = 0;
    bool stopping = false;
  };
  struct cursor {
    std::uint64_t next_seq = 0;  // 0: from the oldest event the ring holds
    std::uint64_t second = 0;
    std::uint64_t conditions_version = 0;
    bool started = false;  // false: the first read, with the whole rate history
  };
  // Waits until there is something new for `at` (events only once `events_from` has come),
  // or until `until`; then takes at most `limit` events and whatever else is new. With
  // `skip_behind`, a viewer with more than `limit` events waiting skips to the newest `limit`
  // of them (it could not draw them all at its pace anyway), and is told how many it missed.
  view wait_and_read(const cursor& at, std::chrono::steady_clock::time_point events_from,
                     std::chrono::steady_clock::time_point until, std::size_t limit, bool skip_behind);
  // The event `seq`, if the ring still holds it.
  event_slice find(std::uint64_t seq) const;
  view_conditions conditions() const;

 private:
  const std::size_t ring_capacity_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  // Guarded by mutex_:
  hub_identity identity_;
  event_ring ring_;
  std::shared_ptr<const members_snapshot> members_;
  std::deque<rate_second> rates_;
  std::uint64_t second_ = 0;
  view_conditions conditions_;
  std::uint64_t conditions_version_ = 1;
  // Viewers waiting for events right now: the hub wakes them only if there are any, so a
  // busy hub makes no system call per wake-up for viewers that cannot take more yet.
  std::size_t waiting_for_events_ = 0;
  bool stopping_ = false;
};

}  // namespace udpchat::web
