// Administrators manage bots. Mirrors Campfire's Accounts::BotsController and Bots::KeysController
// (CAMPFIRE.md §1 "Account", §4), in JSON:
//   GET    /account/bots              {"bots":[bot…]}, active bots by name
//   POST   /account/bots              {"user":{"name","webhook_url",…}} → 201 {"bot":…}
//   GET    /account/bots/:id          {"bot":…}
//   PUT    /account/bots/:id          (or PATCH) the fields given change → {"bot":…}
//   DELETE /account/bots/:id          deactivates (users.status = 1) → 204
//   PUT    /account/bots/:bot_id/key  (or PATCH) a new bot token (and signing secret) → {"bot":…}
// A new bot is a kernel users row with role bot, inserted here, followed by the user.created
// STORE hook (the rooms plugin then joins it to every open room); deactivation runs the kernel's
// user.deactivated STORE hook in the same transaction, as the kernel does for people.
// Beyond Campfire: the delivery options sign_requests, envelope, retries, include_reply_url.
#include "bot_store.hpp"
#include "parts.hpp"
#include "route_table.hpp"
#include "secrets.hpp"
#include "settings.hpp"
#include "text.hpp"
#include "webhook_url.hpp"

#include <campfire/plugin.hpp>
#include <campfire/write_reply.hpp>

#include <variant>

namespace webhooks {
namespace {

struct BotInput {
    std::optional<std::string> name;
    bool url_given = false;
    std::optional<std::string> url; // nullopt with url_given: remove the webhook
    std::optional<bool> sign_requests, envelope, retries, include_reply_url;
};

struct InputError {
    int status;
    std::string message;
};

std::optional<InputError> read_flag(const rapidjson::Value& user, const char* field, std::optional<bool>* out) {
    auto it = user.FindMember(field);
    if (it == user.MemberEnd() || it->value.IsNull()) return std::nullopt;
    const rapidjson::Value& v = it->value;
    if (v.IsBool()) {
        *out = v.GetBool();
        return std::nullopt;
    }
    if (v.IsString()) { // form bodies carry strings
        std::string_view s(v.GetString(), v.GetStringLength());
        if (s == "true" || s == "1") { *out = true; return std::nullopt; }
        if (s == "false" || s == "0") { *out = false; return std::nullopt; }
    }
    return InputError{422, std::string("user.") + field + " must be true or false"};
}

// Reads {"user":{…}}; `creating` requires a name.
std::variant<BotInput, InputError> read_input(const rapidjson::Document& doc, bool creating) {
    BotInput in;
    auto user_it = doc.FindMember("user");
    if (user_it == doc.MemberEnd()) {
        if (creating) return InputError{422, "user.name must be 1 to 100 characters"};
        return in;
    }
    const rapidjson::Value& user = user_it->value;
    if (!user.IsObject()) return InputError{400, "user must be an object"};

    if (auto it = user.FindMember("name"); it != user.MemberEnd()) {
        if (!it->value.IsString()) return InputError{400, "user.name must be a string"};
        std::string_view name = trim(std::string_view(it->value.GetString(), it->value.GetStringLength()));
        for (unsigned char c : name)
            if (c < 0x20 || c == 0x7f) return InputError{422, "user.name must not contain control characters"};
        if (name.empty() || name.size() > kMaxBotNameBytes) return InputError{422, "user.name must be 1 to 100 characters"};
        in.name = std::string(name);
    } else if (creating) {
        return InputError{422, "user.name must be 1 to 100 characters"};
    }

    if (auto it = user.FindMember("webhook_url"); it != user.MemberEnd()) {
        in.url_given = true;
        if (!it->value.IsNull()) {
            if (!it->value.IsString()) return InputError{400, "user.webhook_url must be a string or null"};
            std::string_view text = trim(std::string_view(it->value.GetString(), it->value.GetStringLength()));
            if (!text.empty()) {
                std::string problem;
                if (!parse_webhook_url(text, &problem)) return InputError{422, "user.webhook_url: " + problem};
                in.url = std::string(text);
            }
        }
    }
    for (auto [field, out] : {std::pair{"sign_requests", &in.sign_requests}, std::pair{"envelope", &in.envelope},
                              std::pair{"retries", &in.retries}, std::pair{"include_reply_url", &in.include_reply_url}})
        if (auto e = read_flag(user, field, out)) return *e;
    return in;
}

// The actor the kernel's hooks expect: a copy, since the request's user is borrowed.
struct Actor {
    int64_t id;
    int role;
    std::string name;
    cf_user view() const { return cf_user{sizeof(cf_user), id, role, CF_STATUS_ACTIVE, cf::str(name)}; }
};

Actor actor_of(cf::Request& req) { return Actor{req.user()->id, req.user()->role, std::string(cf::view(req.user()->name))}; }

// Makes sure a bot has its bot_webhooks row (a bot some other code inserted may have none).
int ensure_row(cf_ctx* ctx, cf_db* txn, int64_t bot_id) {
    cf::Stmt s(ctx, txn, "INSERT INTO bot_webhooks(bot_id, signing_secret) VALUES (?1, ?2) ON CONFLICT(bot_id) DO NOTHING");
    return s.bind(1, bot_id).bind(2, std::string_view(random_hex(32))).exec();
}

int set_flag(cf_ctx* ctx, cf_db* txn, int64_t bot_id, const char* column, const std::optional<bool>& value) {
    if (!value) return CF_OK;
    // column is one of our four literal names, never input.
    cf::Stmt s(ctx, txn, std::string("UPDATE bot_webhooks SET ") + column +
                             " = ?2, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE bot_id = ?1");
    return s.bind(1, bot_id).bind(2, int(*value)).exec();
}

std::optional<int64_t> id_param(cf::Request& req, const char* name) {
    auto id = req.param_int(name);
    if (!id || *id <= 0) return std::nullopt;
    return id;
}

void index(cf::Request& req, cf::Reply reply) {
    cf::Json j;
    j.obj([&] {
        j.key("bots").arr([&] {
            for (const Bot& b : load_bots(req.ctx(), cf_db_reader(req.ctx()))) write_bot(j, b, settings().public_url);
        });
    });
    reply.json(200, j);
}

void show(cf::Request& req, cf::Reply reply) {
    auto id = id_param(req, "id");
    auto bot = id ? load_bot(req.ctx(), cf_db_reader(req.ctx()), *id) : std::nullopt;
    if (!bot) return reply.error(404, "bot not found");
    reply.json(200, bot_body(*bot, settings().public_url));
}

void create(cf::Request& req, cf::Reply reply) {
    auto input = read_input(req.json(), true);
    if (auto* e = std::get_if<InputError>(&input)) return reply.error(e->status, e->message.c_str());
    BotInput in = std::get<BotInput>(std::move(input));
    DeliveryOptions o{in.sign_requests.value_or(false), in.envelope.value_or(false), in.retries.value_or(false),
                      in.include_reply_url.value_or(false)};
    cf_ctx* ctx = req.ctx();
    cf::write_then_reply(ctx, std::move(reply), [ctx, in, o](cf_db* txn, cf::Outcome& out) -> int {
        int64_t id = insert_bot(ctx, txn, *in.name, in.url, o);
        if (!id) return CF_ERR;
        auto bot = load_bot(ctx, txn, id);
        if (!bot) return CF_ERR;
        out.http = 201;
        out.body = bot_body(*bot, settings().public_url);
        return CF_OK;
    });
}

void update(cf::Request& req, cf::Reply reply) {
    auto id = id_param(req, "id");
    if (!id) return reply.error(404, "bot not found");
    auto input = read_input(req.json(), false);
    if (auto* e = std::get_if<InputError>(&input)) return reply.error(e->status, e->message.c_str());
    BotInput in = std::get<BotInput>(std::move(input));
    cf_ctx* ctx = req.ctx();
    cf::write_then_reply(ctx, std::move(reply), [ctx, in, id = *id](cf_db* txn, cf::Outcome& out) -> int {
        if (!load_bot(ctx, txn, id)) return out.fail(404, "bot not found");
        if (in.name) {
            cf::Stmt s(ctx, txn, "UPDATE users SET name = ?2, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?1");
            if (int rc = s.bind(1, id).bind(2, std::string_view(*in.name)).exec(); rc != CF_OK) return rc;
        }
        if (int rc = ensure_row(ctx, txn, id); rc != CF_OK) return rc;
        if (in.url_given) {
            cf::Stmt s(ctx, txn, "UPDATE bot_webhooks SET url = ?2, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE bot_id = ?1");
            s.bind(1, id);
            if (in.url) s.bind(2, std::string_view(*in.url));
            else s.bind(2, nullptr);
            if (int rc = s.exec(); rc != CF_OK) return rc;
        }
        for (auto [column, value] : {std::pair{"sign_requests", in.sign_requests}, std::pair{"envelope", in.envelope},
                                     std::pair{"retries", in.retries}, std::pair{"include_reply_url", in.include_reply_url}})
            if (int rc = set_flag(ctx, txn, id, column, value); rc != CF_OK) return rc;
        auto bot = load_bot(ctx, txn, id);
        if (!bot) return CF_ERR;
        out.body = bot_body(*bot, settings().public_url);
        return CF_OK;
    });
}

void deactivate(cf::Request& req, cf::Reply reply) {
    auto id = id_param(req, "id");
    if (!id) return reply.error(404, "bot not found");
    cf_ctx* ctx = req.ctx();
    Actor actor = actor_of(req);
    cf::write_then_reply(ctx, std::move(reply), [ctx, actor, id = *id](cf_db* txn, cf::Outcome& out) -> int {
        auto bot = load_bot(ctx, txn, id);
        if (!bot) return out.fail(404, "bot not found");
        cf::Json payload;
        payload.obj([&] {
            payload.key("user").obj([&] { payload.key("id").num(id).key("name").str(bot->name).key("role").str("bot"); });
        });
        cf_user who = actor.view();
        if (int rc = cf::run_hooks(ctx, "user.deactivated", CF_PHASE_STORE, payload.text(), &who, txn).status; rc != CF_OK)
            return rc;
        cf::Stmt s(ctx, txn, "UPDATE users SET status = 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?1");
        if (int rc = s.bind(1, id).exec(); rc != CF_OK) return rc;
        out.http = 204;
        return CF_OK;
    });
}

void regenerate_key(cf::Request& req, cf::Reply reply) {
    auto id = id_param(req, "bot_id");
    if (!id) return reply.error(404, "bot not found");
    cf_ctx* ctx = req.ctx();
    cf::write_then_reply(ctx, std::move(reply), [ctx, id = *id](cf_db* txn, cf::Outcome& out) -> int {
        if (!load_bot(ctx, txn, id)) return out.fail(404, "bot not found");
        cf::Stmt token(ctx, txn, "UPDATE users SET bot_token = ?2, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?1");
        if (int rc = token.bind(1, id).bind(2, std::string_view(random_alphanumeric(kBotTokenLength))).exec(); rc != CF_OK)
            return rc;
        if (int rc = ensure_row(ctx, txn, id); rc != CF_OK) return rc;
        cf::Stmt secret(ctx, txn, "UPDATE bot_webhooks SET signing_secret = ?2, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE bot_id = ?1");
        if (int rc = secret.bind(1, id).bind(2, std::string_view(random_hex(32))).exec(); rc != CF_OK) return rc;
        auto bot = load_bot(ctx, txn, id);
        if (!bot) return CF_ERR;
        out.body = bot_body(*bot, settings().public_url);
        return CF_OK;
    });
}

constexpr RouteDef kRoutes[] = {
    {"GET", "/account/bots", index},
    {"POST", "/account/bots", create},
    {"GET", "/account/bots/:id", show},
    {"PUT", "/account/bots/:id", update},
    {"PATCH", "/account/bots/:id", update},
    {"DELETE", "/account/bots/:id", deactivate},
    {"PUT", "/account/bots/:bot_id/key", regenerate_key},
    {"PATCH", "/account/bots/:bot_id/key", regenerate_key},
};

} // namespace

int register_bot_admin(cf_ctx* ctx) { return register_routes(ctx, kRoutes, CF_AUTH_ADMIN); }

} // namespace webhooks
