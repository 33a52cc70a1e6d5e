// SerialInbox: one socket's messages in arrival order, sockets in parallel, bounded per socket.
#include "kernel/host/serial_inbox.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace cf {
namespace {

using namespace std::chrono_literals;

// Collects what the handler saw, and lets a test wait for a count.
struct Seen {
    std::mutex mu;
    std::condition_variable cv;
    std::map<uint64_t, std::vector<int>> by_socket;
    size_t total = 0;

    void add(uint64_t socket, const std::string& message) {
        std::lock_guard lock(mu);
        by_socket[socket].push_back(std::stoi(message));
        ++total;
        cv.notify_all();
    }
    bool wait_for(size_t n, std::chrono::milliseconds limit = 10s) {
        std::unique_lock lock(mu);
        return cv.wait_for(lock, limit, [&] { return total >= n; });
    }
};

TEST(SerialInbox, EachSocketsMessagesRunInArrivalOrderOnManyWorkers) {
    WorkerPool pool("test", 4, 100000);
    Seen seen;
    std::atomic<int> refused{0};
    SerialInbox inbox(
        pool, SerialInbox::Limits{100000, 64 * 1024 * 1024},
        [&](uint64_t socket, int64_t, const std::string& message) {
            // Uneven work, so that a pool taking messages freely would finish them out of order.
            if (std::stoi(message) % 7 == 0) std::this_thread::sleep_for(50us);
            seen.add(socket, message);
        },
        [&](uint64_t) { refused++; });
    constexpr int kSockets = 8, kEach = 500;
    for (int i = 0; i < kEach; ++i)
        for (uint64_t s = 1; s <= kSockets; ++s) ASSERT_TRUE(inbox.push(s, 1, std::to_string(i)));
    ASSERT_TRUE(seen.wait_for(kSockets * kEach));
    for (uint64_t s = 1; s <= kSockets; ++s) {
        const auto& got = seen.by_socket[s];
        ASSERT_EQ(got.size(), static_cast<size_t>(kEach));
        for (int i = 0; i < kEach; ++i) ASSERT_EQ(got[i], i) << "socket " << s;
    }
    EXPECT_EQ(refused.load(), 0);
    pool.stop();
    EXPECT_EQ(inbox.waiting(), 0u);
}

TEST(SerialInbox, OneSocketWaitingDoesNotHoldUpAnother) {
    WorkerPool pool("test", 2, 100);
    std::mutex mu;
    std::condition_variable cv;
    bool other_ran = false;
    SerialInbox inbox(
        pool, SerialInbox::Limits{},
        [&](uint64_t socket, int64_t, const std::string&) {
            std::unique_lock lock(mu);
            if (socket == 1) {
                cv.wait_for(lock, 5s, [&] { return other_ran; }); // socket 1 waits for socket 2
            } else {
                other_ran = true;
                cv.notify_all();
            }
        },
        [](uint64_t) {});
    auto started = std::chrono::steady_clock::now();
    ASSERT_TRUE(inbox.push(1, 1, "1"));
    ASSERT_TRUE(inbox.push(2, 2, "2"));
    pool.stop(); // runs what is queued
    EXPECT_TRUE(other_ran);
    EXPECT_LT(std::chrono::steady_clock::now() - started, 4s);
}

TEST(SerialInbox, ASocketOverItsLimitsIsRefusedUntilItCatchesUp) {
    WorkerPool pool("test", 1, 100);
    std::mutex mu;
    std::condition_variable cv;
    bool release = false;
    Seen seen;
    SerialInbox inbox(
        pool, SerialInbox::Limits{3, 100},
        [&](uint64_t socket, int64_t, const std::string& message) {
            std::unique_lock lock(mu);
            cv.wait(lock, [&] { return release; });
            lock.unlock();
            seen.add(socket, message);
        },
        [](uint64_t) {});
    ASSERT_TRUE(inbox.push(1, 1, "0")); // taken by the worker, which blocks
    while (inbox.waiting() != 0) std::this_thread::yield();
    EXPECT_TRUE(inbox.push(1, 1, "1"));
    EXPECT_TRUE(inbox.push(1, 1, "2"));
    EXPECT_TRUE(inbox.push(1, 1, "3"));
    EXPECT_FALSE(inbox.push(1, 1, "4")) << "a fourth waiting message";
    EXPECT_TRUE(inbox.push(2, 1, "5" + std::string(49, ' '))) << "another socket has its own limits";
    EXPECT_FALSE(inbox.push(2, 1, "6" + std::string(95, '0'))) << "over 100 bytes waiting";
    {
        std::lock_guard lock(mu);
        release = true;
    }
    cv.notify_all();
    ASSERT_TRUE(seen.wait_for(5));
    EXPECT_EQ(seen.by_socket[1], (std::vector<int>{0, 1, 2, 3}));
    EXPECT_TRUE(inbox.push(1, 1, "7")) << "room again once handled";
    ASSERT_TRUE(seen.wait_for(6));
    pool.stop();
}

TEST(SerialInbox, NothingIsQueuedOnceThePoolStops) {
    WorkerPool pool("test", 1, 100);
    int handled = 0;
    SerialInbox inbox(pool, SerialInbox::Limits{}, [&](uint64_t, int64_t, const std::string&) { ++handled; },
                      [](uint64_t) {});
    pool.stop();
    EXPECT_FALSE(inbox.push(1, 1, "1"));
    EXPECT_EQ(inbox.waiting(), 0u);
    EXPECT_EQ(handled, 0);
}

} // namespace
} // namespace cf
