// One SQLite connection: RAII over sqlite3*, the pragmas each role needs, and a statement cache.
// A Connection is used by one thread at a time (it is opened without SQLite's mutex).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "kernel/db/statement.h"

struct sqlite3;

namespace cf::db {

class Connection {
public:
    enum class Mode {
        Write,      // the writer's: creates the file, WAL, synchronous=FULL, no autocheckpoint
        Read,       // read-only, query_only; never blocks the writer (WAL)
        Checkpoint  // read-write, used only for wal_checkpoint
    };

    // nullptr on failure, with the reason in *error (if given).
    static std::unique_ptr<Connection> open(const std::string& path, Mode mode, std::string* error);

    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Prepared once per connection, keyed by the SQL text; returned reset and with no bindings.
    // The pointer stays valid until the connection closes. nullptr on error (also for SQL that
    // holds more than one statement: use exec for that).
    Statement* cached(std::string_view sql, std::string* error);
    // Resets every cached statement, so none keeps a transaction (or a WAL snapshot) open.
    void reset_all();
    size_t cached_count() const { return cache_.size(); }

    // Runs one or more statements (migrations, transaction control). An SQLite result code.
    int exec(std::string_view sql, std::string* error);

    sqlite3* raw() noexcept { return db_.get(); }
    Mode mode() const noexcept { return mode_; }
    const std::string& path() const noexcept { return path_; }
    int64_t last_insert_id() const;
    int changes() const;
    std::string error_message() const;
    bool in_transaction() const;

private:
    struct Closer {
        void operator()(sqlite3* db) const;
    };
    // Heterogeneous lookup: find by string_view without building a std::string.
    struct Hash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
    };

public:
    // Only open() can make one (the key is private), yet make_unique still works.
    class Key {
        friend class Connection;
        Key() = default;
    };
    Connection(Key, std::unique_ptr<sqlite3, Closer> db, Mode mode, std::string path);

private:
    // Declared before the cache so that it is destroyed after it: statements finalize first.
    std::unique_ptr<sqlite3, Closer> db_;
    Mode mode_;
    std::string path_;
    std::unordered_map<std::string, std::unique_ptr<Statement>, Hash, std::equal_to<>> cache_;
};

}  // namespace cf::db
