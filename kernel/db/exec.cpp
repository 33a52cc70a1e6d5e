#include "kernel/db/exec.h"

#include "kernel/db/statement.h"

#include <sqlite3.h>

namespace cf::db {

int exec_bound(Connection& conn, std::string_view sql, std::initializer_list<Arg> args) {
    std::string error;
    Statement* st = conn.cached(sql, &error);
    if (!st) return SQLITE_ERROR;
    int index = 1;
    for (const Arg& arg : args) {
        if (auto* i = std::get_if<int64_t>(&arg)) st->bind_int(index, *i);
        else if (auto* s = std::get_if<std::string_view>(&arg)) st->bind_text(index, *s);
        else st->bind_null(index);
        ++index;
    }
    int rc = st->step();
    while (rc == SQLITE_ROW) rc = st->step();
    st->reset();
    return rc;
}

} // namespace cf::db
