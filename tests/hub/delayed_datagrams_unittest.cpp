// SPDX-License-Identifier: GPL-3.0-or-later
#include "delayed_datagrams.hpp"

#include <gtest/gtest.h>

#include <asio/io_context.hpp>
#include <string>
#include <vector>

namespace udpchat {
namespace {

using namespace std::chrono_literals;
using asio::ip::udp;

struct released_log {
  std::vector<std::string> datagrams;
  int runs = 0;
};

delayed_datagrams make_queue(asio::io_context& io, released_log& log) {
  return delayed_datagrams{io,
                           [&log](std::string_view datagram, const udp::endpoint&, const asio::ip::address&) {
                             log.datagrams.emplace_back(datagram);
                           },
                           [&log] { ++log.runs; }};
}

const udp::endpoint a_member{asio::ip::make_address("127.0.0.1"), 40000};

TEST(DelayedDatagramsTest, ReleasesEarliestFirstAndTiesInTheOrderHeld) {
  asio::io_context io;
  released_log log;
  auto queue = make_queue(io, log);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(queue.hold("late", a_member, {}, 60ms));
  EXPECT_TRUE(queue.hold("early", a_member, {}, 20ms));
  EXPECT_TRUE(queue.hold("tie one", a_member, {}, 40ms));
  EXPECT_TRUE(queue.hold("tie two", a_member, {}, 40ms));
  EXPECT_EQ(queue.held(), 4U);
  io.run();  // returns once the last is released: the queue keeps no timer waiting
  EXPECT_GE(std::chrono::steady_clock::now() - start, 60ms);
  EXPECT_EQ(log.datagrams, (std::vector<std::string>{"early", "tie one", "tie two", "late"}));
  EXPECT_EQ(queue.held(), 0U);
  EXPECT_GE(log.runs, 2);
}

TEST(DelayedDatagramsTest, HoldsNoMoreThanItsBoundInDatagrams) {
  asio::io_context io;
  released_log log;
  auto queue = make_queue(io, log);
  for (std::size_t i = 0; i < delayed_datagrams::max_held; ++i) ASSERT_TRUE(queue.hold("x", a_member, {}, 10s));
  EXPECT_FALSE(queue.hold("x", a_member, {}, 10s));
  EXPECT_EQ(queue.held(), delayed_datagrams::max_held);
  queue.release_all();
  EXPECT_EQ(log.datagrams.size(), delayed_datagrams::max_held);
  EXPECT_EQ(log.runs, 1);
  io.run();  // the timer was stopped: nothing is left to wait for
}

TEST(DelayedDatagramsTest, HoldsNoMoreThanItsBoundInBytes) {
  asio::io_context io;
  released_log log;
  auto queue = make_queue(io, log);
  const std::string large(60000, 'x');
  std::size_t held = 0;
  while (queue.hold(large, a_member, {}, 10s)) ++held;
  EXPECT_EQ(held, delayed_datagrams::max_held_bytes / large.size());
  // A small one still fits in what is left.
  EXPECT_TRUE(queue.hold("small", a_member, {}, 10s));
  queue.release_all();
  // Released, they free their room.
  EXPECT_TRUE(queue.hold(large, a_member, {}, 0ms));
  io.run();
  EXPECT_EQ(log.datagrams.size(), held + 2);
}

TEST(DelayedDatagramsTest, AnEarlierDatagramIsReleasedBeforeALaterOneHeldFirst) {
  asio::io_context io;
  released_log log;
  auto queue = make_queue(io, log);
  EXPECT_TRUE(queue.hold("in a while", a_member, {}, 5s));
  EXPECT_TRUE(queue.hold("soon", a_member, {}, 10ms));
  io.run_one_for(std::chrono::seconds{2});  // the timer set again for "soon"
  while (log.datagrams.empty() && io.run_one_for(std::chrono::seconds{2}) != 0) {
  }
  EXPECT_EQ(log.datagrams, std::vector<std::string>{"soon"});
  queue.release_all();
  EXPECT_EQ(log.datagrams, (std::vector<std::string>{"soon", "in a while"}));
}

}  // namespace
}  // namespace udpchat
