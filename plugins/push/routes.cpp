// The HTTP side (CAMPFIRE.md §1 "Users", §6 "Subscription model", "Test notification"):
//   GET    /push/vapid_public_key                                  the key the browser subscribes with
//   GET    /users/me/push_subscriptions                            your subscriptions
//   POST   /users/me/push_subscriptions                            {"push_subscription":{endpoint,p256dh_key,auth_key}}
//   DELETE /users/me/push_subscriptions/:id                        yours only; 404 otherwise
//   POST   /users/me/push_subscriptions/:id/test_notifications     "Campfire Test", a random UUID body
//   GET    /push/stats                                             delivery counters (administrators)
// Subscribing validates everything a browser would send: an https endpoint on a public host (see
// endpoint.hpp), a p256dh key that is a point on P-256, a 16-byte auth secret.
#include "routes.hpp"

#include "ece.hpp"
#include "notification.hpp"
#include "pusher.hpp"
#include "state.hpp"
#include "subscription_store.hpp"
#include "vapid_setup.hpp"

#include <campfire/plugin.hpp>

#include <cstdio>
#include <memory>
#include <variant>

namespace push {
namespace {

constexpr size_t kMaxUserAgentBytes = 255;

const rapidjson::Value* member(const rapidjson::Value& v, const char* name) {
    if (!v.IsObject()) return nullptr;
    auto it = v.FindMember(name);
    return it == v.MemberEnd() ? nullptr : &it->value;
}

std::optional<std::string_view> string_field(const rapidjson::Value& v, const char* name) {
    const rapidjson::Value* m = member(v, name);
    if (!m || !m->IsString()) return std::nullopt;
    return std::string_view(m->GetString(), m->GetStringLength());
}

// Printable ASCII only (user agents are), bounded: it goes back out in JSON.
std::string clean_user_agent(std::string_view ua) {
    std::string out;
    for (char c : ua) {
        if (out.size() >= kMaxUserAgentBytes) break;
        if (c >= 0x20 && c < 0x7F) out += c;
    }
    return out;
}

std::string random_uuid() {
    auto b = random_bytes(16).value_or(Bytes(16, 0));
    b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40); // version 4
    b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80); // RFC 4122 variant
    char out[37];
    std::snprintf(out, sizeof out, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                  b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
    return out;
}

void public_key(cf::Request& req, cf::Reply reply) {
    auto keys = current_vapid_keys(req.ctx());
    if (!keys) return reply.error(503, "web push keys are not ready yet");
    cf::Json j;
    j.obj([&] { j.key("vapid_public_key").str(base64url_encode(keys->public_key)); });
    reply.json(200, j);
}

void index(cf::Request& req, cf::Reply reply) {
    cf_db* db = cf_db_reader(req.ctx());
    if (!db) return reply.error(503, "the server is busy; try again");
    cf::Json j;
    j.obj([&] {
        j.key("push_subscriptions").arr([&] {
            for (const auto& s : user_subscriptions(req.ctx(), db, req.user()->id)) write_subscription(j, s);
        });
    });
    reply.json(200, j);
}

struct Input {
    std::string endpoint, p256dh, auth;
};

struct Problem {
    int status;
    std::string message;
};

// The validated subscription, or the status and message to answer with.
std::variant<Input, Problem> read_input(cf::Request& req) {
    const rapidjson::Value* sub = member(req.json(), "push_subscription");
    if (!sub || !sub->IsObject()) return Problem{400, "push_subscription must be an object"};
    auto endpoint = string_field(*sub, "endpoint");
    auto p256dh = string_field(*sub, "p256dh_key");
    auto auth = string_field(*sub, "auth_key");
    if (!endpoint || !p256dh || !auth)
        return Problem{422, "push_subscription needs endpoint, p256dh_key and auth_key strings"};
    auto parsed = parse_endpoint(*endpoint);
    if (!parsed) return Problem{422, "endpoint must be an https URL (at most 2048 bytes)"};
    if (auto problem = endpoint_problem(*parsed, state().allowed)) return Problem{422, *problem};
    auto point = base64url_decode(*p256dh);
    if (!point || !valid_public_key(*point))
        return Problem{422, "p256dh_key must be a base64url uncompressed P-256 public key (65 bytes)"};
    auto secret = base64url_decode(*auth);
    if (!secret || secret->size() != kAuthSecretBytes) return Problem{422, "auth_key must be a base64url 16-byte secret"};
    // Stored canonical (base64url, unpadded) so the same keys always compare equal.
    return Input{std::string(*endpoint), base64url_encode(*point), base64url_encode(*secret)};
}

void create(cf::Request& req, cf::Reply reply) {
    cf_ctx* ctx = req.ctx();
    auto read = read_input(req);
    if (auto* problem = std::get_if<Problem>(&read)) return reply.error(problem->status, problem->message.c_str());
    const int64_t user_id = req.user()->id;
    std::string user_agent = clean_user_agent(req.header("user-agent"));

    auto held = std::make_shared<cf::Reply>(std::move(reply));
    auto saved = std::make_shared<std::optional<Subscription>>();
    int rc = cf::write(
        ctx,
        [ctx, user_id, in = std::get<Input>(std::move(read)), user_agent = std::move(user_agent), saved](cf_db* txn) -> int {
            // Deactivated since the request was authenticated: its subscriptions are gone; stay so.
            cf::Stmt active(ctx, txn, "SELECT 1 FROM users WHERE id = ?1 AND status = 0");
            if (!active || !active.bind(1, user_id).row()) return CF_ERR_DENIED;
            int64_t id = upsert_subscription(ctx, txn, user_id, in.endpoint, in.p256dh, in.auth, user_agent);
            if (!id) return CF_ERR;
            *saved = load_subscription(ctx, txn, id, user_id);
            return *saved ? CF_OK : CF_ERR;
        },
        [held, saved](int status) {
            if (status == CF_ERR_DENIED) return held->error(401, "sign in first");
            if (status != CF_OK || !*saved) return held->error(status == CF_ERR_BUSY ? 503 : 500, "could not save; try again");
            held->json(200, subscription_json(**saved));
        });
    if (rc != CF_OK) held->error(503, "the server is busy; try again");
}

void destroy(cf::Request& req, cf::Reply reply) {
    cf_ctx* ctx = req.ctx();
    auto id = req.param_int("id");
    if (!id || *id <= 0) return reply.error(404, "push subscription not found");
    const int64_t user_id = req.user()->id;
    const int64_t sub_id = *id;
    auto held = std::make_shared<cf::Reply>(std::move(reply));
    auto deleted = std::make_shared<bool>(false);
    int rc = cf::write(
        ctx,
        [ctx, user_id, sub_id, deleted](cf_db* txn) -> int {
            int r = cf::Stmt(ctx, txn, "DELETE FROM push_subscriptions WHERE id = ?1 AND user_id = ?2")
                        .bind(1, sub_id)
                        .bind(2, user_id)
                        .exec();
            *deleted = r == CF_OK && cf_db_changes(ctx, txn) > 0;
            return r;
        },
        [held, deleted](int status) {
            if (status != CF_OK) return held->error(status == CF_ERR_BUSY ? 503 : 500, "could not save; try again");
            if (!*deleted) return held->error(404, "push subscription not found");
            held->no_content();
        });
    if (rc != CF_OK) held->error(503, "the server is busy; try again");
}

void send_test(cf::Request& req, cf::Reply reply) {
    cf_ctx* ctx = req.ctx();
    cf_db* db = cf_db_reader(ctx);
    auto id = req.param_int("id");
    auto sub = db && id ? load_subscription(ctx, db, *id, req.user()->id) : std::nullopt;
    if (!sub) return reply.error(404, "push subscription not found");
    Notification n = test_notification(random_uuid(), unread_rooms(ctx, db, req.user()->id));
    Target target{sub->id, sub->endpoint, sub->p256dh_key, sub->auth_key};
    if (!queue_push(ctx, std::move(target), notification_json(n, kMaxPlaintextBytes)))
        return reply.error(503, "the server is busy; try again");
    reply.json(202, R"({"status":"queued"})");
}

void stats(cf::Request& req, cf::Reply reply) {
    State& st = state();
    const Counters& c = st.counters;
    cf_db* db = cf_db_reader(req.ctx());
    cf::Stmt count(req.ctx(), db, "SELECT count(*) FROM push_subscriptions");
    int64_t subscriptions = db && count && count.row() ? count.integer(0) : 0;
    cf::Json j;
    j.obj([&] {
        j.key("subscriptions").num(subscriptions);
        j.key("messages").num(c.messages).key("queued").num(c.queued).key("sent").num(c.sent);
        j.key("failed").num(c.failed).key("expired").num(c.expired).key("dropped").num(c.dropped);
        j.key("pending").num(static_cast<int64_t>(st.queue.pending()));
    });
    reply.json(200, j);
}

struct RouteDef {
    const char* method;
    const char* path;
    int auth;
    void (*handler)(cf::Request&, cf::Reply);
};

constexpr RouteDef kRoutes[] = {
    {"GET", "/push/vapid_public_key", CF_AUTH_NONE, public_key},
    {"GET", "/push/stats", CF_AUTH_ADMIN, stats},
    {"GET", "/users/me/push_subscriptions", CF_AUTH_USER, index},
    {"POST", "/users/me/push_subscriptions", CF_AUTH_USER, create},
    {"DELETE", "/users/me/push_subscriptions/:id", CF_AUTH_USER, destroy},
    {"POST", "/users/me/push_subscriptions/:id/test_notifications", CF_AUTH_USER, send_test},
};

} // namespace

int register_routes(cf_ctx* ctx) {
    for (const RouteDef& r : kRoutes)
        if (int rc = cf::route(ctx, r.method, r.path, r.auth, r.handler); rc != CF_OK) return rc;
    return CF_OK;
}

} // namespace push
