// What the push plugin keeps in memory: the VAPID key pair, the endpoint allow-list, the
// delivery pool and its counters. One instance for the plugin's life; every member is safe to use
// from several threads.
#pragma once

#include "endpoint.hpp"
#include "p256.hpp"
#include "work_queue.hpp"

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

namespace push {

// Campfire's delivery pool keeps 10,000 tasks; we run them on a few threads (each task is one
// HTTP request with bounded timeouts).
constexpr size_t kDeliveryThreads = 4;
constexpr size_t kQueueCapacity = 10000;

struct Counters {
    std::atomic<int64_t> messages{0}; // message.created notifications seen
    std::atomic<int64_t> queued{0};   // pushes handed to the pool
    std::atomic<int64_t> sent{0};     // accepted by the push service (2xx)
    std::atomic<int64_t> failed{0};   // refused, unreachable, or not encryptable
    std::atomic<int64_t> expired{0};  // 404/410: the subscription was deleted
    std::atomic<int64_t> dropped{0};  // the queue was full (or the plugin was switched off)
};

class VapidKeys {
public:
    void set(KeyPair keys) {
        std::lock_guard lock(mu_);
        keys_ = std::move(keys);
    }
    std::optional<KeyPair> get() const {
        std::lock_guard lock(mu_);
        return keys_;
    }

private:
    mutable std::mutex mu_;
    std::optional<KeyPair> keys_;
};

struct State {
    VapidKeys vapid;
    AllowList allowed;           // CF_PUSH_ALLOWED_HOSTS, read once in init
    std::string subject;         // CF_VAPID_SUBJECT, or empty: the first administrator's address
    Counters counters;
    WorkQueue queue{kDeliveryThreads, kQueueCapacity};
};

State& state();

} // namespace push
