// Session transfer links (CAMPFIRE.md §7): GET checks a link without using it (the page that
// submits it), PUT/PATCH signs in as its user once. Expired, forged or used links answer 400.
#include "kernel/http/kernel_routes.h"

#include "kernel/auth/sessions.h"
#include "kernel/auth/transfer_link.h"
#include "kernel/base/clock.h"
#include "kernel/db/exec.h"
#include "kernel/db/read_pool.h"
#include "kernel/host/kernel_write.h"
#include "kernel/http/people_json.h"

#include <campfire/json.hpp>
#include <sqlite3.h>

namespace cf {

namespace {

constexpr const char* kInvalid = "this sign-in link is invalid, used or expired";
enum : int { kUsed = 1, kInactive = 2, kFailed = 3 };

struct Holder {
    std::string name;
    int status = 0, role = 0;
};

std::optional<Holder> holder(db::Connection& conn, int64_t id) {
    std::string error;
    db::Statement* st = conn.cached("SELECT name, status, role FROM users WHERE id = ?", &error);
    if (!st) return std::nullopt;
    st->bind_int(1, id);
    std::optional<Holder> h;
    if (st->step() == SQLITE_ROW)
        h = Holder{std::string(st->column_text(0)), static_cast<int>(st->column_int(1)), static_cast<int>(st->column_int(2))};
    st->reset();
    return h;
}

bool usable(const std::optional<Holder>& h) { return h && h->status == CF_STATUS_ACTIVE && h->role != CF_ROLE_BOT; }

std::string user_body(int64_t id, const Holder& h) {
    Json j;
    j.obj([&] {
        j.key("user").obj([&] {
            j.key("id").num(id);
            j.key("name").str(h.name);
            j.key("role").str(role_name(h.role));
        });
    });
    return std::string(j.text());
}

void check(const AuthRouteContext& ctx, HttpRequest& req, Reply reply) {
    auto claim = read_transfer_token(*ctx.signer, *req.param("token"), now_ms());
    if (!claim) return reply.error(400, kInvalid);
    auto h = holder(db::reader(), claim->user_id);
    if (!usable(h)) return reply.error(400, kInvalid);
    std::string error;
    db::Statement* st = db::reader().cached("SELECT EXISTS(SELECT 1 FROM session_transfers_used WHERE nonce = ?)", &error);
    if (!st) return reply.error(500, "database error");
    st->bind_text(1, claim->nonce);
    bool used = st->step() == SQLITE_ROW && st->column_int(0) != 0;
    st->reset();
    if (used) return reply.error(400, kInvalid);
    reply.json(200, user_body(claim->user_id, *h));
}

void redeem(const AuthRouteContext& ctx, HttpRequest& req, Reply reply) {
    int64_t now = now_ms();
    auto claim = read_transfer_token(*ctx.signer, *req.param("token"), now);
    if (!claim) return reply.error(400, kInvalid);
    struct Result {
        std::string token;
        Holder who;
    };
    auto result = std::make_shared<Result>();
    const std::string* agent = req.header("user-agent");
    auto run = [claim = *claim, now, result, ip = req.ip, agent = agent ? *agent : ""](db::Txn& txn) -> int {
        auto h = holder(txn.conn, claim.user_id);
        if (!usable(h)) return kInactive;
        // Links live 4 hours, so older records can go; the nonce's primary key makes reuse fail.
        db::exec_bound(txn.conn, "DELETE FROM session_transfers_used WHERE used_at_ms < ?", {now - kTransferLifetimeMs});
        int rc = db::exec_bound(txn.conn, "INSERT INTO session_transfers_used(nonce, used_at_ms) VALUES (?, ?)",
                                {std::string_view(claim.nonce), now});
        if ((rc & 0xff) == SQLITE_CONSTRAINT) return kUsed;
        if (rc != SQLITE_DONE) return kFailed;
        result->token = create_session(txn.conn, claim.user_id, ip, agent);
        result->who = *h;
        return result->token.empty() ? kFailed : 0;
    };
    int64_t id = claim->user_id;
    write_then_reply(*ctx.kernel, std::move(reply), std::move(run), [ctx, result, id](int status, Reply& reply) {
        if (status == kUsed || status == kInactive) return reply.error(400, kInvalid);
        if (status != 0) return reply.error(500, "could not sign in");
        reply.header("Set-Cookie", ctx.signer->set_cookie(result->token, !ctx.kernel->config.disable_ssl));
        reply.json(200, user_body(id, result->who));
    });
}

} // namespace

void add_transfer_routes(const AuthRouteContext& ctx, std::vector<Route>& out) {
    out.push_back({"GET", "/session/transfers/:token", {}, CF_AUTH_OPTIONAL, nullptr,
                   [ctx](HttpRequest& req, Reply reply) { check(ctx, req, std::move(reply)); }});
    for (const char* method : {"PUT", "PATCH"})
        out.push_back({method, "/session/transfers/:token", {}, CF_AUTH_OPTIONAL, nullptr,
                       [ctx](HttpRequest& req, Reply reply) { redeem(ctx, req, std::move(reply)); }});
}

} // namespace cf
