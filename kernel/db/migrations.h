// Schema migrations, per owner (the kernel, each plugin), recorded in schema_migrations.
#pragma once

#include <string>
#include <vector>

#include "kernel/db/connection.h"

namespace cf::db {

struct Migration {
    std::string owner;  // "kernel" or a plugin name
    int version = 0;    // ordered within its owner; applied once
    std::string name;
    std::string sql;    // one or more statements; must not BEGIN/COMMIT itself
};

// Applies the pending ones in (owner, version) order, each in its own transaction together with
// its schema_migrations row, so a crash never leaves one half-applied or applied-but-unrecorded.
// Returns false with an error naming the failing migration; those before it stay applied.
// Call outside any transaction (e.g. via Writer::run_now at boot).
bool apply_migrations(Connection& conn, const std::vector<Migration>& migrations, std::string* error);

}  // namespace cf::db
