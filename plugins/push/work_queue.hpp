// A bounded pool of worker threads, so pushes never run on the message path (DESIGN.md §6: a slow
// push endpoint must not delay message delivery). submit() never blocks: when the queue is full the
// task is refused and the caller counts it as dropped (Campfire drops beyond its queue of 10,000).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace push {

class WorkQueue {
public:
    WorkQueue(size_t threads, size_t capacity) : threads_(threads), capacity_(capacity) {}
    ~WorkQueue() { stop(); }
    WorkQueue(const WorkQueue&) = delete;
    WorkQueue& operator=(const WorkQueue&) = delete;

    void start();
    // Drops what is queued, lets running tasks finish, joins the threads.
    void stop();
    // Drops what is queued; the threads stay. Returns how many were dropped.
    size_t clear();

    // False when full or stopped (the task is not run).
    bool submit(std::function<void()> task);
    // Queued plus running.
    size_t pending() const;

private:
    void run();

    const size_t threads_;
    const size_t capacity_;
    mutable std::mutex mu_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> tasks_;
    std::vector<std::thread> workers_;
    size_t running_ = 0;
    bool stopping_ = false;
};

} // namespace push
