// A sliding-window limit per key (Campfire: 10 sign-in attempts per 3 minutes per IP).
// Bounded: at most `max_keys` keys are tracked; the stalest are evicted first.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace cf {

class RateLimiter {
public:
    RateLimiter(size_t limit, std::chrono::milliseconds window, size_t max_keys = 100000);
    // Records an attempt; false when the key is over its limit.
    bool allow(const std::string& key, int64_t now_ms);
    size_t tracked() const;

private:
    void evict(int64_t now_ms);
    size_t limit_;
    int64_t window_ms_;
    size_t max_keys_;
    mutable std::mutex mu_;
    std::unordered_map<std::string, std::deque<int64_t>> hits_;
};

} // namespace cf
