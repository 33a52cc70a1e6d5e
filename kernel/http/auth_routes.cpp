// Campfire's first run, sign-in, sign-out and sign-up through the join link.
// First run is race-free by construction: the account row has a UNIQUE singleton_guard and is
// inserted inside the single writer, so N concurrent first runs create exactly one account.
#include "kernel/http/kernel_routes.h"

#include "kernel/auth/password.h"
#include "kernel/auth/sessions.h"
#include "kernel/base/clock.h"
#include "kernel/base/crypto.h"
#include "kernel/base/strings.h"
#include "kernel/db/read_pool.h"
#include "kernel/host/kernel_hooks.h"
#include "kernel/host/kernel_write.h"
#include "kernel/http/people_json.h"

#include <campfire/json.hpp>
#include <sqlite3.h>

namespace cf {

namespace {

constexpr const char* kLoginFailed = "Too many requests or unauthorized.";

struct NewUser {
    std::string name, email, password;
};

// Reads and checks {"user":{"name","email_address","password"}}; on failure sets the message.
std::optional<NewUser> read_new_user(const HttpRequest& req, std::string* problem) {
    rapidjson::Document doc;
    parse_json(doc, req.json);
    const rapidjson::Value* user = doc.IsObject() && doc.HasMember("user") && doc["user"].IsObject() ? &doc["user"] : nullptr;
    auto field = [&](const char* name) -> std::string {
        if (!user || !user->HasMember(name) || !(*user)[name].IsString()) return "";
        return std::string((*user)[name].GetString(), (*user)[name].GetStringLength());
    };
    NewUser u{std::string(trim(field("name"))), std::string(trim(field("email_address"))), field("password")};
    auto has_control = [](const std::string& v) {
        for (unsigned char c : v)
            if (c < 0x20 || c == 0x7f) return true;
        return false;
    };
    if (has_control(u.name) || has_control(u.email)) *problem = "user.name and user.email_address must not contain control characters";
    else if (u.name.empty() || u.name.size() > 100) *problem = "user.name must be 1 to 100 characters";
    else if (u.email.size() < 3 || u.email.size() > 254 || u.email.find('@') == std::string::npos ||
             u.email.front() == '@' || u.email.back() == '@' || u.email.find(' ') != std::string::npos)
        *problem = "user.email_address must be an email address";
    else if (u.password.size() < 8 || u.password.size() > 1024) *problem = "user.password must be 8 to 1024 characters";
    else if (u.password.find('\0') != std::string::npos) *problem = "user.password must not contain NUL";
    else return u;
    return std::nullopt;
}

// Reads, checks and hashes a new user, or answers 422 and returns nullopt.
struct PreparedUser {
    NewUser user;
    std::string digest;
    std::string ip, agent;
};
std::optional<PreparedUser> prepare_new_user(const HttpRequest& req, Reply& reply) {
    std::string problem;
    auto u = read_new_user(req, &problem);
    if (!u) {
        reply.error(422, problem);
        return std::nullopt;
    }
    auto digest = hash_password(u->password);
    if (!digest) {
        reply.error(422, "password cannot be hashed");
        return std::nullopt;
    }
    const std::string* agent = req.header("user-agent");
    return PreparedUser{std::move(*u), std::move(*digest), req.ip, agent ? *agent : ""};
}

std::string user_json(int64_t id, std::string_view name, std::string_view email, int role) {
    Json j;
    j.obj([&] {
        j.key("id").num(id);
        j.key("name").str(name);
        j.key("email_address").str(email);
        j.key("role").str(role_name(role));
    });
    return std::string(j.text());
}

// Inside a write: inserts a user, fires user.created. Returns the id, 0 for a taken email, -1 on error.
int64_t insert_user(Kernel& kernel, db::Txn& txn, const NewUser& u, const std::string& digest, int role) {
    std::string error;
    db::Statement* st = txn.conn.cached(
        "INSERT INTO users(name, email_address, password_digest, role, status, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, 0, strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now'))",
        &error);
    if (!st) return -1;
    st->bind_text(1, u.name);
    st->bind_text(2, u.email);
    st->bind_text(3, digest);
    st->bind_int(4, role);
    int rc = st->step();
    st->reset();
    if ((rc & 0xff) == SQLITE_CONSTRAINT) return 0;
    if (rc != SQLITE_DONE) return -1;
    int64_t id = txn.conn.last_insert_id();
    Json payload;
    payload.obj([&] {
        payload.key("user").obj([&] {
            payload.key("id").num(id);
            payload.key("name").str(u.name);
            payload.key("role").str(role_name(role));
        });
    });
    UserInfo who{id, role, 0, u.name, 0};
    if (run_store_hooks(kernel, txn, "user.created", payload.text(), &who) != CF_OK) return -1;
    return id;
}

enum : int { kConflict = 1, kEmailTaken = 2, kFailed = 3 };

// Replies 201 with the user and a session cookie.
void signed_in(Reply reply, const AuthRouteContext& ctx, const std::string& token, const std::string& body) {
    reply.header("Set-Cookie", ctx.signer->set_cookie(token, !ctx.kernel->config.disable_ssl));
    reply.json(201, body);
}

void first_run_create(const AuthRouteContext& ctx, HttpRequest& req, Reply reply) {
    auto p = prepare_new_user(req, reply);
    if (!p) return;
    struct Result { int64_t user_id = 0; std::string token; };
    auto result = std::make_shared<Result>();
    Kernel& kernel = *ctx.kernel;
    auto run = [&kernel, p = *p, result](db::Txn& txn) -> int {
        std::string error;
        db::Statement* acc = txn.conn.cached(
            "INSERT INTO accounts(name, join_code, settings, singleton_guard, created_at, updated_at) "
            "VALUES ('Campfire', ?, '{}', 0, strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now'))",
            &error);
        if (!acc) return kFailed;
        acc->bind_text(1, generate_join_code());
        int rc = acc->step();
        acc->reset();
        if ((rc & 0xff) == SQLITE_CONSTRAINT) return kConflict; // the singleton guard: someone else won
        if (rc != SQLITE_DONE) return kFailed;
        int64_t id = insert_user(kernel, txn, p.user, p.digest, CF_ROLE_ADMIN);
        if (id <= 0) return kFailed;
        Json payload;
        payload.obj([&] {
            payload.key("account").obj([&] { payload.key("name").str("Campfire"); });
            payload.key("user").obj([&] {
                payload.key("id").num(id);
                payload.key("name").str(p.user.name);
                payload.key("role").str("administrator");
            });
        });
        UserInfo who{id, CF_ROLE_ADMIN, 0, p.user.name, 0};
        if (run_store_hooks(kernel, txn, "account.created", payload.text(), &who) != CF_OK) return kFailed;
        result->token = create_session(txn.conn, id, p.ip, p.agent);
        if (result->token.empty()) return kFailed;
        result->user_id = id;
        return 0;
    };
    write_then_reply(kernel, std::move(reply), std::move(run), [ctx, result, u = p->user](int status, Reply& reply) {
        if (status == kConflict) return reply.error(409, "this Campfire is already set up");
        if (status != 0) return reply.error(500, "first run failed");
        signed_in(std::move(reply), ctx, result->token,
                  "{\"user\":" + user_json(result->user_id, u.name, u.email, CF_ROLE_ADMIN) + "}");
    });
}

void sign_in(const AuthRouteContext& ctx, HttpRequest& req, Reply reply) {
    if (!ctx.login_limiter->allow(req.ip, now_ms())) return reply.error(429, kLoginFailed);
    rapidjson::Document doc;
    parse_json(doc, req.json);
    auto field = [&](const char* name) -> std::string {
        const rapidjson::Value* v = doc.IsObject() && doc.HasMember(name) ? &doc[name] : nullptr;
        // Also accept Rails-style {"session":{...}} bodies.
        if (!v && doc.IsObject() && doc.HasMember("session") && doc["session"].IsObject() && doc["session"].HasMember(name))
            v = &doc["session"][name];
        return v && v->IsString() ? std::string(v->GetString(), v->GetStringLength()) : "";
    };
    std::string email = field("email_address"), password = field("password");
    if (email.empty() || password.empty() || email.size() > 254 || password.size() > 1024)
        return reply.error(401, kLoginFailed);
    auto who = find_login(db::reader(), email);
    if (!who || who->status != CF_STATUS_ACTIVE || !verify_password(password, who->digest))
        return reply.error(401, kLoginFailed);
    auto token = std::make_shared<std::string>();
    int64_t id = who->id;
    const std::string* agent = req.header("user-agent");
    auto run = [id, token, ip = req.ip, agent = agent ? *agent : ""](db::Txn& txn) -> int {
        *token = create_session(txn.conn, id, ip, agent);
        return token->empty() ? kFailed : 0;
    };
    write_then_reply(*ctx.kernel, std::move(reply), std::move(run), [ctx, token, id](int status, Reply& reply) {
        if (status != 0) return reply.error(500, "sign-in failed");
        std::string error;
        db::Statement* st = db::reader().cached("SELECT name, email_address, role FROM users WHERE id = ?", &error);
        std::string body = "{}";
        if (st) {
            st->bind_int(1, id);
            if (st->step() == SQLITE_ROW)
                body = "{\"user\":" + user_json(id, st->column_text(0), st->column_text(1), static_cast<int>(st->column_int(2))) + "}";
            st->reset();
        }
        signed_in(std::move(reply), ctx, *token, body);
    });
}

// Campfire's sign-out also drops this browser's push subscription (`push_subscription_endpoint`):
// plugins that keep per-session state get the session.deleted hook in the same transaction.
void sign_out(const AuthRouteContext& ctx, HttpRequest& req, Reply reply) {
    int64_t session_id = req.user->session_id;
    bool secure = !ctx.kernel->config.disable_ssl;
    rapidjson::Document doc;
    parse_json(doc, req.json);
    std::optional<std::string> endpoint;
    if (doc.IsObject() && doc.HasMember("push_subscription_endpoint") && doc["push_subscription_endpoint"].IsString())
        endpoint = doc["push_subscription_endpoint"].GetString();
    else if (const std::string* q = req.query_value("push_subscription_endpoint"))
        endpoint = *q;
    Json payload;
    payload.obj([&] {
        payload.key("user_id").num(req.user->id);
        payload.key("session_id").num(session_id);
        payload.key("push_subscription_endpoint");
        if (endpoint) payload.str(*endpoint);
        else payload.null();
    });
    Kernel& kernel = *ctx.kernel;
    UserInfo who = *req.user;
    write_then_reply(
        kernel, std::move(reply),
        [session_id, &kernel, who, payload = std::string(payload.text())](db::Txn& txn) -> int {
            if (run_store_hooks(kernel, txn, "session.deleted", payload, &who) != CF_OK) return kFailed;
            return delete_session(txn.conn, session_id) ? 0 : kFailed;
        },
        [secure](int status, Reply& reply) {
            if (status != 0) return reply.error(500, "sign-out failed");
            reply.header("Set-Cookie", CookieSigner::clear_cookie(secure));
            reply.no_content();
        });
}

std::optional<std::string> current_join_code() {
    std::string error;
    db::Statement* st = db::reader().cached("SELECT join_code FROM accounts LIMIT 1", &error);
    if (!st) return std::nullopt;
    std::optional<std::string> code;
    if (st->step() == SQLITE_ROW) code = std::string(st->column_text(0));
    st->reset();
    return code;
}

void join(const AuthRouteContext& ctx, HttpRequest& req, Reply reply) {
    auto code = current_join_code();
    const std::string* given = req.param("join_code");
    if (!code || !given || !constant_time_equal(*code, *given)) return reply.error(404, "not found");
    if (req.user) return reply.error(409, "already signed in");
    auto p = prepare_new_user(req, reply);
    if (!p) return;
    struct Result { int64_t id = 0; std::string token; };
    auto result = std::make_shared<Result>();
    Kernel& kernel = *ctx.kernel;
    auto run = [&kernel, p = *p, result](db::Txn& txn) -> int {
        int64_t id = insert_user(kernel, txn, p.user, p.digest, CF_ROLE_MEMBER);
        if (id == 0) return kEmailTaken;
        if (id < 0) return kFailed;
        result->token = create_session(txn.conn, id, p.ip, p.agent);
        result->id = id;
        return result->token.empty() ? kFailed : 0;
    };
    write_then_reply(kernel, std::move(reply), std::move(run), [ctx, result, u = p->user](int status, Reply& reply) {
        if (status == kEmailTaken) {
            // Campfire sends an existing email to sign-in, pre-filled.
            reply.header("Location", "/session/new?email_address=" + u.email);
            return reply.error(409, "that email address already has an account; sign in instead");
        }
        if (status != 0) return reply.error(500, "sign-up failed");
        signed_in(std::move(reply), ctx, result->token,
                  "{\"user\":" + user_json(result->id, u.name, u.email, CF_ROLE_MEMBER) + "}");
    });
}

bool account_exists() {
    std::string error;
    db::Statement* st = db::reader().cached("SELECT EXISTS(SELECT 1 FROM accounts)", &error);
    if (!st) return false;
    bool exists = st->step() == SQLITE_ROW && st->column_int(0) != 0;
    st->reset();
    return exists;
}

} // namespace

void add_auth_routes(const AuthRouteContext& ctx, std::vector<Route>& out) {
    out.push_back({"GET", "/first_run", {}, CF_AUTH_NONE, nullptr, [](HttpRequest&, Reply reply) {
                       reply.json(200, account_exists() ? "{\"needed\":false}" : "{\"needed\":true}");
                   }});
    out.push_back({"POST", "/first_run", {}, CF_AUTH_NONE, nullptr,
                   [ctx](HttpRequest& req, Reply reply) { first_run_create(ctx, req, std::move(reply)); }});
    out.push_back({"POST", "/session", {}, CF_AUTH_NONE, nullptr,
                   [ctx](HttpRequest& req, Reply reply) { sign_in(ctx, req, std::move(reply)); }});
    out.push_back({"DELETE", "/session", {}, CF_AUTH_USER, nullptr,
                   [ctx](HttpRequest& req, Reply reply) { sign_out(ctx, req, std::move(reply)); }});
    out.push_back({"GET", "/join/:join_code", {}, CF_AUTH_OPTIONAL, nullptr, [](HttpRequest& req, Reply reply) {
                       auto code = current_join_code();
                       const std::string* given = req.param("join_code");
                       if (!code || !given || !constant_time_equal(*code, *given)) return reply.error(404, "not found");
                       if (req.user) {
                           reply.header("Location", "/");
                           return reply.json(200, "{\"signed_in\":true}");
                       }
                       reply.json(200, "{\"account\":{\"name\":\"Campfire\"}}");
                   }});
    out.push_back({"POST", "/join/:join_code", {}, CF_AUTH_OPTIONAL, nullptr,
                   [ctx](HttpRequest& req, Reply reply) { join(ctx, req, std::move(reply)); }});
}

} // namespace cf
