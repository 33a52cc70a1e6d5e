// Recent searches (see recent_searches.hpp), and the kernel's user.deactivated STORE hook:
// Campfire's User#deactivate deletes the user's searches in its transaction, so do we.
#include "recent_searches.hpp"

#include "hook_payload.hpp"
#include "parts.hpp"

namespace search {

int record_query(cf_ctx* ctx, cf_db* txn, int64_t user_id, std::string_view query) {
    cf::Stmt up(ctx, txn,
                "INSERT INTO search_recent_queries(user_id, query, position) VALUES (?1, ?2, "
                "(SELECT coalesce(max(position), 0) + 1 FROM search_recent_queries WHERE user_id = ?1)) "
                "ON CONFLICT(user_id, query) DO UPDATE SET position = excluded.position, "
                "updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')");
    if (int rc = up.bind(1, user_id).bind(2, query).exec(); rc != CF_OK) return rc;
    cf::Stmt trim(ctx, txn,
                  "DELETE FROM search_recent_queries WHERE user_id = ?1 AND id NOT IN "
                  "(SELECT id FROM search_recent_queries WHERE user_id = ?1 ORDER BY position DESC LIMIT ?2)");
    return trim.bind(1, user_id).bind(2, kMaxRecent).exec();
}

int clear_queries(cf_ctx* ctx, cf_db* txn, int64_t user_id) {
    cf::Stmt del(ctx, txn, "DELETE FROM search_recent_queries WHERE user_id = ?1");
    return del.bind(1, user_id).exec();
}

std::optional<std::vector<std::string>> recent_queries(cf_ctx* ctx, cf_db* db, int64_t user_id) {
    cf::Stmt s(ctx, db, "SELECT query FROM search_recent_queries WHERE user_id = ?1 ORDER BY position DESC LIMIT ?2");
    if (!s) return std::nullopt;
    s.bind(1, user_id).bind(2, kMaxRecent);
    std::vector<std::string> out;
    int rc;
    while ((rc = s.step()) == CF_ROW) out.emplace_back(s.text(0));
    if (rc != CF_DONE) return std::nullopt;
    return out;
}

void write_recent(cf::Json& j, const std::vector<std::string>& recent) {
    j.arr([&] {
        for (const auto& q : recent) j.str(q);
    });
}

namespace {

int user_deactivated(cf::HookCall& call) {
    auto id = nested_id(call.payload(), "user");
    if (!id || !call.db()) return CF_ERR_ARG;
    return clear_queries(call.ctx(), call.db(), *id);
}

} // namespace

int register_recent_hooks(cf_ctx* ctx) { return cf::hook(ctx, "user.deactivated", CF_PHASE_STORE, user_deactivated); }

} // namespace search
