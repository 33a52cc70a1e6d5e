// One statement run to completion with its arguments bound: the common case for kernel writes.
#pragma once

#include "kernel/db/connection.h"

#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <variant>

namespace cf::db {

using Arg = std::variant<int64_t, std::string_view, std::nullptr_t>;

// Returns SQLite's final step code (SQLITE_DONE on success; a failed prepare gives SQLITE_ERROR).
int exec_bound(Connection& conn, std::string_view sql, std::initializer_list<Arg> args);

} // namespace cf::db
