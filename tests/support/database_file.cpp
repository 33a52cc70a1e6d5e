#include "tests/support/database_file.h"

#include <sqlite3.h>

#include <memory>
#include <stdexcept>

namespace cf::test {

void exec_sql(const std::string& db_path, const std::string& sql) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(db_path.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr);
  std::unique_ptr<sqlite3, decltype(&sqlite3_close)> db(raw, sqlite3_close);
  if (rc != SQLITE_OK) throw std::runtime_error("open " + db_path + ": " + sqlite3_errstr(rc));
  sqlite3_busy_timeout(db.get(), 5000);
  char* error = nullptr;
  rc = sqlite3_exec(db.get(), ("BEGIN;" + sql + ";COMMIT;").c_str(), nullptr, nullptr, &error);
  if (rc != SQLITE_OK) {
    std::string why = error ? error : sqlite3_errstr(rc);
    sqlite3_free(error);
    throw std::runtime_error("sql failed: " + why + " in: " + sql);
  }
}

}  // namespace cf::test
