// See index_store.hpp. An FTS5 table has no UPSERT, so a replacement is a delete then an insert.
#include "index_store.hpp"

#include <atomic>

namespace search {

int index_message(cf_ctx* ctx, cf_db* txn, int64_t id, std::string_view text) {
    if (int rc = unindex_message(ctx, txn, id); rc != CF_OK) return rc;
    cf::Stmt ins(ctx, txn, "INSERT INTO message_search_index(rowid, body) VALUES (?1, ?2)");
    return ins.bind(1, id).bind(2, text).exec();
}

int unindex_message(cf_ctx* ctx, cf_db* txn, int64_t id) {
    cf::Stmt del(ctx, txn, "DELETE FROM message_search_index WHERE rowid = ?1");
    return del.bind(1, id).exec();
}

bool messages_have_plain_body(cf_ctx* ctx, cf_db* db) {
    static std::atomic<int> known{-1};
    int v = known.load();
    if (v >= 0) return v == 1;
    cf::Stmt s(ctx, db, "SELECT count(*) FROM pragma_table_info('messages') WHERE name IN ('id', 'plain_body')");
    if (!s.row()) return false; // not cached: the table may not be readable yet
    int64_t found = s.integer(0);
    if (found == 0) return false; // no messages table (yet): ask again next time
    known.store(found == 2 ? 1 : 0);
    return found == 2;
}

const char* plain_body_column(cf_ctx* ctx, cf_db* db) {
    return messages_have_plain_body(ctx, db) ? "m.plain_body" : "''";
}

} // namespace search
