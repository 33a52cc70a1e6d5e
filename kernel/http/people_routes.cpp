// People: profiles, the account's user list, roles, deactivation and bans (CAMPFIRE.md §2, §7).
// These live in the kernel because they change credentials, sessions and sockets, which only the
// kernel owns; plugins clean up their own rows through the user.deactivated and user.banned hooks.
#include "kernel/http/kernel_routes.h"

#include "kernel/auth/ip_rules.h"
#include "kernel/auth/password.h"
#include "kernel/auth/transfer_link.h"
#include "kernel/base/clock.h"
#include "kernel/base/crypto.h"
#include "kernel/base/strings.h"
#include "kernel/db/exec.h"
#include "kernel/db/read_pool.h"
#include "kernel/host/kernel_hooks.h"
#include "kernel/host/kernel_write.h"
#include "kernel/http/people_json.h"

#include <campfire/json.hpp>
#include <sqlite3.h>

namespace cf {

namespace {

enum : int { kNotFound = 1, kEmailTaken = 2, kFailed = 3, kNotAllowed = 4 };

struct Person {
    int64_t id = 0;
    std::string name, email, bio, updated_at;
    int role = 0, status = 0;
};

std::optional<Person> load_person(db::Connection& conn, int64_t id) {
    std::string error;
    db::Statement* st = conn.cached(
        "SELECT id, name, COALESCE(email_address, ''), role, status, COALESCE(bio, ''), updated_at FROM users WHERE id = ?",
        &error);
    if (!st) return std::nullopt;
    st->bind_int(1, id);
    std::optional<Person> p;
    if (st->step() == SQLITE_ROW)
        p = Person{st->column_int(0), std::string(st->column_text(1)), std::string(st->column_text(2)),
                   std::string(st->column_text(5)), std::string(st->column_text(6)),
                   static_cast<int>(st->column_int(3)), static_cast<int>(st->column_int(4))};
    st->reset();
    return p;
}

struct Shown {
    bool email = false;    // administrators and the person themself
    std::string transfer;  // a transfer token, when the viewer may have one
};

void write_person(Json& j, const Person& p, const Shown& shown) {
    j.obj([&] {
        j.key("id").num(p.id);
        j.key("name").str(p.name);
        j.key("role").str(role_name(p.role));
        j.key("status").str(status_name(p.status));
        j.key("bio").str(p.bio);
        j.key("avatar_url").str("/users/" + std::to_string(p.id) + "/avatar");
        j.key("updated_at").str(p.updated_at);
        if (shown.email) j.key("email_address").str(p.email);
        if (!shown.transfer.empty()) {
            j.key("transfer_url").str("/session/transfers/" + shown.transfer);
            j.key("transfer_expires_in").num(kTransferLifetimeMs / 1000);
        }
    });
}

std::string person_body(const Person& p, const Shown& shown) {
    Json j;
    j.obj([&] {
        j.key("user");
        write_person(j, p, shown);
    });
    return std::string(j.text());
}

std::string hook_payload(const Person& p) {
    Json j;
    j.obj([&] {
        j.key("user").obj([&] {
            j.key("id").num(p.id);
            j.key("name").str(p.name);
            j.key("role").str(role_name(p.role));
        });
    });
    return std::string(j.text());
}

// `:id` as a user id; "me" is the signed-in user.
std::optional<int64_t> user_param(const HttpRequest& req, const char* name) {
    const std::string* v = req.param(name);
    if (!v) return std::nullopt;
    if (*v == "me") return req.user->id;
    auto id = parse_int(*v);
    if (!id || *id <= 0) return std::nullopt;
    return id;
}

// Answers after the write with the person as they now are.
void reply_person_after(Kernel& kernel, Reply reply, int64_t id, std::function<int(db::Txn&)> run, int ok_status,
                        std::function<void()> after_commit = {}) {
    write_then_reply(kernel, std::move(reply), std::move(run), [id, ok_status, after_commit](int status, Reply& reply) {
        if (status == kNotFound) return reply.error(404, "user not found");
        if (status == kEmailTaken) return reply.error(422, "that email address is already taken");
        if (status == kNotAllowed) return reply.error(422, "that user cannot be changed this way");
        if (status != 0) return reply.error(500, "could not save the change");
        if (after_commit) after_commit();
        auto p = load_person(db::reader(), id);
        if (!p) return reply.error(404, "user not found");
        reply.json(ok_status, person_body(*p, Shown{true, {}}));
    });
}

// ---- profile ----

void profile_show(const AuthRouteContext& ctx, HttpRequest& req, Reply reply) {
    auto p = load_person(db::reader(), req.user->id);
    if (!p) return reply.error(404, "user not found");
    reply.json(200, person_body(*p, {.email = true, .transfer = mint_transfer_token(*ctx.signer, p->id, now_ms())}));
}

void profile_update(const AuthRouteContext& ctx, HttpRequest& req, Reply reply) {
    rapidjson::Document doc;
    parse_json(doc, req.json);
    const rapidjson::Value* user = body_object(doc, "user");
    if (!user) return reply.error(400, "send {\"user\":{\"name\",\"email_address\",\"password\",\"bio\"}}");
    bool wrong = false;
    auto name = string_member(user, "name", &wrong);
    auto email = string_member(user, "email_address", &wrong);
    auto password = string_member(user, "password", &wrong);
    auto bio = string_member(user, "bio", &wrong);
    if (wrong) return reply.error(400, "user fields must be strings");
    if (name) {
        name = std::string(trim(*name));
        if (name->empty() || name->size() > 100 || has_control_chars(*name, false))
            return reply.error(422, "user.name must be 1 to 100 characters without control characters");
    }
    if (email) {
        email = std::string(trim(*email));
        if (!looks_like_email(*email)) return reply.error(422, "user.email_address must be an email address");
    }
    std::optional<std::string> digest;
    if (password && !password->empty()) { // blank leaves the password unchanged, as Campfire
        if (password->size() < 8 || password->size() > 1024 || password->find('\0') != std::string::npos)
            return reply.error(422, "user.password must be 8 to 1024 characters");
        digest = hash_password(*password);
        if (!digest) return reply.error(422, "password cannot be hashed");
    }
    if (bio && (count_code_points(*bio) > 200 || has_control_chars(*bio, true)))
        return reply.error(422, "user.bio must be at most 200 characters");
    int64_t id = req.user->id;
    auto opt = [](const std::optional<std::string>& v) -> db::Arg {
        if (!v) return nullptr;
        return std::string_view(*v);
    };
    auto run = [id, name, email, digest, bio, opt](db::Txn& txn) -> int {
        int rc = db::exec_bound(txn.conn,
                                "UPDATE users SET name = COALESCE(?, name), email_address = COALESCE(?, email_address), "
                                "password_digest = COALESCE(?, password_digest), bio = COALESCE(?, bio), "
                                "updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?",
                                {opt(name), opt(email), opt(digest), opt(bio), id});
        if ((rc & 0xff) == SQLITE_CONSTRAINT) return kEmailTaken;
        return rc == SQLITE_DONE ? 0 : kFailed;
    };
    (void)ctx;
    reply_person_after(*ctx.kernel, std::move(reply), id, std::move(run), 200);
}

// ---- the account's people ----

void user_show(const AuthRouteContext& ctx, HttpRequest& req, Reply reply) {
    auto id = user_param(req, "id");
    if (!id) return reply.error(404, "user not found");
    auto p = load_person(db::reader(), *id);
    if (!p) return reply.error(404, "user not found");
    bool admin = req.user->role == CF_ROLE_ADMIN, self = *id == req.user->id;
    Shown shown{admin || self, {}};
    // Administrators may hand anyone a way back in ("Share to get them back into their account").
    if ((admin || self) && p->status == CF_STATUS_ACTIVE && p->role != CF_ROLE_BOT)
        shown.transfer = mint_transfer_token(*ctx.signer, p->id, now_ms());
    reply.json(200, person_body(*p, shown));
}

void users_index(HttpRequest& req, Reply reply) {
    bool admin = req.user->role == CF_ROLE_ADMIN;
    std::string error;
    // Administrators first, then by name (Campfire's account page). Admins also see banned people.
    db::Statement* st = db::reader().cached(
        "SELECT id, name, COALESCE(email_address, ''), role, status, COALESCE(bio, ''), updated_at FROM users "
        "WHERE role != 2 AND (status = 0 OR (status = 2 AND ?)) ORDER BY role = 1 DESC, name COLLATE NOCASE, id",
        &error);
    if (!st) return reply.error(500, "database error");
    st->bind_int(1, admin ? 1 : 0);
    Json j;
    j.obj([&] {
        j.key("users").arr([&] {
            while (st->step() == SQLITE_ROW) {
                Person p{st->column_int(0), std::string(st->column_text(1)), std::string(st->column_text(2)),
                         std::string(st->column_text(5)), std::string(st->column_text(6)),
                         static_cast<int>(st->column_int(3)), static_cast<int>(st->column_int(4))};
                write_person(j, p, Shown{admin || p.id == req.user->id, {}});
            }
        });
    });
    st->reset();
    reply.json(200, std::string(j.text()));
}

// The target of an administrator's action: not yourself, not a bot (bots have /account/bots).
std::optional<int64_t> admin_target(HttpRequest& req, Reply& reply, const char* param, const char* self_message) {
    auto id = user_param(req, param);
    if (!id) {
        reply.error(404, "user not found");
        return std::nullopt;
    }
    if (*id == req.user->id) {
        reply.error(403, self_message);
        return std::nullopt;
    }
    return id;
}

// Inside a write: the person, if they exist and are not a bot.
std::optional<Person> person_in(db::Txn& txn, int64_t id) {
    auto p = load_person(txn.conn, id);
    if (!p || p->role == CF_ROLE_BOT) return std::nullopt;
    return p;
}

void role_update(const AuthRouteContext& ctx, HttpRequest& req, Reply reply) {
    auto id = admin_target(req, reply, "id", "you cannot change your own role");
    if (!id) return;
    rapidjson::Document doc;
    parse_json(doc, req.json);
    const rapidjson::Value* user = body_object(doc, "user");
    bool wrong = false;
    auto role = string_member(user, "role", &wrong);
    if (!user || !role || wrong) return reply.error(400, "send {\"user\":{\"role\":\"administrator\"|\"member\"}}");
    int new_role = *role == "administrator" ? CF_ROLE_ADMIN : CF_ROLE_MEMBER; // anything else: member (Campfire)
    auto run = [id = *id, new_role](db::Txn& txn) -> int {
        auto p = person_in(txn, id);
        if (!p || p->status != CF_STATUS_ACTIVE) return kNotFound;
        int rc = db::exec_bound(txn.conn,
                                "UPDATE users SET role = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?",
                                {int64_t{new_role}, id});
        return rc == SQLITE_DONE ? 0 : kFailed;
    };
    reply_person_after(*ctx.kernel, std::move(reply), *id, std::move(run), 200);
}

// "bob@example.com" -> "bob-deactivated-<random>@example.com": frees the address (Campfire).
std::string freed_email(std::string_view email) {
    size_t at = email.rfind('@');
    std::string tag = "-deactivated-" + random_hex(16);
    if (at == std::string_view::npos) return std::string(email) + tag;
    return std::string(email.substr(0, at)) + tag + std::string(email.substr(at));
}

void deactivate(const AuthRouteContext& ctx, HttpRequest& req, Reply reply) {
    auto id = admin_target(req, reply, "id", "you cannot remove yourself");
    if (!id) return;
    Kernel& kernel = *ctx.kernel;
    UserInfo actor = *req.user;
    auto run = [&kernel, id = *id, actor](db::Txn& txn) -> int {
        auto p = person_in(txn, id);
        if (!p || p->status == CF_STATUS_DEACTIVATED) return kNotFound;
        if (run_store_hooks(kernel, txn, "user.deactivated", hook_payload(*p), &actor) != CF_OK) return kFailed;
        if (db::exec_bound(txn.conn, "DELETE FROM sessions WHERE user_id = ?", {id}) != SQLITE_DONE) return kFailed;
        std::string email = p->email.empty() ? std::string() : freed_email(p->email);
        int rc = db::exec_bound(txn.conn,
                                "UPDATE users SET status = 1, email_address = ?, "
                                "updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?",
                                {email.empty() ? db::Arg(nullptr) : db::Arg(std::string_view(email)), id});
        return rc == SQLITE_DONE ? 0 : kFailed;
    };
    write_then_reply(kernel, std::move(reply), std::move(run), [&kernel, id = *id](int status, Reply& reply) {
        if (status == kNotFound) return reply.error(404, "user not found");
        if (status != 0) return reply.error(500, "could not remove the user");
        if (kernel.fanout) kernel.fanout->disconnect_user(id);
        reply.no_content();
    });
}

void ban(const AuthRouteContext& ctx, HttpRequest& req, Reply reply) {
    auto id = admin_target(req, reply, "user_id", "you cannot ban yourself");
    if (!id) return;
    Kernel& kernel = *ctx.kernel;
    UserInfo actor = *req.user;
    auto run = [&kernel, id = *id, actor](db::Txn& txn) -> int {
        auto p = person_in(txn, id);
        if (!p) return kNotFound;
        if (p->status == CF_STATUS_DEACTIVATED) return kNotAllowed;
        std::vector<std::string> ips;
        std::string error;
        db::Statement* st = txn.conn.cached("SELECT DISTINCT ip_address FROM sessions WHERE user_id = ?", &error);
        if (!st) return kFailed;
        st->bind_int(1, id);
        while (st->step() == SQLITE_ROW)
            if (is_public_ip(st->column_text(0))) ips.emplace_back(st->column_text(0));
        st->reset();
        for (const auto& ip : ips) {
            int rc = db::exec_bound(txn.conn,
                                    "INSERT OR IGNORE INTO bans(user_id, ip_address, created_at) "
                                    "VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ','now'))",
                                    {id, std::string_view(ip)});
            if (rc != SQLITE_DONE) return kFailed;
        }
        if (db::exec_bound(txn.conn, "DELETE FROM sessions WHERE user_id = ?", {id}) != SQLITE_DONE) return kFailed;
        if (db::exec_bound(txn.conn,
                           "UPDATE users SET status = 2, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?",
                           {id}) != SQLITE_DONE)
            return kFailed;
        // Plugins remove the banned person's content (their messages vanish live).
        return run_store_hooks(kernel, txn, "user.banned", hook_payload(*p), &actor) == CF_OK ? 0 : kFailed;
    };
    reply_person_after(kernel, std::move(reply), *id, std::move(run), 200,
                       [&kernel, id = *id] { if (kernel.fanout) kernel.fanout->disconnect_user(id); });
}

void unban(const AuthRouteContext& ctx, HttpRequest& req, Reply reply) {
    auto id = admin_target(req, reply, "user_id", "you cannot unban yourself");
    if (!id) return;
    auto run = [id = *id](db::Txn& txn) -> int {
        if (!person_in(txn, id)) return kNotFound;
        if (db::exec_bound(txn.conn, "DELETE FROM bans WHERE user_id = ?", {id}) != SQLITE_DONE) return kFailed;
        int rc = db::exec_bound(txn.conn,
                                "UPDATE users SET status = 0, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') "
                                "WHERE id = ? AND status = 2",
                                {id});
        return rc == SQLITE_DONE ? 0 : kFailed;
    };
    reply_person_after(*ctx.kernel, std::move(reply), *id, std::move(run), 200);
}

} // namespace

bool ip_is_banned(std::string_view ip) {
    if (ip.empty()) return false;
    std::string error;
    db::Statement* st = db::reader().cached("SELECT EXISTS(SELECT 1 FROM bans WHERE ip_address = ?)", &error);
    if (!st) return false;
    st->bind_text(1, ip);
    bool banned = st->step() == SQLITE_ROW && st->column_int(0) != 0;
    st->reset();
    return banned;
}

void add_people_routes(const AuthRouteContext& ctx, std::vector<Route>& out) {
    auto route = [&](const char* method, const char* path, int auth, auto fn) {
        out.push_back({method, path, {}, auth, nullptr, [ctx, fn](HttpRequest& req, Reply reply) { fn(ctx, req, std::move(reply)); }});
    };
    route("GET", "/users/me/profile", CF_AUTH_USER, profile_show);
    route("PUT", "/users/me/profile", CF_AUTH_USER, profile_update);
    route("PATCH", "/users/me/profile", CF_AUTH_USER, profile_update);
    route("GET", "/users/:id", CF_AUTH_USER, user_show);
    route("GET", "/account/users", CF_AUTH_USER,
          [](const AuthRouteContext&, HttpRequest& req, Reply reply) { users_index(req, std::move(reply)); });
    route("PUT", "/account/users/:id", CF_AUTH_ADMIN, role_update);
    route("PATCH", "/account/users/:id", CF_AUTH_ADMIN, role_update);
    route("DELETE", "/account/users/:id", CF_AUTH_ADMIN, deactivate);
    route("POST", "/users/:user_id/ban", CF_AUTH_ADMIN, ban);
    route("DELETE", "/users/:user_id/ban", CF_AUTH_ADMIN, unban);
}

} // namespace cf
