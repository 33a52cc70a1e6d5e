// A bounded queue of jobs, each due at a time (now, or later for a retry's backoff), shared by a
// fixed pool of worker threads. push never blocks: a full queue says no, and the caller counts
// and logs the drop, so the notify thread that feeds it is never held up by a slow webhook.
// Pure code, unit-tested.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>

namespace webhooks {

template <class Job> class ScheduledQueue {
public:
    using Clock = std::chrono::steady_clock;

    explicit ScheduledQueue(size_t capacity) : capacity_(capacity) {}

    // False when full or stopped; the job is then not taken.
    bool push(Job job, Clock::time_point due = Clock::now()) {
        {
            std::lock_guard lock(mu_);
            if (stopped_ || jobs_.size() >= capacity_) return false;
            jobs_.emplace(due, std::move(job)); // equal times keep their arrival order
        }
        cv_.notify_one();
        return true;
    }

    // Waits for the earliest job to fall due; nullopt once stopped (queued jobs are abandoned).
    std::optional<Job> pop() {
        std::unique_lock lock(mu_);
        while (true) {
            if (stopped_) return std::nullopt;
            if (jobs_.empty()) {
                cv_.wait(lock);
                continue;
            }
            auto first = jobs_.begin();
            if (first->first <= Clock::now()) {
                Job job = std::move(first->second);
                jobs_.erase(first);
                return job;
            }
            // A copy: wait_until reads the time again after waking, and by then another worker
            // may have taken (and freed) the job it belonged to.
            const auto due = first->first;
            cv_.wait_until(lock, due);
        }
    }

    void stop() {
        {
            std::lock_guard lock(mu_);
            stopped_ = true;
        }
        cv_.notify_all();
    }

    size_t size() const {
        std::lock_guard lock(mu_);
        return jobs_.size();
    }
    size_t capacity() const { return capacity_; }

private:
    const size_t capacity_;
    mutable std::mutex mu_;
    std::condition_variable cv_;
    std::multimap<Clock::time_point, Job> jobs_;
    bool stopped_ = false;
};

} // namespace webhooks
