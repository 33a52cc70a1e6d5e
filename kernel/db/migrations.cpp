#include "kernel/db/migrations.h"

#include <algorithm>
#include <set>
#include <tuple>
#include <utility>

#include <sqlite3.h>

namespace cf::db {
namespace {

constexpr const char* kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations("
    "owner TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, applied_at TEXT NOT NULL, "
    "PRIMARY KEY(owner, version))";

using Key = std::pair<std::string, int>;

bool fail(std::string* error, std::string message) {
    if (error) *error = std::move(message);
    return false;
}

std::string label(const Migration& m) {
    return m.owner + " " + std::to_string(m.version) + " (" + m.name + ")";
}

bool load_applied(Connection& conn, std::set<Key>& applied, std::string* error) {
    std::string err;
    Statement* stmt = conn.cached("SELECT owner, version FROM schema_migrations", &err);
    if (!stmt) return fail(error, "reading schema_migrations: " + err);
    int rc;
    while ((rc = stmt->step()) == SQLITE_ROW) {
        applied.emplace(std::string(stmt->column_text(0)), static_cast<int>(stmt->column_int(1)));
    }
    stmt->reset();
    if (rc != SQLITE_DONE) return fail(error, "reading schema_migrations: " + conn.error_message());
    return true;
}

// The migration's SQL and its record, all or nothing: a savepoint inside the batch's transaction.
bool apply_one(Connection& conn, const Migration& m, std::string* error) {
    std::string err;
    if (conn.exec("SAVEPOINT migration", &err) != SQLITE_OK) return fail(error, "migration " + label(m) + ": " + err);
    auto abort = [&](std::string why) {
        if (conn.in_transaction()) conn.exec("ROLLBACK TO migration; RELEASE migration", nullptr);
        return fail(error, "migration " + label(m) + " failed: " + why);
    };
    if (conn.exec(m.sql, &err) != SQLITE_OK) return abort(err);
    if (!conn.in_transaction()) return abort("it ended the transaction itself");
    Statement* record = conn.cached(
        "INSERT INTO schema_migrations(owner, version, name, applied_at) "
        "VALUES(?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
        &err);
    if (!record) return abort(err);
    record->bind_text(1, m.owner);
    record->bind_int(2, m.version);
    record->bind_text(3, m.name);
    int rc = record->step();
    record->reset();
    if (rc != SQLITE_DONE) return abort(conn.error_message());
    if (conn.exec("RELEASE migration", &err) != SQLITE_OK) return abort(err);
    return true;
}

}  // namespace

bool apply_migrations(Connection& conn, const std::vector<Migration>& migrations, std::string* error) {
    if (conn.in_transaction()) return fail(error, "apply_migrations called inside a transaction");
    std::string err;
    if (conn.exec(kCreateTable, &err) != SQLITE_OK) return fail(error, "creating schema_migrations: " + err);

    std::vector<const Migration*> order;
    order.reserve(migrations.size());
    for (const auto& m : migrations) order.push_back(&m);
    std::stable_sort(order.begin(), order.end(), [](const Migration* a, const Migration* b) {
        return std::tie(a->owner, a->version) < std::tie(b->owner, b->version);
    });
    for (size_t i = 1; i < order.size(); ++i) {
        if (order[i]->owner == order[i - 1]->owner && order[i]->version == order[i - 1]->version) {
            return fail(error, "duplicate migration " + label(*order[i]));
        }
    }

    std::set<Key> applied;
    if (!load_applied(conn, applied, error)) return false;
    std::vector<const Migration*> pending;
    for (const Migration* m : order)
        if (!applied.count({m->owner, m->version})) pending.push_back(m);
    if (pending.empty()) return true;

    // One transaction, so one sync, for the whole batch (a fresh database has dozens); a failing
    // migration is rolled back alone and the ones before it are kept, as if applied one by one.
    if (conn.exec("BEGIN IMMEDIATE", &err) != SQLITE_OK) return fail(error, "starting the migrations: " + err);
    bool ok = true;
    for (const Migration* m : pending)
        if (!(ok = apply_one(conn, *m, error))) break;
    if (conn.in_transaction() && conn.exec("COMMIT", &err) != SQLITE_OK) {
        conn.exec("ROLLBACK", nullptr);
        return fail(error, "committing the migrations: " + err);
    }
    return ok;
}

}  // namespace cf::db
