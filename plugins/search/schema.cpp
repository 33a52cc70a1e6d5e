// The search plugin's tables:
//  - message_search_index: Campfire's FTS5 table (porter stemming over unicode61, so "running"
//    matches "run" and letters of any script are words), rowid = messages.id;
//  - search_recent_queries: Campfire's `searches` (the last 10 distinct queries per user), with a
//    per-user counter instead of timestamps so "most recent first" has no ties;
//  - search_index_state: the catch-up high-water mark (see catch_up.hpp).
// No foreign keys into other plugins' tables: their rows may go without us hearing of it (room
// deletions cascade, the plugin may be disabled), so reads join to `messages` instead.
#include "parts.hpp"

#include <campfire/plugin.hpp>

namespace search {
namespace {

constexpr const char* kV1 = R"sql(
CREATE VIRTUAL TABLE message_search_index USING fts5(body, tokenize = 'porter unicode61');

CREATE TABLE search_recent_queries (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL,
  query TEXT NOT NULL CHECK (length(query) BETWEEN 1 AND 256),
  position INTEGER NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  UNIQUE (user_id, query)
);
CREATE INDEX search_recent_queries_by_user ON search_recent_queries (user_id, position);

CREATE TABLE search_index_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  clean_before TEXT NOT NULL
);
)sql";

} // namespace

int register_schema(cf_ctx* ctx) { return cf::migration(ctx, 1, "create search index, recent queries, index state", kV1); }

} // namespace search
