// The delivery queue (plugins/webhooks/scheduled_queue): bounded, never blocking a producer,
// ordered by due time, stoppable.
#include "scheduled_queue.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>
#include <vector>

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

// Several workers wait for the same future job; the one that takes it frees it while the others
// are still waiting on its due time (a use-after-free the sanitizer build caught).
TEST(WebhookQueue, WorkersWaitingForTheSameJobEachGetOne) {
  Queue q(10);
  auto due = Queue::Clock::now() + 40ms;
  q.push(1, due);
  std::vector<int> got(3, 0);
  std::vector<std::thread> workers;
  for (int i = 0; i < 3; ++i) workers.emplace_back([&, i] { got[i] = q.pop().value_or(-1); });
  std::this_thread::sleep_for(80ms);  // one worker has the job; the others wait again
  q.push(2, Queue::Clock::now() + 20ms);
  q.push(3, Queue::Clock::now() + 20ms);
  for (auto& w : workers) w.join();
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (std::vector<int>{1, 2, 3}));
  EXPECT_GE(Queue::Clock::now(), due);
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
