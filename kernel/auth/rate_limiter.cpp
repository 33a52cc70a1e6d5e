#include "kernel/auth/rate_limiter.h"

namespace cf {

RateLimiter::RateLimiter(size_t limit, std::chrono::milliseconds window, size_t max_keys)
    : limit_(limit), window_ms_(window.count()), max_keys_(max_keys) {}

bool RateLimiter::allow(const std::string& key, int64_t now_ms) {
    std::lock_guard lock(mu_);
    if (hits_.size() >= max_keys_) evict(now_ms);
    auto& q = hits_[key];
    while (!q.empty() && q.front() <= now_ms - window_ms_) q.pop_front();
    if (q.size() >= limit_) return false;
    q.push_back(now_ms);
    return true;
}

size_t RateLimiter::tracked() const {
    std::lock_guard lock(mu_);
    return hits_.size();
}

void RateLimiter::evict(int64_t now_ms) {
    // First drop keys whose window has passed; if still full, drop the oldest quarter.
    std::erase_if(hits_, [&](const auto& kv) { return kv.second.empty() || kv.second.back() <= now_ms - window_ms_; });
    if (hits_.size() < max_keys_) return;
    size_t drop = max_keys_ / 4 + 1;
    for (auto it = hits_.begin(); it != hits_.end() && drop > 0; --drop) it = hits_.erase(it);
}

} // namespace cf
