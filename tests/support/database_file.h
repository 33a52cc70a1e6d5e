// Direct SQL on the database file of a *stopped* server: how a test sets up what no route makes
// yet (account settings, bots, inactive users). Never use it while the server runs.
#pragma once

#include <string>

namespace cf::test {

// Runs `sql` (one or more statements) in one transaction; throws std::runtime_error on error.
void exec_sql(const std::string& db_path, const std::string& sql);

}  // namespace cf::test
