#include "subscription_store.hpp"

namespace push {
namespace {

#define CF_PUSH_NOW "strftime('%Y-%m-%dT%H:%M:%fZ','now')"

constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE push_subscriptions (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL,
  endpoint TEXT NOT NULL,
  p256dh_key TEXT NOT NULL,
  auth_key TEXT NOT NULL,
  user_agent TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  UNIQUE (user_id, endpoint)
);
CREATE INDEX push_subscriptions_by_endpoint ON push_subscriptions (endpoint);

CREATE TABLE push_vapid_keys (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  public_key TEXT NOT NULL,
  private_key TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
)sql";

constexpr const char* kColumns =
    "SELECT id, user_id, endpoint, p256dh_key, auth_key, user_agent, created_at, updated_at FROM push_subscriptions ";

Subscription read_row(cf::Stmt& s) {
    Subscription sub;
    sub.id = s.integer(0);
    sub.user_id = s.integer(1);
    sub.endpoint = std::string(s.text(2));
    sub.p256dh_key = std::string(s.text(3));
    sub.auth_key = std::string(s.text(4));
    sub.user_agent = std::string(s.text(5));
    sub.created_at = std::string(s.text(6));
    sub.updated_at = std::string(s.text(7));
    return sub;
}

} // namespace

int register_schema(cf_ctx* ctx) {
    return cf::migration(ctx, 1, "create push_subscriptions and push_vapid_keys", kSchemaV1);
}

std::optional<Subscription> load_subscription(cf_ctx* ctx, cf_db* db, int64_t id, int64_t user_id) {
    cf::Stmt s(ctx, db, std::string(kColumns) + "WHERE id = ?1 AND user_id = ?2");
    if (!s || !s.bind(1, id).bind(2, user_id).row()) return std::nullopt;
    return read_row(s);
}

std::vector<Subscription> user_subscriptions(cf_ctx* ctx, cf_db* db, int64_t user_id) {
    std::vector<Subscription> out;
    cf::Stmt s(ctx, db, std::string(kColumns) + "WHERE user_id = ?1 ORDER BY id");
    if (!s) return out;
    s.bind(1, user_id);
    while (s.row()) out.push_back(read_row(s));
    return out;
}

void write_subscription(cf::Json& j, const Subscription& s) {
    j.obj([&] {
        j.key("id").num(s.id).key("endpoint").str(s.endpoint);
        j.key("p256dh_key").str(s.p256dh_key).key("auth_key").str(s.auth_key);
        j.key("user_agent").str(s.user_agent);
        j.key("created_at").str(s.created_at).key("updated_at").str(s.updated_at);
    });
}

std::string subscription_json(const Subscription& s) {
    cf::Json j;
    write_subscription(j, s);
    return std::string(j.text());
}

int64_t upsert_subscription(cf_ctx* ctx, cf_db* txn, int64_t user_id, const std::string& endpoint,
                            const std::string& p256dh, const std::string& auth, const std::string& user_agent) {
    cf::Stmt find(ctx, txn, "SELECT id, p256dh_key = ?3 AND auth_key = ?4 FROM push_subscriptions "
                            "WHERE user_id = ?1 AND endpoint = ?2");
    if (!find) return 0;
    find.bind(1, user_id).bind(2, std::string_view(endpoint)).bind(3, std::string_view(p256dh)).bind(4, std::string_view(auth));
    if (find.row()) {
        int64_t id = find.integer(0);
        bool same_keys = find.integer(1) != 0;
        // The exact triple: only touched (Campfire). Same endpoint with new keys: the browser
        // re-subscribed, so the old keys are dead; take the new ones rather than keep a stale row.
        cf::Stmt up(ctx, txn, same_keys ? "UPDATE push_subscriptions SET updated_at = " CF_PUSH_NOW " WHERE id = ?1"
                                        : "UPDATE push_subscriptions SET p256dh_key = ?2, auth_key = ?3, user_agent = ?4, "
                                          "updated_at = " CF_PUSH_NOW " WHERE id = ?1");
        up.bind(1, id);
        if (!same_keys) up.bind(2, std::string_view(p256dh)).bind(3, std::string_view(auth)).bind(4, std::string_view(user_agent));
        return up.exec() == CF_OK ? id : 0;
    }
    cf::Stmt trim(ctx, txn,
                  "DELETE FROM push_subscriptions WHERE id IN (SELECT id FROM push_subscriptions WHERE user_id = ?1 "
                  "ORDER BY updated_at, id LIMIT MAX(0, (SELECT count(*) FROM push_subscriptions WHERE user_id = ?1) - ?2 + 1))");
    if (trim.bind(1, user_id).bind(2, kMaxSubscriptionsPerUser).exec() != CF_OK) return 0;
    cf::Stmt ins(ctx, txn, "INSERT INTO push_subscriptions(user_id, endpoint, p256dh_key, auth_key, user_agent) "
                           "VALUES (?1, ?2, ?3, ?4, ?5)");
    ins.bind(1, user_id).bind(2, std::string_view(endpoint)).bind(3, std::string_view(p256dh));
    ins.bind(4, std::string_view(auth)).bind(5, std::string_view(user_agent));
    if (ins.exec() != CF_OK) return 0;
    return cf_db_last_insert_id(ctx, txn);
}

int64_t unread_rooms(cf_ctx* ctx, cf_db* db, int64_t user_id) {
    cf::Stmt s(ctx, db, "SELECT count(*) FROM memberships WHERE user_id = ?1 AND unread_at IS NOT NULL");
    return s && s.bind(1, user_id).row() ? s.integer(0) : 0;
}

void forget_subscription_later(cf_ctx* ctx, int64_t id, std::string endpoint) {
    int rc = cf::write(
        ctx,
        [ctx, id, endpoint = std::move(endpoint)](cf_db* txn) {
            return cf::Stmt(ctx, txn, "DELETE FROM push_subscriptions WHERE id = ?1 AND endpoint = ?2")
                .bind(1, id)
                .bind(2, std::string_view(endpoint))
                .exec();
        },
        [ctx, id](int status) {
            if (status != CF_OK) cf::log(ctx, CF_LOG_WARN, "push: could not delete subscription " + std::to_string(id));
        });
    if (rc != CF_OK) cf::log(ctx, CF_LOG_WARN, "push: writer busy; subscription " + std::to_string(id) + " kept for now");
}

#undef CF_PUSH_NOW

} // namespace push
