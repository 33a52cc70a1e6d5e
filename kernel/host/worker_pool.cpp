#include "kernel/host/worker_pool.h"

#include <spdlog/spdlog.h>

#include <pthread.h>

namespace cf {

WorkerPool::WorkerPool(std::string name, int threads, size_t queue_limit, std::function<void()> after_job)
    : name_(std::move(name)), limit_(queue_limit), after_job_(std::move(after_job)) {
    for (int i = 0; i < threads; ++i) {
        threads_.emplace_back([this] { run(); });
        pthread_setname_np(threads_.back().native_handle(), name_.substr(0, 15).c_str());
    }
}

WorkerPool::~WorkerPool() { stop(); }

bool WorkerPool::post(std::function<void()> job) {
    {
        std::lock_guard lock(mu_);
        if (stopping_ || jobs_.size() >= limit_) return false;
        jobs_.push_back(std::move(job));
    }
    cv_.notify_one();
    return true;
}

void WorkerPool::stop() {
    {
        std::lock_guard lock(mu_);
        if (stopping_ && threads_.empty()) return;
        stopping_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_)
        if (t.joinable()) t.join();
    threads_.clear();
}

size_t WorkerPool::depth() const {
    std::lock_guard lock(mu_);
    return jobs_.size();
}

void WorkerPool::run() {
    for (;;) {
        std::function<void()> job;
        {
            std::unique_lock lock(mu_);
            cv_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
            if (jobs_.empty()) return; // stopping and drained
            job = std::move(jobs_.front());
            jobs_.pop_front();
        }
        try {
            job();
            if (after_job_) after_job_();
        } catch (const std::exception& e) {
            spdlog::error("{}: job failed: {}", name_, e.what());
        } catch (...) {
            spdlog::error("{}: job failed", name_);
        }
    }
}

} // namespace cf
