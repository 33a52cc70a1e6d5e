#include "kernel/db/connection.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "tests/unit/db/temp_dir.h"

namespace cf::db {
namespace {

int64_t pragma(Connection& c, const std::string& name) {
    std::string err;
    Statement* s = c.cached("PRAGMA " + name, &err);
    EXPECT_NE(s, nullptr) << err;
    EXPECT_EQ(s->step(), SQLITE_ROW);
    return s->column_int(0);
}

TEST(Connection, WriteModeSetsDurabilityPragmas) {
    test::TempDir dir;
    std::string err;
    auto c = Connection::open(dir.file("a.db"), Connection::Mode::Write, &err);
    ASSERT_TRUE(c) << err;
    Statement* mode = c->cached("PRAGMA journal_mode", &err);
    ASSERT_EQ(mode->step(), SQLITE_ROW);
    EXPECT_EQ(mode->column_text(0), "wal");
    EXPECT_EQ(pragma(*c, "synchronous"), 2);  // FULL
    EXPECT_EQ(pragma(*c, "foreign_keys"), 1);
    EXPECT_EQ(pragma(*c, "wal_autocheckpoint"), 0);
    EXPECT_EQ(pragma(*c, "temp_store"), 2);  // MEMORY
    EXPECT_EQ(pragma(*c, "busy_timeout"), 5000);
}

TEST(Connection, ReadModeRefusesWrites) {
    test::TempDir dir;
    std::string err;
    auto w = Connection::open(dir.file("a.db"), Connection::Mode::Write, &err);
    ASSERT_TRUE(w) << err;
    ASSERT_EQ(w->exec("CREATE TABLE t(x)", &err), SQLITE_OK) << err;
    auto r = Connection::open(dir.file("a.db"), Connection::Mode::Read, &err);
    ASSERT_TRUE(r) << err;
    EXPECT_NE(r->exec("INSERT INTO t VALUES(1)", &err), SQLITE_OK);
    EXPECT_FALSE(err.empty());
}

TEST(Connection, ReadModeDoesNotCreateTheFile) {
    test::TempDir dir;
    std::string err;
    EXPECT_FALSE(Connection::open(dir.file("missing.db"), Connection::Mode::Read, &err));
    EXPECT_NE(err.find("missing.db"), std::string::npos) << err;
}

TEST(Connection, CacheReturnsTheSameResetStatement) {
    test::TempDir dir;
    std::string err;
    auto c = Connection::open(dir.file("a.db"), Connection::Mode::Write, &err);
    ASSERT_TRUE(c) << err;
    ASSERT_EQ(c->exec("CREATE TABLE t(x INTEGER, y TEXT); INSERT INTO t VALUES(1,'a'),(2,'b');", &err), SQLITE_OK);

    Statement* a = c->cached("SELECT x, y FROM t WHERE x >= ?1 ORDER BY x", &err);
    ASSERT_NE(a, nullptr) << err;
    ASSERT_EQ(a->bind_int(1, 1), SQLITE_OK);
    ASSERT_EQ(a->step(), SQLITE_ROW);  // left mid-iteration, bound
    EXPECT_TRUE(a->busy());

    Statement* b = c->cached("SELECT x, y FROM t WHERE x >= ?1 ORDER BY x", &err);
    EXPECT_EQ(a, b);
    EXPECT_EQ(c->cached_count(), 1u);
    EXPECT_FALSE(b->busy());
    EXPECT_EQ(b->step(), SQLITE_DONE);  // bindings cleared: x >= NULL matches nothing

    EXPECT_NE(c->cached("SELECT x FROM t", &err), a);
    EXPECT_EQ(c->cached_count(), 2u);
}

TEST(Connection, StatementBindsAndReadsColumns) {
    test::TempDir dir;
    std::string err;
    auto c = Connection::open(dir.file("a.db"), Connection::Mode::Write, &err);
    ASSERT_TRUE(c) << err;
    ASSERT_EQ(c->exec("CREATE TABLE t(id INTEGER PRIMARY KEY, n INTEGER, s TEXT)", &err), SQLITE_OK);
    Statement* ins = c->cached("INSERT INTO t(n, s) VALUES(?1, ?2)", &err);
    ASSERT_NE(ins, nullptr) << err;
    ins->bind_int(1, int64_t{1} << 40);
    std::string text("with\0nul", 8);
    ins->bind_text(2, text);
    ASSERT_EQ(ins->step(), SQLITE_DONE);
    EXPECT_EQ(c->last_insert_id(), 1);
    EXPECT_EQ(c->changes(), 1);
    ins = c->cached("INSERT INTO t(n, s) VALUES(?1, ?2)", &err);
    ins->bind_null(1);
    ins->bind_text(2, std::string_view());
    ASSERT_EQ(ins->step(), SQLITE_DONE);

    Statement* sel = c->cached("SELECT n, s FROM t ORDER BY id", &err);
    ASSERT_EQ(sel->step(), SQLITE_ROW);
    EXPECT_EQ(sel->column_int(0), int64_t{1} << 40);
    EXPECT_EQ(sel->column_text(1), text);
    ASSERT_EQ(sel->step(), SQLITE_ROW);
    EXPECT_EQ(sel->column_type(0), SQLITE_NULL);
    EXPECT_EQ(sel->column_type(1), SQLITE_TEXT);  // an empty string, not NULL
    EXPECT_EQ(sel->column_text(1), "");
    EXPECT_EQ(sel->step(), SQLITE_DONE);
}

TEST(Connection, CachedRejectsBadOrMultipleStatements) {
    test::TempDir dir;
    std::string err;
    auto c = Connection::open(dir.file("a.db"), Connection::Mode::Write, &err);
    ASSERT_TRUE(c) << err;
    EXPECT_EQ(c->cached("SELEC 1", &err), nullptr);
    EXPECT_NE(err.find("syntax"), std::string::npos) << err;
    EXPECT_EQ(c->cached("SELECT 1; SELECT 2", &err), nullptr);
    EXPECT_EQ(c->cached("  ", &err), nullptr);
    EXPECT_NE(c->cached("SELECT 1;  \n", &err), nullptr) << err;
    EXPECT_EQ(c->cached_count(), 1u);
}

TEST(Connection, ResetAllEndsReadTransactions) {
    test::TempDir dir;
    std::string err;
    auto c = Connection::open(dir.file("a.db"), Connection::Mode::Write, &err);
    ASSERT_EQ(c->exec("CREATE TABLE t(x); INSERT INTO t VALUES(1),(2);", &err), SQLITE_OK);
    Statement* s = c->cached("SELECT x FROM t", &err);
    ASSERT_EQ(s->step(), SQLITE_ROW);
    EXPECT_TRUE(s->busy());
    c->reset_all();
    EXPECT_FALSE(s->busy());
}

}  // namespace
}  // namespace cf::db
