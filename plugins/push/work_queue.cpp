#include "work_queue.hpp"

namespace push {

void WorkQueue::start() {
    std::lock_guard lock(mu_);
    if (!workers_.empty()) return;
    stopping_ = false;
    for (size_t i = 0; i < threads_; ++i) workers_.emplace_back([this] { run(); });
}

void WorkQueue::stop() {
    std::vector<std::thread> joining;
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
        tasks_.clear();
        joining.swap(workers_);
    }
    wake_.notify_all();
    for (auto& t : joining) t.join();
}

size_t WorkQueue::clear() {
    std::lock_guard lock(mu_);
    size_t n = tasks_.size();
    tasks_.clear();
    return n;
}

bool WorkQueue::submit(std::function<void()> task) {
    {
        std::lock_guard lock(mu_);
        if (stopping_ || workers_.empty() || tasks_.size() >= capacity_) return false;
        tasks_.push_back(std::move(task));
    }
    wake_.notify_one();
    return true;
}

size_t WorkQueue::pending() const {
    std::lock_guard lock(mu_);
    return tasks_.size() + running_;
}

void WorkQueue::run() {
    std::unique_lock lock(mu_);
    for (;;) {
        wake_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
        if (stopping_) return;
        std::function<void()> task = std::move(tasks_.front());
        tasks_.pop_front();
        ++running_;
        lock.unlock();
        try {
            task();
        } catch (...) {
            // A task reports its own failures; nothing may escape a worker thread.
        }
        lock.lock();
        --running_;
    }
}

} // namespace push
