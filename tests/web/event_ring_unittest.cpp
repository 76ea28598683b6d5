// SPDX-License-Identifier: GPL-3.0-or-later
// The web view's ring of recent events, and the feed's reading of it: bounded in events and in
// bytes, read across batches, and a viewer behind told what it missed.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "event_ring.hpp"
#include "view_feed.hpp"

namespace udpchat::web {
namespace {

// `count` events from seq `first`, each keeping `bytes_each` bytes.
std::shared_ptr<const event_batch> batch_of(std::uint64_t first, std::size_t count, std::size_t bytes_each = 10) {
  auto batch = std::make_shared<event_batch>();
  for (std::size_t i = 0; i < count; ++i) {
    datagram_event& event = batch->events.emplace_back();
    event.seq = first + i;
    event.bytes_at = static_cast<std::uint32_t>(batch->bytes.size());
    event.kept = static_cast<std::uint32_t>(bytes_each);
    batch->bytes.append(bytes_each, static_cast<char>('a' + i % 26));
  }
  return batch;
}

std::size_t events_in(const std::vector<event_slice>& slices) {
  std::size_t count = 0;
  for (const auto& slice : slices) count += slice.end - slice.begin;
  return count;
}

TEST(EventRingTest, EmptyRingStartsAtOne) {
  const event_ring ring{100, 1000};
  EXPECT_EQ(ring.first_seq(), 1U);
  EXPECT_EQ(ring.next_seq(), 1U);
  EXPECT_EQ(ring.size(), 0U);
  EXPECT_TRUE(ring.read(1, 10).empty());
  EXPECT_FALSE(ring.find(1).batch);
}

TEST(EventRingTest, KeepsAtMostItsCountDroppingTheOldest) {
  event_ring ring{100, 1'000'000};
  for (std::uint64_t first = 1; first <= 250; first += 25) ring.push(batch_of(first, 25));
  EXPECT_EQ(ring.size(), 100U);
  EXPECT_EQ(ring.first_seq(), 151U);
  EXPECT_EQ(ring.next_seq(), 251U);
  EXPECT_FALSE(ring.find(150).batch);
  const auto found = ring.find(151);
  ASSERT_TRUE(found.batch);
  EXPECT_EQ(found.batch->events[found.begin].seq, 151U);
  EXPECT_EQ(ring.find(250).batch->events[ring.find(250).begin].seq, 250U);
  EXPECT_FALSE(ring.find(251).batch);
}

TEST(EventRingTest, KeepsAtMostItsBytesButAlwaysTheNewestBatch) {
  event_ring ring{100'000, 1000};
  for (std::uint64_t first = 1; first <= 100; first += 10) ring.push(batch_of(first, 10, 30));  // 300 bytes each
  EXPECT_EQ(ring.first_seq(), 71U);  // three batches of 300 bytes fit in 1000
  ring.push(batch_of(101, 10, 500));  // 5000 bytes alone
  EXPECT_EQ(ring.first_seq(), 101U);
  EXPECT_EQ(ring.size(), 10U);
}

TEST(EventRingTest, ReadsAcrossBatchesFromAnySeqUpToTheLimit) {
  event_ring ring{1000, 1'000'000};
  ring.push(batch_of(1, 5));
  ring.push(batch_of(6, 5));
  ring.push(batch_of(11, 5));
  const auto slices = ring.read(4, 8);
  EXPECT_EQ(events_in(slices), 8U);
  ASSERT_EQ(slices.size(), 3U);  // 4-5, 6-10, 11
  EXPECT_EQ(slices[0].batch->events[slices[0].begin].seq, 4U);
  EXPECT_EQ(slices[2].batch->events[slices[2].end - 1].seq, 11U);
  EXPECT_EQ(events_in(ring.read(14, 100)), 2U);
  EXPECT_EQ(events_in(ring.read(16, 100)), 0U);
  // From before the oldest held: from the oldest.
  EXPECT_EQ(events_in(ring.read(0, 100)), 15U);
}

TEST(EventRingTest, BytesOfAnEventAreItsOwn) {
  event_ring ring{10, 1000};
  ring.push(batch_of(1, 3, 4));
  const auto found = ring.find(2);
  EXPECT_EQ(found.batch->bytes_of(found.batch->events[found.begin]), "bbbb");
}

using clock = std::chrono::steady_clock;

TEST(ViewFeedTest, FirstReadGetsEverythingThenOnlyWhatIsNew) {
  view_feed feed{{"udpchat-server", "1", "127.0.0.1:8000", 0}, 100, 100'000};
  feed.publish_events(batch_of(1, 30));
  auto view = feed.wait_and_read({}, clock::now(), clock::now(), 500, false);
  EXPECT_EQ(events_in(view.events), 30U);
  EXPECT_EQ(view.next_seq, 31U);
  EXPECT_EQ(view.missed, 0U);
  EXPECT_TRUE(view.conditions.has_value());
  view_feed::cursor at{view.next_seq, view.second, view.conditions_version, true};
  // Nothing new: the wait ends at its deadline with nothing.
  view = feed.wait_and_read(at, clock::now(), clock::now() + std::chrono::milliseconds{20}, 500, true);
  EXPECT_TRUE(view.events.empty());
  EXPECT_FALSE(view.members);
  EXPECT_FALSE(view.conditions.has_value());
}

TEST(ViewFeedTest, ViewerOutrunByTheRingIsToldWhatItMissed) {
  view_feed feed{{"udpchat-server", "1", "127.0.0.1:8000", 0}, 100, 100'000};
  feed.publish_events(batch_of(1, 10));
  view_feed::cursor at{11, 0, 1, true};
  feed.publish_events(batch_of(11, 200));  // the ring keeps 111..210
  const auto view = feed.wait_and_read(at, clock::now(), clock::now(), 500, false);
  EXPECT_EQ(view.missed, 100U);
  EXPECT_EQ(view.events.front().batch->events[view.events.front().begin].seq, 111U);
  EXPECT_EQ(view.next_seq, 211U);
}

TEST(ViewFeedTest, ViewerWithMoreWaitingThanABatchSkipsToTheNewest) {
  view_feed feed{{"udpchat-server", "1", "127.0.0.1:8000", 0}, 10'000, 10'000'000};
  feed.publish_events(batch_of(1, 1200));
  view_feed::cursor at{1, 0, 1, true};
  const auto view = feed.wait_and_read(at, clock::now(), clock::now(), 500, true);
  EXPECT_EQ(view.missed, 700U);
  EXPECT_EQ(events_in(view.events), 500U);
  EXPECT_EQ(view.events.front().batch->events[view.events.front().begin].seq, 701U);
  // Without skipping (catching up at connect) it takes the oldest first.
  const auto catching_up = feed.wait_and_read(at, clock::now(), clock::now(), 500, false);
  EXPECT_EQ(catching_up.missed, 0U);
  EXPECT_EQ(catching_up.next_seq, 501U);
}

TEST(ViewFeedTest, EventsWaitForTheViewersTurnButOtherNewsDoesNot) {
  view_feed feed{{"udpchat-server", "1", "127.0.0.1:8000", 0}, 100, 100'000};
  view_feed::cursor at{1, 0, 1, true};
  feed.publish_events(batch_of(1, 5));
  // Its turn for events is a minute away: the read takes none.
  const auto early = feed.wait_and_read(at, clock::now() + std::chrono::minutes{1},
                                        clock::now() + std::chrono::milliseconds{20}, 500, true);
  EXPECT_TRUE(early.events.empty());
  EXPECT_EQ(early.next_seq, 1U);
  feed.publish_second(std::make_shared<members_snapshot>(), rate_second{1000, 5, 4, 2});
  const auto second = feed.wait_and_read(at, clock::now() + std::chrono::minutes{1}, clock::now() + std::chrono::minutes{1},
                                         500, true);
  ASSERT_TRUE(second.members);
  ASSERT_EQ(second.rates.size(), 1U);
  EXPECT_EQ(second.rates[0].out, 4U);
}

TEST(ViewFeedTest, StopEndsAWait) {
  view_feed feed{{"udpchat-server", "1", "127.0.0.1:8000", 0}, 100, 100'000};
  feed.stop();
  const auto view = feed.wait_and_read({0, 0, 1, true}, clock::now(), clock::now() + std::chrono::minutes{1}, 500, true);
  EXPECT_TRUE(view.stopping);
}

}  // namespace
}  // namespace udpchat::web
