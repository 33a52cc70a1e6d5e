#include "kernel/db/statement.h"

#include <sqlite3.h>

namespace cf::db {

Statement::~Statement() { sqlite3_finalize(stmt_); }

int Statement::bind_int(int index, int64_t value) {
    return sqlite3_bind_int64(stmt_, index, value);
}

int Statement::bind_text(int index, std::string_view value) {
    // A zero-length view may carry a null pointer; SQLite would bind NULL, not "".
    const char* data = value.data() ? value.data() : "";
    return sqlite3_bind_text64(stmt_, index, data, value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

int Statement::bind_null(int index) { return sqlite3_bind_null(stmt_, index); }

int Statement::step() { return sqlite3_step(stmt_); }

int64_t Statement::column_int(int col) const { return sqlite3_column_int64(stmt_, col); }

std::string_view Statement::column_text(int col) const {
    // Ask for the text before its length: the conversion may change the byte count.
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    if (!text) return {};
    return {text, static_cast<size_t>(sqlite3_column_bytes(stmt_, col))};
}

int Statement::column_type(int col) const { return sqlite3_column_type(stmt_, col); }

int Statement::column_count() const { return sqlite3_column_count(stmt_); }

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

bool Statement::busy() const { return sqlite3_stmt_busy(stmt_) != 0; }

}  // namespace cf::db
