#include "kernel/db/connection.h"

#include <sqlite3.h>

#include <mutex>

namespace cf::db {
namespace {

constexpr int kBusyTimeoutMs = 5000;
// Past this, a restarted WAL is truncated back, so one burst does not leave a huge file behind.
constexpr const char* kJournalSizeLimit = "PRAGMA journal_size_limit=4194304";

void set_error(std::string* error, std::string message) {
    if (error) *error = std::move(message);
}

// Pragmas name themselves in the error; caller SQL (a whole migration) would be too long.
int run(sqlite3* db, const char* sql, std::string* error, bool name_sql = true) {
    char* msg = nullptr;
    int rc = sqlite3_exec(db, sql, nullptr, nullptr, &msg);
    if (rc != SQLITE_OK) {
        std::string what = msg ? msg : sqlite3_errstr(rc);
        set_error(error, name_sql ? std::string(sql) + ": " + what : what);
    }
    sqlite3_free(msg);
    return rc;
}

// journal_mode answers with the mode it ended up in; anything but "wal" is a failure.
bool enable_wal(sqlite3* db, std::string* error) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, "PRAGMA journal_mode=WAL", -1, &stmt, nullptr) != SQLITE_OK) {
        set_error(error, sqlite3_errmsg(db));
        return false;
    }
    bool ok = false;
    if (sqlite3_step(stmt) == SQLITE_ROW) {
        const auto* mode = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
        ok = mode && std::string_view(mode) == "wal";
    }
    sqlite3_finalize(stmt);
    if (!ok) set_error(error, "could not switch the database to WAL mode");
    return ok;
}

bool configure(sqlite3* db, Connection::Mode mode, std::string* error) {
    sqlite3_busy_timeout(db, kBusyTimeoutMs);
    sqlite3_extended_result_codes(db, 1);
    switch (mode) {
    case Connection::Mode::Write:
        return enable_wal(db, error) &&
               // FULL: an acknowledged commit survives power loss, not just a process crash.
               run(db, "PRAGMA synchronous=FULL", error) == SQLITE_OK &&
               run(db, "PRAGMA foreign_keys=ON", error) == SQLITE_OK &&
               // Checkpoints run on the Checkpointer's thread, never inside a commit.
               run(db, "PRAGMA wal_autocheckpoint=0", error) == SQLITE_OK &&
               run(db, "PRAGMA temp_store=MEMORY", error) == SQLITE_OK &&
               run(db, kJournalSizeLimit, error) == SQLITE_OK;
    case Connection::Mode::Read:
        return run(db, "PRAGMA query_only=ON", error) == SQLITE_OK &&
               run(db, "PRAGMA foreign_keys=ON", error) == SQLITE_OK;
    case Connection::Mode::Checkpoint:
        // Also makes the connection read the header and open the WAL: until it has, SQLite
        // treats a checkpoint on it as one on a rollback-journal database (a no-op).
        return enable_wal(db, error) && run(db, "PRAGMA wal_autocheckpoint=0", error) == SQLITE_OK &&
               run(db, kJournalSizeLimit, error) == SQLITE_OK;
    }
    return false;
}

int open_flags(Connection::Mode mode) {
    // NOMUTEX: a connection is confined to one thread at a time, so SQLite's lock is pure cost.
    int flags = SQLITE_OPEN_NOMUTEX;
    switch (mode) {
    case Connection::Mode::Write: return flags | SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    case Connection::Mode::Read: return flags | SQLITE_OPEN_READONLY;
    case Connection::Mode::Checkpoint: return flags | SQLITE_OPEN_READWRITE;
    }
    return flags;
}

// Process-wide settings, before SQLite initialises itself on the first open. Memory statistics
// off: with them on, every allocation SQLite makes takes one global mutex, which the writer and
// all readers then contend for (about a tenth of the writer's time under load); we never read them.
void configure_library() {
    static std::once_flag once;
    std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

}  // namespace

void Connection::Closer::operator()(sqlite3* db) const { sqlite3_close_v2(db); }

Connection::Connection(Key, std::unique_ptr<sqlite3, Closer> db, Mode mode, std::string path)
    : db_(std::move(db)), mode_(mode), path_(std::move(path)) {}

Connection::~Connection() { cache_.clear(); }

std::unique_ptr<Connection> Connection::open(const std::string& path, Mode mode, std::string* error) {
    configure_library();
    sqlite3* handle = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &handle, open_flags(mode), nullptr);
    // sqlite3_open_v2 hands back a handle even on failure; it must still be closed.
    std::unique_ptr<sqlite3, Closer> db(handle);
    if (rc != SQLITE_OK) {
        set_error(error, "open " + path + ": " + (handle ? sqlite3_errmsg(handle) : sqlite3_errstr(rc)));
        return nullptr;
    }
    if (!configure(db.get(), mode, error)) return nullptr;
    return std::make_unique<Connection>(Key{}, std::move(db), mode, path);
}

Statement* Connection::cached(std::string_view sql, std::string* error) {
    if (auto it = cache_.find(sql); it != cache_.end()) {
        it->second->reset();
        return it->second.get();
    }
    sqlite3_stmt* raw_stmt = nullptr;
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &raw_stmt, &tail);
    auto stmt = std::make_unique<Statement>(raw_stmt);  // owns it from here, even on error
    if (rc != SQLITE_OK) {
        set_error(error, sqlite3_errmsg(db_.get()));
        return nullptr;
    }
    if (!raw_stmt) {
        set_error(error, "empty SQL");
        return nullptr;
    }
    for (const char* end = sql.data() + sql.size(); tail && tail < end; ++tail) {
        if (*tail != ' ' && *tail != '\t' && *tail != '\n' && *tail != '\r' && *tail != ';') {
            set_error(error, "more than one statement in cached SQL");
            return nullptr;
        }
    }
    Statement* result = stmt.get();
    cache_.emplace(std::string(sql), std::move(stmt));
    return result;
}

void Connection::reset_all() {
    for (auto& [sql, stmt] : cache_) {
        if (stmt->busy()) stmt->reset();
    }
}

int Connection::exec(std::string_view sql, std::string* error) {
    std::string text(sql);  // sqlite3_exec wants a NUL-terminated string
    return run(db_.get(), text.c_str(), error, false);
}

int64_t Connection::last_insert_id() const { return sqlite3_last_insert_rowid(db_.get()); }

int Connection::changes() const { return sqlite3_changes(db_.get()); }

std::string Connection::error_message() const { return sqlite3_errmsg(db_.get()); }

bool Connection::in_transaction() const { return sqlite3_get_autocommit(db_.get()) == 0; }

}  // namespace cf::db
