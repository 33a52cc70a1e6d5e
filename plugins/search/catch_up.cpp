// The catch-up pass (see catch_up.hpp).
#include "catch_up.hpp"

#include "index_store.hpp"
#include "query_text.hpp"

#include <campfire/plugin.hpp>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

namespace search {
namespace {

std::atomic<uint64_t> g_generation{0};

struct Pass {
    uint64_t generation = 0;
    bool started = false;
    std::string clean_before; // the old mark: re-index what changed at or after it
    std::string started_at;   // the new mark once the pass completes
    int64_t after = 0;        // ids up to here are done
    bool finished = false;
};

bool still_wanted(cf_ctx* ctx, const Pass& pass) {
    return pass.generation == g_generation.load() && cf_plugin_enabled(ctx, "search") == 1;
}

int begin(cf_ctx* ctx, cf_db* txn, Pass& pass) {
    cf::Stmt mark(ctx, txn, "SELECT clean_before FROM search_index_state WHERE id = 1");
    if (mark.row()) pass.clean_before = std::string(mark.text(0));
    cf::Stmt now(ctx, txn, "SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-60 seconds')");
    if (!now.row()) return CF_ERR;
    pass.started_at = std::string(now.text(0));
    pass.started = true;
    return CF_OK;
}

struct Stale {
    int64_t id;
    std::string text;
};

// One id range (pass.after, end]: orphans out, missing or changed messages in.
int run_chunk(cf_ctx* ctx, cf_db* txn, Pass& pass) {
    if (!pass.started) {
        if (int rc = begin(ctx, txn, pass); rc != CF_OK) return rc;
    }
    int64_t end = 0;
    {
        cf::Stmt next(ctx, txn, "SELECT max(id) FROM (SELECT id FROM messages WHERE id > ?1 ORDER BY id LIMIT ?2)");
        if (!next) return CF_ERR;
        next.bind(1, pass.after).bind(2, kCatchUpChunk);
        if (next.row() && !next.is_null(0)) end = next.integer(0);
    }
    pass.finished = end == 0; // past the last message: the rest of the index is orphans
    {
        // Two statements, so FTS5 sees both rowid bounds (an OR would make it scan to the end).
        cf::Stmt orphans(ctx, txn,
                         pass.finished ? "DELETE FROM message_search_index WHERE rowid > ?1 AND NOT EXISTS "
                                         "(SELECT 1 FROM messages WHERE id = message_search_index.rowid)"
                                       : "DELETE FROM message_search_index WHERE rowid > ?1 AND rowid <= ?2 AND "
                                         "NOT EXISTS (SELECT 1 FROM messages WHERE id = message_search_index.rowid)");
        orphans.bind(1, pass.after);
        if (!pass.finished) orphans.bind(2, end);
        if (int rc = orphans.exec(); rc != CF_OK) return rc;
    }
    if (!pass.finished) {
        // Read the whole range before writing: the query itself reads the index.
        std::vector<Stale> stale;
        std::string sql = std::string("SELECT m.id, coalesce(") + plain_body_column(ctx, txn) +
                          ", ''), m.body FROM messages m WHERE m.id > ?1 AND m.id <= ?2 AND (m.updated_at >= ?3 "
                          "OR NOT EXISTS (SELECT 1 FROM message_search_index WHERE rowid = m.id))";
        cf::Stmt s(ctx, txn, sql);
        if (!s) return CF_ERR;
        s.bind(1, pass.after).bind(2, end).bind(3, std::string_view(pass.clean_before));
        int rc;
        while ((rc = s.step()) == CF_ROW) stale.push_back(Stale{s.integer(0), index_text(s.text(1), s.text(2))});
        if (rc != CF_DONE) return rc;
        for (const Stale& m : stale) {
            if (int r = index_message(ctx, txn, m.id, m.text); r != CF_OK) return r;
        }
        pass.after = end;
        return CF_OK;
    }
    cf::Stmt done(ctx, txn,
                  "INSERT INTO search_index_state(id, clean_before) VALUES (1, ?1) "
                  "ON CONFLICT(id) DO UPDATE SET clean_before = excluded.clean_before");
    return done.bind(1, std::string_view(pass.started_at)).exec();
}

void queue_chunk(cf_ctx* ctx, std::shared_ptr<Pass> pass) {
    int rc = cf::write(
        ctx,
        [ctx, pass](cf_db* txn) -> int {
            if (!still_wanted(ctx, *pass)) {
                pass->finished = true; // abandoned: leave the mark for the next pass
                return CF_OK;
            }
            return run_chunk(ctx, txn, *pass);
        },
        [ctx, pass](int status) {
            if (status != CF_OK) {
                const char* why = cf_error(ctx);
                cf::log(ctx, CF_LOG_WARN, std::string("search: index catch-up stopped: ") + (why ? why : "?"));
                return;
            }
            if (!pass->finished) queue_chunk(ctx, pass);
        });
    if (rc != CF_OK) cf::log(ctx, CF_LOG_WARN, "search: index catch-up not queued (writer busy); it runs at the next enable or boot");
}

} // namespace

void start_catch_up(cf_ctx* ctx) {
    auto pass = std::make_shared<Pass>();
    pass->generation = ++g_generation;
    queue_chunk(ctx, std::move(pass));
}

void cancel_catch_up() { ++g_generation; }

} // namespace search
