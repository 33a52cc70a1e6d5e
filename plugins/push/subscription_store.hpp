// The push_subscriptions table (Campfire's Push::Subscription): one row per browser a user
// subscribed, with the keys the browser gave and its user agent. Unique per (user, endpoint).
#pragma once

#include <campfire/plugin.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace push {

// A user keeps at most this many; subscribing one more replaces the least recently touched.
constexpr int64_t kMaxSubscriptionsPerUser = 25;

struct Subscription {
    int64_t id = 0;
    int64_t user_id = 0;
    std::string endpoint;
    std::string p256dh_key; // base64url, 65-byte point
    std::string auth_key;   // base64url, 16 bytes
    std::string user_agent;
    std::string created_at, updated_at;
};

int register_schema(cf_ctx* ctx);

std::optional<Subscription> load_subscription(cf_ctx* ctx, cf_db* db, int64_t id, int64_t user_id);
std::vector<Subscription> user_subscriptions(cf_ctx* ctx, cf_db* db, int64_t user_id);
std::string subscription_json(const Subscription& s);
void write_subscription(cf::Json& j, const Subscription& s);

// Inside a write: insert or refresh (user, endpoint) and return its id; 0 on failure.
int64_t upsert_subscription(cf_ctx* ctx, cf_db* txn, int64_t user_id, const std::string& endpoint,
                            const std::string& p256dh, const std::string& auth, const std::string& user_agent);

// How many rooms the user has marked unread (the app badge).
int64_t unread_rooms(cf_ctx* ctx, cf_db* db, int64_t user_id);

// Queues the removal of a subscription the push service no longer knows (or whose keys are bad).
// The endpoint guards against a reused id.
void forget_subscription_later(cf_ctx* ctx, int64_t id, std::string endpoint);

} // namespace push
