// Who is behind a session token or a bot key, against a real SQLite file.
#include "kernel/auth/sessions.h"
#include "kernel/db/connection.h"
#include "tests/unit/db/temp_dir.h"

#include <gtest/gtest.h>

namespace cf {
namespace {

class Sessions : public ::testing::Test {
protected:
    void SetUp() override {
        std::string error;
        conn = db::Connection::open(dir.file("t.db"), db::Connection::Mode::Write, &error);
        ASSERT_TRUE(conn) << error;
        ASSERT_EQ(conn->exec(
                      "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email_address TEXT UNIQUE, "
                      "password_digest TEXT, role INTEGER NOT NULL DEFAULT 0, status INTEGER NOT NULL DEFAULT 0, "
                      "bio TEXT, bot_token TEXT UNIQUE, created_at TEXT, updated_at TEXT);"
                      "CREATE TABLE sessions (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, token TEXT NOT NULL UNIQUE, "
                      "ip_address TEXT, user_agent TEXT, last_active_at TEXT NOT NULL, created_at TEXT NOT NULL, "
                      "updated_at TEXT NOT NULL);"
                      "INSERT INTO users(id, name, role, status, bot_token) VALUES "
                      "(1, 'Ann', 1, 0, NULL), (2, 'Gone', 0, 1, NULL), (7, 'Helper Bot', 2, 0, 'tok123456789'), "
                      "(8, 'Old Bot', 2, 1, 'oldtoken0000'), (9, 'Not A Bot', 0, 0, 'membertoken1');",
                      &error),
                  0)
            << error;
    }
    db::test::TempDir dir;
    std::unique_ptr<db::Connection> conn;
};

TEST_F(Sessions, ATokenNamesAnActiveUser) {
    std::string ann = create_session(*conn, 1, "127.0.0.1", "test");
    std::string gone = create_session(*conn, 2, "127.0.0.1", "test");
    ASSERT_FALSE(ann.empty());
    ASSERT_NE(ann, gone);
    auto who = find_session_user(*conn, ann);
    ASSERT_TRUE(who);
    EXPECT_EQ(who->id, 1);
    EXPECT_EQ(who->role, 1);
    EXPECT_GT(who->session_id, 0);
    EXPECT_FALSE(find_session_user(*conn, gone)); // deactivated users have no live sessions
    EXPECT_FALSE(find_session_user(*conn, "no-such-token"));
    EXPECT_TRUE(delete_session(*conn, who->session_id));
    EXPECT_FALSE(find_session_user(*conn, ann));
}

TEST_F(Sessions, ABotKeyIsIdDashTokenOfAnActiveBot) {
    auto bot = find_bot(*conn, "7-tok123456789");
    ASSERT_TRUE(bot);
    EXPECT_EQ(bot->id, 7);
    EXPECT_EQ(bot->role, 2);
    EXPECT_EQ(bot->name, "Helper Bot");
    EXPECT_FALSE(find_bot(*conn, "7-tok12345678"));  // wrong token
    EXPECT_FALSE(find_bot(*conn, "1-tok123456789")); // token of another user
    EXPECT_FALSE(find_bot(*conn, "8-oldtoken0000")); // deactivated bot
    EXPECT_FALSE(find_bot(*conn, "9-membertoken1")); // not a bot
    EXPECT_FALSE(find_bot(*conn, "tok123456789"));
    EXPECT_FALSE(find_bot(*conn, "7-"));
    EXPECT_FALSE(find_bot(*conn, "x-tok123456789"));
}

} // namespace
} // namespace cf
