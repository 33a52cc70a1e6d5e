// Sessions and the people behind them: lookups on a read connection, changes inside writes.
#pragma once

#include "kernel/auth/cookie.h"
#include "kernel/db/connection.h"
#include "kernel/host/http_types.h"

#include <optional>
#include <string>

namespace cf {

// The active user behind a session token, or nullopt.
std::optional<UserInfo> find_session_user(db::Connection& reader, std::string_view token);
// The active bot behind a "<id>-<token>" key, or nullopt.
std::optional<UserInfo> find_bot(db::Connection& reader, std::string_view bot_key);
// An active user or bot by id (in-process requests), or nullopt.
std::optional<UserInfo> find_active_user(db::Connection& reader, int64_t id);

struct LoginCandidate {
    int64_t id = 0;
    int status = 0;
    std::string digest;
};
std::optional<LoginCandidate> find_login(db::Connection& reader, std::string_view email);

// Inside a write: inserts a session and returns its token ("" on failure).
std::string create_session(db::Connection& txn, int64_t user_id, std::string_view ip, std::string_view user_agent);
bool delete_session(db::Connection& txn, int64_t session_id);

} // namespace cf
