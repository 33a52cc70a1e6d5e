#include "kernel/host/serial_inbox.h"

#include <spdlog/spdlog.h>

#include <utility>

namespace cf {

SerialInbox::SerialInbox(WorkerPool& workers, Limits limits, Handler handler, Refused refused)
    : workers_(workers), limits_(limits), handler_(std::move(handler)), refused_(std::move(refused)) {}

bool SerialInbox::schedule(uint64_t socket_id) {
    // WorkerPool::post only queues the job, so calling it with mu_ held cannot deadlock.
    return workers_.post([this, socket_id] { run_one(socket_id); });
}

bool SerialInbox::push(uint64_t socket_id, int64_t user_id, std::string message) {
    std::lock_guard lock(mu_);
    auto [it, fresh] = queues_.try_emplace(socket_id);
    Queue& q = it->second;
    if (q.items.size() >= limits_.messages || q.bytes + message.size() > limits_.bytes) return false;
    q.bytes += message.size();
    q.items.push_back(Waiting{user_id, std::move(message)});
    if (!fresh) return true; // its job will get to it
    if (schedule(socket_id)) return true;
    queues_.erase(it);
    return false;
}

void SerialInbox::run_one(uint64_t socket_id) {
    Waiting next;
    {
        std::lock_guard lock(mu_);
        auto it = queues_.find(socket_id);
        if (it == queues_.end() || it->second.items.empty()) return; // not expected: a job per non-empty queue
        next = std::move(it->second.items.front());
        it->second.items.pop_front();
        it->second.bytes -= next.message.size();
    }
    try {
        handler_(socket_id, next.user_id, next.message);
    } catch (const std::exception& e) {
        spdlog::error("cable: message handler failed: {}", e.what());
    } catch (...) {
        spdlog::error("cable: message handler failed");
    }
    size_t dropped = 0;
    {
        std::lock_guard lock(mu_);
        auto it = queues_.find(socket_id);
        if (it->second.items.empty()) {
            queues_.erase(it);
            return;
        }
        if (schedule(socket_id)) return;
        dropped = it->second.items.size(); // the pool is full or stopping
        queues_.erase(it);
    }
    for (size_t i = 0; i < dropped; ++i) refused_(socket_id);
}

size_t SerialInbox::waiting() const {
    std::lock_guard lock(mu_);
    size_t n = 0;
    for (const auto& [id, q] : queues_) n += q.items.size();
    return n;
}

} // namespace cf
