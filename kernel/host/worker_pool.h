// A fixed set of threads taking jobs from one bounded queue. Request handlers run here (never on
// Pistache's reactor threads), each thread with its own read connection.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace cf {

class WorkerPool {
public:
    // `after_job` runs on the worker thread after every job (e.g. to release read snapshots).
    WorkerPool(std::string name, int threads, size_t queue_limit, std::function<void()> after_job = nullptr);
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    // False when the queue is full or the pool is stopping: the caller answers 503.
    bool post(std::function<void()> job);
    void stop(); // runs what is queued, then joins
    size_t depth() const;

private:
    void run();
    std::string name_;
    size_t limit_;
    std::function<void()> after_job_;
    mutable std::mutex mu_;
    std::condition_variable cv_;
    std::deque<std::function<void()>> jobs_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

} // namespace cf
