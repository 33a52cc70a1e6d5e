// A prepared statement: RAII over sqlite3_stmt*, owned by one Connection's cache.
#pragma once

#include <cstdint>
#include <string_view>

struct sqlite3_stmt;

namespace cf::db {

class Statement {
public:
    explicit Statement(sqlite3_stmt* stmt) noexcept : stmt_(stmt) {}
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    // Binding indexes start at 1 (SQLite's convention). Each returns an SQLite result code.
    // Text is copied, so the caller's buffer need not outlive the call.
    int bind_int(int index, int64_t value);
    int bind_text(int index, std::string_view value);
    int bind_null(int index);

    // SQLITE_ROW, SQLITE_DONE, or an SQLite error code.
    int step();

    // Columns start at 0. column_text is valid until the next step() or reset().
    int64_t column_int(int col) const;
    std::string_view column_text(int col) const;
    int column_type(int col) const;
    int column_count() const;

    // Ends the current execution (releasing any read transaction it holds) and clears bindings.
    void reset();
    // True while stepped but not yet finished or reset: such a statement pins a transaction.
    bool busy() const;

    sqlite3_stmt* raw() noexcept { return stmt_; }

private:
    sqlite3_stmt* stmt_;
};

}  // namespace cf::db
