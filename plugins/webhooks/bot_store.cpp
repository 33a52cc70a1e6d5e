#include "bot_store.hpp"

#include "campfire_json.hpp"
#include "secrets.hpp"

namespace webhooks {
namespace {

#define BOT_SELECT                                                                                        \
    "SELECT u.id, u.name, coalesce(u.bot_token, ''), u.status, u.created_at, u.updated_at, w.url, "       \
    "coalesce(w.sign_requests, 0), coalesce(w.envelope, 0), coalesce(w.retries, 0), "                    \
    "coalesce(w.include_reply_url, 0), coalesce(w.signing_secret, ''), w.last_delivery_at, "             \
    "coalesce(w.last_delivery_status, ''), w.last_delivery_http_status, coalesce(w.last_delivery_detail, '') " \
    "FROM users u LEFT JOIN bot_webhooks w ON w.bot_id = u.id "

Bot read_bot(cf::Stmt& s) {
    Bot b;
    b.id = s.integer(0);
    b.name = std::string(s.text(1));
    b.token = std::string(s.text(2));
    b.status = static_cast<int>(s.integer(3));
    b.created_at = std::string(s.text(4));
    b.updated_at = std::string(s.text(5));
    if (!s.is_null(6)) b.webhook_url = std::string(s.text(6));
    b.options = DeliveryOptions{s.integer(7) != 0, s.integer(8) != 0, s.integer(9) != 0, s.integer(10) != 0};
    b.signing_secret = std::string(s.text(11));
    if (!s.is_null(12)) {
        LastDelivery d{std::string(s.text(12)), std::string(s.text(13)), std::string(s.text(15)), std::nullopt};
        if (!s.is_null(14)) d.http_status = s.integer(14);
        b.last_delivery = std::move(d);
    }
    return b;
}

} // namespace

std::optional<Bot> load_bot(cf_ctx* ctx, cf_db* db, int64_t id) {
    cf::Stmt s(ctx, db, BOT_SELECT "WHERE u.id = ?1 AND u.role = 2 AND u.status = 0");
    s.bind(1, id);
    if (!s.row()) return std::nullopt;
    return read_bot(s);
}

std::vector<Bot> load_bots(cf_ctx* ctx, cf_db* db) {
    cf::Stmt s(ctx, db, BOT_SELECT "WHERE u.role = 2 AND u.status = 0 ORDER BY u.name COLLATE NOCASE, u.id");
    std::vector<Bot> out;
    while (s.row()) out.push_back(read_bot(s));
    return out;
}

void write_bot(cf::Json& j, const Bot& b, std::string_view base_url) {
    j.obj([&] {
        j.key("id").num(b.id).key("name").str(b.name);
        j.key("webhook_url");
        if (b.webhook_url) j.str(*b.webhook_url);
        else j.null();
        j.key("bot_key").str(b.key());
        j.key("avatar_url").str(avatar_url(base_url, b.id));
        j.key("created_at").str(b.created_at).key("updated_at").str(b.updated_at);
        j.key("sign_requests").boolean(b.options.sign_requests);
        j.key("signing_secret").str(b.signing_secret);
        j.key("envelope").boolean(b.options.envelope);
        j.key("retries").boolean(b.options.retries);
        j.key("include_reply_url").boolean(b.options.include_reply_url);
        j.key("last_delivery");
        if (!b.last_delivery) {
            j.null();
        } else {
            const LastDelivery& d = *b.last_delivery;
            j.obj([&] {
                j.key("at").str(d.at).key("status").str(d.status).key("http_status");
                if (d.http_status) j.num(*d.http_status);
                else j.null();
                j.key("detail").str(d.detail);
            });
        }
    });
}

std::string bot_body(const Bot& bot, std::string_view base_url) {
    cf::Json j;
    j.obj([&] {
        j.key("bot");
        write_bot(j, bot, base_url);
    });
    return std::string(j.text());
}

int64_t insert_bot(cf_ctx* ctx, cf_db* txn, const std::string& name, const std::optional<std::string>& url,
                   const DeliveryOptions& o) {
    cf::Stmt user(ctx, txn,
                  "INSERT INTO users(name, email_address, password_digest, role, status, bot_token, created_at, updated_at) "
                  "VALUES (?1, NULL, NULL, 2, 0, ?2, strftime('%Y-%m-%dT%H:%M:%fZ','now'), "
                  "strftime('%Y-%m-%dT%H:%M:%fZ','now'))");
    user.bind(1, std::string_view(name)).bind(2, std::string_view(random_alphanumeric(kBotTokenLength)));
    if (user.exec() != CF_OK) return 0;
    int64_t id = cf_db_last_insert_id(ctx, txn);

    cf::Stmt hook_row(ctx, txn,
                      "INSERT INTO bot_webhooks(bot_id, url, sign_requests, envelope, retries, include_reply_url, "
                      "signing_secret) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    hook_row.bind(1, id);
    if (url) hook_row.bind(2, std::string_view(*url));
    else hook_row.bind(2, nullptr);
    hook_row.bind(3, int(o.sign_requests)).bind(4, int(o.envelope)).bind(5, int(o.retries));
    hook_row.bind(6, int(o.include_reply_url)).bind(7, std::string_view(random_hex(32)));
    if (hook_row.exec() != CF_OK) return 0;

    cf::Json payload;
    payload.obj([&] {
        payload.key("user").obj([&] { payload.key("id").num(id).key("name").str(name).key("role").str("bot"); });
    });
    cf_user who{sizeof(cf_user), id, CF_ROLE_BOT, CF_STATUS_ACTIVE, cf::str(name)};
    if (cf::run_hooks(ctx, "user.created", CF_PHASE_STORE, payload.text(), &who, txn).status != CF_OK) return 0;
    return id;
}

} // namespace webhooks
