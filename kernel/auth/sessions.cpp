#include "kernel/auth/sessions.h"

#include "kernel/base/crypto.h"
#include "kernel/base/strings.h"

#include <sqlite3.h>

namespace cf {

namespace {
UserInfo read_user(db::Statement* st) {
    UserInfo u;
    u.id = st->column_int(0);
    u.role = static_cast<int>(st->column_int(1));
    u.status = static_cast<int>(st->column_int(2));
    u.name = std::string(st->column_text(3));
    return u;
}
} // namespace

std::optional<UserInfo> find_session_user(db::Connection& reader, std::string_view token) {
    std::string error;
    db::Statement* st = reader.cached(
        "SELECT u.id, u.role, u.status, u.name, s.id FROM sessions s JOIN users u ON u.id = s.user_id "
        "WHERE s.token = ? AND u.status = 0",
        &error);
    if (!st) return std::nullopt;
    st->bind_text(1, token);
    std::optional<UserInfo> out;
    if (st->step() == SQLITE_ROW) {
        out = read_user(st);
        out->session_id = st->column_int(4);
    }
    st->reset();
    return out;
}

std::optional<UserInfo> find_bot(db::Connection& reader, std::string_view bot_key) {
    size_t dash = bot_key.find('-');
    if (dash == std::string_view::npos) return std::nullopt;
    auto id = parse_int(bot_key.substr(0, dash));
    std::string_view token = bot_key.substr(dash + 1);
    if (!id || token.empty()) return std::nullopt;
    std::string error;
    db::Statement* st = reader.cached(
        "SELECT id, role, status, name, bot_token FROM users WHERE id = ? AND role = 2 AND status = 0", &error);
    if (!st) return std::nullopt;
    st->bind_int(1, *id);
    std::optional<UserInfo> out;
    if (st->step() == SQLITE_ROW && constant_time_equal(st->column_text(4), token)) out = read_user(st);
    st->reset();
    return out;
}

std::optional<UserInfo> find_active_user(db::Connection& reader, int64_t id) {
    std::string error;
    db::Statement* st = reader.cached("SELECT id, role, status, name FROM users WHERE id = ? AND status = 0", &error);
    if (!st) return std::nullopt;
    st->bind_int(1, id);
    std::optional<UserInfo> out;
    if (st->step() == SQLITE_ROW) out = read_user(st);
    st->reset();
    return out;
}

std::optional<LoginCandidate> find_login(db::Connection& reader, std::string_view email) {
    std::string error;
    db::Statement* st = reader.cached(
        "SELECT id, status, COALESCE(password_digest, '') FROM users WHERE email_address = ? AND role != 2", &error);
    if (!st) return std::nullopt;
    st->bind_text(1, trim(email));
    std::optional<LoginCandidate> out;
    if (st->step() == SQLITE_ROW)
        out = LoginCandidate{st->column_int(0), static_cast<int>(st->column_int(1)), std::string(st->column_text(2))};
    st->reset();
    return out;
}

std::string create_session(db::Connection& txn, int64_t user_id, std::string_view ip, std::string_view user_agent) {
    std::string error;
    db::Statement* st = txn.cached(
        "INSERT INTO sessions(user_id, token, ip_address, user_agent, last_active_at, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now'), "
        "strftime('%Y-%m-%dT%H:%M:%fZ','now'))",
        &error);
    if (!st) return "";
    std::string token = random_alnum(32);
    st->bind_int(1, user_id);
    st->bind_text(2, token);
    st->bind_text(3, ip);
    st->bind_text(4, user_agent.substr(0, 512));
    int rc = st->step();
    st->reset();
    return rc == SQLITE_DONE ? token : "";
}

bool delete_session(db::Connection& txn, int64_t session_id) {
    std::string error;
    db::Statement* st = txn.cached("DELETE FROM sessions WHERE id = ?", &error);
    if (!st) return false;
    st->bind_int(1, session_id);
    int rc = st->step();
    st->reset();
    return rc == SQLITE_DONE;
}

} // namespace cf
