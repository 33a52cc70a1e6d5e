// Campfire's recent searches (Search model): the last kMaxRecent distinct queries of each user,
// most recent first; searching again moves a query to the top.
#pragma once

#include <campfire/plugin.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace search {

inline constexpr int kMaxRecent = 10; // Campfire's Search::MAX_RECENT

// Records `query` (non-empty) for the user and trims the list (writer's transaction).
int record_query(cf_ctx* ctx, cf_db* txn, int64_t user_id, std::string_view query);
int clear_queries(cf_ctx* ctx, cf_db* txn, int64_t user_id);
// Most recent first; nullopt when the read failed.
std::optional<std::vector<std::string>> recent_queries(cf_ctx* ctx, cf_db* db, int64_t user_id);

void write_recent(cf::Json& j, const std::vector<std::string>& recent);

} // namespace search
