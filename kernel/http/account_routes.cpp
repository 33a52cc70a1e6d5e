// The account: its name, settings, custom CSS and join link (CAMPFIRE.md §7 Account settings).
#include "kernel/http/kernel_routes.h"

#include "kernel/base/crypto.h"
#include "kernel/base/strings.h"
#include "kernel/db/exec.h"
#include "kernel/db/read_pool.h"
#include "kernel/host/kernel_write.h"
#include "kernel/http/people_json.h"

#include <campfire/json.hpp>
#include <sqlite3.h>

namespace cf {

namespace {

constexpr size_t kMaxCustomStyles = 64 * 1024;

void account_show(Reply reply) {
    std::string error;
    db::Statement* st = db::reader().cached(
        "SELECT name, join_code, settings, COALESCE(custom_styles, ''), updated_at FROM accounts LIMIT 1", &error);
    if (!st) return reply.error(500, "database error");
    if (st->step() != SQLITE_ROW) {
        st->reset();
        return reply.error(404, "no account yet");
    }
    Json j;
    j.obj([&] {
        j.key("account").obj([&] {
            j.key("name").str(st->column_text(0));
            j.key("join_code").str(st->column_text(1));
            j.key("join_url").str("/join/" + std::string(st->column_text(1)));
            j.key("settings").raw(st->column_text(2));
            j.key("custom_styles").str(st->column_text(3));
            j.key("logo_url").str("/account/logo");
            j.key("updated_at").str(st->column_text(4));
        });
    });
    st->reset();
    reply.json(200, std::string(j.text()));
}

// Writes `run`, then answers with the account as it now is.
void write_then_show(Kernel& kernel, Reply reply, std::function<int(db::Txn&)> run) {
    write_then_reply(kernel, std::move(reply), std::move(run), [](int status, Reply& reply) {
        if (status != 0) return reply.error(500, "could not save the account");
        account_show(std::move(reply));
    });
}

int touch_account(db::Txn& txn, std::string_view set_clause, std::initializer_list<db::Arg> args) {
    std::string sql = "UPDATE accounts SET " + std::string(set_clause) +
                      ", updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')";
    return db::exec_bound(txn.conn, sql, args) == SQLITE_DONE ? 0 : 1;
}

// {"account":{"name","settings":{"restrict_room_creation_to_administrators":bool},"custom_styles"}}
void account_update(Kernel& kernel, HttpRequest& req, Reply reply) {
    rapidjson::Document doc;
    parse_json(doc, req.json);
    const rapidjson::Value* account = body_object(doc, "account");
    if (!account) return reply.error(400, "send {\"account\":{...}}");
    bool wrong = false;
    auto name = string_member(account, "name", &wrong);
    auto styles = string_member(account, "custom_styles", &wrong);
    if (wrong) return reply.error(400, "account.name and account.custom_styles must be strings");
    if (name) {
        name = std::string(trim(*name));
        if (name->empty() || name->size() > 100 || has_control_chars(*name, false))
            return reply.error(422, "account.name must be 1 to 100 characters");
    }
    if (styles && styles->size() > kMaxCustomStyles) return reply.error(422, "account.custom_styles is over 64 KB");
    std::optional<bool> restrict;
    if (account->HasMember("settings")) {
        const rapidjson::Value& s = (*account)["settings"];
        if (!s.IsObject()) return reply.error(400, "account.settings must be an object");
        for (auto it = s.MemberBegin(); it != s.MemberEnd(); ++it) {
            std::string_view key(it->name.GetString(), it->name.GetStringLength());
            if (key != "restrict_room_creation_to_administrators")
                return reply.error(422, "unknown setting: " + std::string(key.substr(0, 64)));
            // Form bodies carry booleans as "true"/"false"/"1"/"0".
            const rapidjson::Value& v = it->value;
            if (v.IsBool()) restrict = v.GetBool();
            else if (v.IsString() && (std::string_view(v.GetString()) == "true" || std::string_view(v.GetString()) == "1")) restrict = true;
            else if (v.IsString() && (std::string_view(v.GetString()) == "false" || std::string_view(v.GetString()) == "0")) restrict = false;
            else return reply.error(422, "restrict_room_creation_to_administrators must be true or false");
        }
    }
    auto run = [name, styles, restrict](db::Txn& txn) -> int {
        if (name && touch_account(txn, "name = ?", {std::string_view(*name)}) != 0) return 1;
        if (styles && touch_account(txn, "custom_styles = ?", {std::string_view(*styles)}) != 0) return 1;
        if (restrict &&
            touch_account(txn, "settings = json_set(settings, '$.restrict_room_creation_to_administrators', json(?))",
                          {std::string_view(*restrict ? "true" : "false")}) != 0)
            return 1;
        return 0;
    };
    write_then_show(kernel, std::move(reply), std::move(run));
}

std::string new_join_code() {
    std::string raw = random_alnum(12);
    return raw.substr(0, 4) + "-" + raw.substr(4, 4) + "-" + raw.substr(8, 4);
}

} // namespace

void add_account_routes(const AuthRouteContext& ctx, std::vector<Route>& out) {
    Kernel* kernel = ctx.kernel;
    out.push_back({"GET", "/account", {}, CF_AUTH_USER, nullptr, [](HttpRequest&, Reply reply) { account_show(std::move(reply)); }});
    auto update = [kernel](HttpRequest& req, Reply reply) { account_update(*kernel, req, std::move(reply)); };
    out.push_back({"PUT", "/account", {}, CF_AUTH_ADMIN, nullptr, update});
    out.push_back({"PATCH", "/account", {}, CF_AUTH_ADMIN, nullptr, update});
    // Campfire's custom styles page posts account[custom_styles] to its own path.
    out.push_back({"PUT", "/account/custom_styles", {}, CF_AUTH_ADMIN, nullptr, update});
    out.push_back({"PATCH", "/account/custom_styles", {}, CF_AUTH_ADMIN, nullptr, update});
    // Regenerating the join code invalidates the old link at once.
    out.push_back({"POST", "/account/join_code", {}, CF_AUTH_ADMIN, nullptr, [kernel](HttpRequest&, Reply reply) {
                       write_then_show(*kernel, std::move(reply), [code = new_join_code()](db::Txn& txn) -> int {
                           return touch_account(txn, "join_code = ?", {std::string_view(code)});
                       });
                   }});
}

std::string generate_join_code() { return new_join_code(); }

} // namespace cf
