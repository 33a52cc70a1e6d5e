// Boosts in SQL and JSON, shared by the routes and the message hooks.
// The rooms plugin's `messages` and `memberships` and the kernel's `users` are read here (SQL,
// read-only, as COMMON.md allows); this plugin writes only its own `boosts` table.
#pragma once

#include <campfire/plugin.hpp>

#include <optional>
#include <string>
#include <vector>

namespace boosts {

struct Boost {
    int64_t id = 0;
    int64_t message_id = 0;
    int64_t booster_id = 0;
    std::string booster_name;
    std::string content;
    std::string created_at;
};

int register_schema(cf_ctx* ctx);

// The room of message `message_id` if `user_id` is a member of it (Campfire's
// Current.user.reachable_messages); nullopt for a missing message and for a non-member alike.
std::optional<int64_t> reachable_room(cf_ctx* ctx, cf_db* db, int64_t message_id, int64_t user_id);

std::optional<Boost> load_boost(cf_ctx* ctx, cf_db* db, int64_t message_id, int64_t boost_id);
// Oldest first.
std::vector<Boost> load_boosts(cf_ctx* ctx, cf_db* db, int64_t message_id);
// Every boost of these messages in one query, ordered by message, then oldest first.
std::vector<Boost> load_boosts_of(cf_ctx* ctx, cf_db* db, const std::vector<int64_t>& message_ids);

// How many boosts the message has in all, and how many of them are `booster_id`'s.
struct Counts {
    int64_t total = 0;
    int64_t mine = 0;
};
Counts count_boosts(cf_ctx* ctx, cf_db* db, int64_t message_id, int64_t booster_id);

// {"id","message_id","content","booster":{"id","name"},"created_at"}, plus "room_id" when given.
void write_boost(cf::Json& j, const Boost& b, std::optional<int64_t> room_id = std::nullopt);
std::string boost_json(const Boost& b, std::optional<int64_t> room_id = std::nullopt);

} // namespace boosts
