// The delivery pool: runs tasks off the caller's thread, refuses beyond its bound instead of
// blocking, and stops by dropping what waits and joining its threads.
#include "work_queue.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>

namespace push {
namespace {

using namespace std::chrono_literals;

TEST(WebPushWorkQueue, RunsTasksOnItsThreads) {
    WorkQueue q(2, 10);
    q.start();
    std::promise<std::thread::id> ran;
    ASSERT_TRUE(q.submit([&] { ran.set_value(std::this_thread::get_id()); }));
    auto f = ran.get_future();
    ASSERT_EQ(f.wait_for(5s), std::future_status::ready);
    EXPECT_NE(f.get(), std::this_thread::get_id());
}

TEST(WebPushWorkQueue, IsBoundedAndNeverBlocksTheCaller) {
    WorkQueue q(1, 3);
    q.start();
    std::promise<void> release;
    std::shared_future<void> gate = release.get_future().share();
    std::promise<void> started;
    ASSERT_TRUE(q.submit([&] {
        started.set_value();
        gate.wait();
    }));
    started.get_future().wait();
    std::atomic<int> done{0};
    for (int i = 0; i < 3; ++i) EXPECT_TRUE(q.submit([&] { done++; }));
    EXPECT_FALSE(q.submit([&] { done++; })); // full: refused at once
    EXPECT_EQ(q.pending(), 4u);
    release.set_value();
    for (int i = 0; i < 500 && q.pending() > 0; ++i) std::this_thread::sleep_for(10ms);
    EXPECT_EQ(done.load(), 3);
    EXPECT_EQ(q.pending(), 0u);
}

TEST(WebPushWorkQueue, ClearAndStopDropWhatWaits) {
    WorkQueue q(1, 10);
    q.start();
    std::promise<void> release;
    std::shared_future<void> gate = release.get_future().share();
    std::promise<void> started;
    q.submit([&] {
        started.set_value();
        gate.wait();
    });
    started.get_future().wait();
    std::atomic<int> done{0};
    for (int i = 0; i < 5; ++i) q.submit([&] { done++; });
    EXPECT_EQ(q.clear(), 5u);
    q.submit([&] { done++; });
    release.set_value();
    q.stop(); // joins after the running task; the queued one is dropped or already ran
    EXPECT_LE(done.load(), 1);
    EXPECT_FALSE(q.submit([&] { done++; }));
}

} // namespace
} // namespace push
