// The delivery queue (plugins/webhooks/scheduled_queue): bounded, never blocking a producer,
// ordered by due time, stoppable.
#include "scheduled_queue.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace webhooks {
namespace {

using namespace std::chrono_literals;
using Queue = ScheduledQueue<int>;

TEST(WebhookQueue, IsBoundedAndNeverBlocksAProducer) {
  Queue q(3);
  EXPECT_TRUE(q.push(1));
  EXPECT_TRUE(q.push(2));
  EXPECT_TRUE(q.push(3));
  auto started = Queue::Clock::now();
  EXPECT_FALSE(q.push(4));  // full: refused at once
  EXPECT_LT(Queue::Clock::now() - started, 50ms);
  EXPECT_EQ(q.size(), 3u);
  EXPECT_EQ(q.pop(), 1);
  EXPECT_TRUE(q.push(5));
}

TEST(WebhookQueue, HandsOutJobsWhenTheyFallDue) {
  Queue q(10);
  auto now = Queue::Clock::now();
  q.push(3, now + 120ms);
  q.push(1, now);
  q.push(2, now);
  EXPECT_EQ(q.pop(), 1);
  EXPECT_EQ(q.pop(), 2);
  EXPECT_EQ(q.pop(), 3);
  EXPECT_GE(Queue::Clock::now() - now, 110ms);

  // A job due earlier than the one a worker waits for is handed out first.
  q.push(20, Queue::Clock::now() + 10s);
  std::thread late([&] {
    std::this_thread::sleep_for(30ms);
    q.push(10);
  });
  EXPECT_EQ(q.pop(), 10);
  late.join();
}

TEST(WebhookQueue, StopReleasesWaitingWorkers) {
  Queue q(10);
  std::thread worker([&] { EXPECT_FALSE(q.pop().has_value()); });
  std::this_thread::sleep_for(30ms);
  q.stop();
  worker.join();
  EXPECT_FALSE(q.push(1));
}

}  // namespace
}  // namespace webhooks
