// Rows of message_search_index, shared by the hooks and the catch-up: one message in, one out,
// and which text of a `messages` row is indexed.
#pragma once

#include <campfire/plugin.hpp>

#include <string_view>

namespace search {

// Replaces message `id`'s row with `text` (call with the writer's transaction).
int index_message(cf_ctx* ctx, cf_db* txn, int64_t id, std::string_view text);
int unindex_message(cf_ctx* ctx, cf_db* txn, int64_t id);

// Whether `messages` has the plain_body column (rooms migration v2). Migrations all run at boot
// before any request or write, so the first answer is cached for the process.
bool messages_have_plain_body(cf_ctx* ctx, cf_db* db);
// The SQL expression for a `messages m` row's plain text: m.plain_body, or '' without the column.
const char* plain_body_column(cf_ctx* ctx, cf_db* db);

} // namespace search
