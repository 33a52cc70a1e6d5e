#include "kernel/db/migrations.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "tests/unit/db/temp_dir.h"

namespace cf::db {
namespace {

class MigrationsTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string err;
        conn = Connection::open(dir.file("m.db"), Connection::Mode::Write, &err);
        ASSERT_TRUE(conn) << err;
    }
    std::vector<std::string> applied() {
        std::vector<std::string> out;
        Statement* s = conn->cached("SELECT owner || ':' || version || ':' || name FROM schema_migrations "
                                    "ORDER BY rowid", nullptr);
        while (s && s->step() == SQLITE_ROW) out.emplace_back(s->column_text(0));
        return out;
    }
    bool has_table(const std::string& name) {
        Statement* s = conn->cached("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1", nullptr);
        s->bind_text(1, name);
        return s->step() == SQLITE_ROW;
    }

    test::TempDir dir;
    std::unique_ptr<Connection> conn;
};

TEST_F(MigrationsTest, AppliesInOwnerVersionOrderAndRecords) {
    // Given out of order: v2 only works after v1.
    std::vector<Migration> ms = {
        {"kernel", 2, "add_body", "ALTER TABLE messages ADD COLUMN body TEXT"},
        {"emoji", 1, "emoji", "CREATE TABLE emoji(id INTEGER PRIMARY KEY)"},
        {"kernel", 1, "messages", "CREATE TABLE messages(id INTEGER PRIMARY KEY)"},
    };
    std::string err;
    ASSERT_TRUE(apply_migrations(*conn, ms, &err)) << err;
    EXPECT_EQ(applied(), (std::vector<std::string>{"emoji:1:emoji", "kernel:1:messages", "kernel:2:add_body"}));
    EXPECT_TRUE(has_table("messages"));
    Statement* s = conn->cached("SELECT applied_at FROM schema_migrations LIMIT 1", nullptr);
    ASSERT_EQ(s->step(), SQLITE_ROW);
    EXPECT_EQ(s->column_text(0).size(), 24u);  // 2024-01-01T00:00:00.000Z
}

TEST_F(MigrationsTest, ReRunningIsANoOpAndAppliesOnlyNewOnes) {
    std::vector<Migration> ms = {{"kernel", 1, "t", "CREATE TABLE t(x)"}};
    std::string err;
    ASSERT_TRUE(apply_migrations(*conn, ms, &err)) << err;
    ASSERT_TRUE(apply_migrations(*conn, ms, &err)) << err;  // CREATE TABLE again would fail
    EXPECT_EQ(applied().size(), 1u);
    ms.push_back({"kernel", 2, "u", "CREATE TABLE u(x)"});
    ASSERT_TRUE(apply_migrations(*conn, ms, &err)) << err;
    EXPECT_EQ(applied(), (std::vector<std::string>{"kernel:1:t", "kernel:2:u"}));
}

TEST_F(MigrationsTest, FailingMigrationRollsBackAndIsNamed) {
    std::vector<Migration> ms = {
        {"kernel", 1, "first", "CREATE TABLE a(x)"},
        {"kernel", 2, "broken_one", "CREATE TABLE b(x); INSERT INTO nowhere VALUES(1);"},
        {"kernel", 3, "third", "CREATE TABLE c(x)"},
    };
    std::string err;
    EXPECT_FALSE(apply_migrations(*conn, ms, &err));
    EXPECT_NE(err.find("broken_one"), std::string::npos) << err;
    EXPECT_NE(err.find("nowhere"), std::string::npos) << err;
    EXPECT_TRUE(has_table("a"));
    EXPECT_FALSE(has_table("b"));  // its first statement was rolled back with it
    EXPECT_FALSE(has_table("c"));
    EXPECT_EQ(applied(), (std::vector<std::string>{"kernel:1:first"}));
    EXPECT_FALSE(conn->in_transaction());

    ms[1].sql = "CREATE TABLE b(x)";  // fixed: the next boot carries on
    ASSERT_TRUE(apply_migrations(*conn, ms, &err)) << err;
    EXPECT_EQ(applied().size(), 3u);
}

TEST_F(MigrationsTest, RefusesTransactionControlAndDuplicates) {
    std::string err;
    EXPECT_FALSE(apply_migrations(*conn, {{"p", 1, "sneaky", "CREATE TABLE s(x); COMMIT;"}}, &err));
    EXPECT_NE(err.find("sneaky"), std::string::npos) << err;
    EXPECT_TRUE(applied().empty());

    EXPECT_FALSE(apply_migrations(*conn, {{"p", 2, "a", "SELECT 1"}, {"p", 2, "b", "SELECT 1"}}, &err));
    EXPECT_NE(err.find("duplicate"), std::string::npos) << err;

    ASSERT_EQ(conn->exec("BEGIN", nullptr), SQLITE_OK);
    EXPECT_FALSE(apply_migrations(*conn, {}, &err));
    conn->exec("ROLLBACK", nullptr);
}

}  // namespace
}  // namespace cf::db
