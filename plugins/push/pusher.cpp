#include "pusher.hpp"

#include "ece.hpp"
#include "notification.hpp"
#include "sender.hpp"
#include "state.hpp"
#include "subscription_store.hpp"
#include "vapid.hpp"
#include "vapid_setup.hpp"

#include <campfire/plugin.hpp>

#include <atomic>
#include <vector>

namespace push {
namespace {

// How long a push service may hold a message for an offline device. A chat push older than a day
// is noise; the unread marks are there when the user comes back.
constexpr int kTtlSeconds = 24 * 60 * 60;

// Campfire's Membership::Connectable::CONNECTION_TTL, as plugins/rooms and plugins/presence use it.
constexpr const char* kRecipientsSql =
    "SELECT s.id, s.endpoint, s.p256dh_key, s.auth_key, "
    "  (SELECT count(*) FROM memberships u WHERE u.user_id = m.user_id AND u.unread_at IS NOT NULL) "
    "FROM memberships m "
    "JOIN users ON users.id = m.user_id AND users.status = 0 "
    "JOIN push_subscriptions s ON s.user_id = m.user_id "
    "WHERE m.room_id = ?1 AND m.user_id <> ?2 "
    "  AND (m.involvement = 'everything' "
    "       OR (m.involvement = 'mentions' AND m.user_id IN (SELECT value FROM json_each(?3)))) "
    "  AND (m.connected_at IS NULL OR m.connected_at < strftime('%Y-%m-%dT%H:%M:%fZ','now','-60 seconds')) "
    "ORDER BY s.id";

// At most one warning a second, so a broken push service cannot flood the log.
void warn(cf_ctx* ctx, const std::string& message) {
    static std::atomic<int64_t> last_ms{0};
    int64_t now = cf_now_ms(ctx);
    int64_t last = last_ms.load();
    if (now - last < 1000 || !last_ms.compare_exchange_strong(last, now)) return;
    cf::log(ctx, CF_LOG_WARN, "push: " + message);
}

std::optional<RoomFacts> load_room(cf_ctx* ctx, cf_db* db, int64_t room_id) {
    cf::Stmt s(ctx, db, "SELECT type, name FROM rooms WHERE id = ?1");
    if (!s || !s.bind(1, room_id).row()) return std::nullopt;
    return RoomFacts{room_id, s.text(0) == "direct", std::string(s.text(1))};
}

std::string user_name(cf_ctx* ctx, cf_db* db, int64_t user_id) {
    cf::Stmt s(ctx, db, "SELECT name FROM users WHERE id = ?1");
    return s && s.bind(1, user_id).row() ? std::string(s.text(0)) : std::string();
}

// On the pool: the recipients, then one push each.
void fan_out(cf_ctx* ctx, const NewMessage& msg) {
    cf_db* db = cf_db_reader(ctx);
    if (!db) return warn(ctx, "no read connection");
    auto room = load_room(ctx, db, msg.room_id);
    if (!room) return; // deleted meanwhile
    std::string sender = msg.creator_name.empty() ? user_name(ctx, db, msg.creator_id) : msg.creator_name;

    cf::Stmt q(ctx, db, kRecipientsSql);
    if (!q) return warn(ctx, std::string("recipient query failed: ") + cf_error(ctx));
    q.bind(1, msg.room_id).bind(2, msg.creator_id).bind(3, std::string_view(msg.mentionees));
    while (q.row()) {
        Target t{q.integer(0), std::string(q.text(1)), std::string(q.text(2)), std::string(q.text(3))};
        Notification n = message_notification(*room, sender, msg.text, q.integer(4));
        queue_push(ctx, std::move(t), notification_json(n, kMaxPlaintextBytes));
    }
}

// On the pool: encrypt, sign, post, and drop a subscription the push service has forgotten.
void deliver(cf_ctx* ctx, const Target& t, const std::string& payload) {
    State& st = state();
    auto keys = st.vapid.get();
    auto endpoint = parse_endpoint(t.endpoint);
    if (!keys || !endpoint) {
        st.counters.failed++;
        return warn(ctx, keys ? "stored endpoint unparsable" : "no VAPID keys yet");
    }
    if (auto problem = endpoint_problem(*endpoint, st.allowed)) {
        st.counters.failed++;
        return warn(ctx, "endpoint refused: " + *problem);
    }
    auto ua_public = base64url_decode(t.p256dh_key);
    auto auth = base64url_decode(t.auth_key);
    auto body = ua_public && auth ? encrypt_push(payload, *ua_public, *auth) : std::nullopt;
    if (!body) {
        // Campfire destroys a subscription whose keys make encryption fail.
        st.counters.failed++;
        forget_subscription_later(ctx, t.subscription_id, t.endpoint);
        return warn(ctx, "could not encrypt for subscription " + std::to_string(t.subscription_id));
    }
    cf_db* db = cf_db_reader(ctx);
    std::string subject = db ? vapid_subject(ctx, db) : "mailto:push@localhost";
    PushRequest req;
    req.endpoint = &*endpoint;
    req.body = &*body;
    req.authorization = vapid_authorization(*keys, endpoint->origin(), cf_now_ms(ctx) / 1000 + kVapidTokenSeconds, subject);
    req.ttl_seconds = kTtlSeconds;
    PushResponse res = send_push(req, st.allowed);
    if (res.status >= 200 && res.status < 300) {
        st.counters.sent++;
    } else if (res.status == 404 || res.status == 410) {
        st.counters.expired++;
        forget_subscription_later(ctx, t.subscription_id, t.endpoint);
    } else {
        st.counters.failed++;
        warn(ctx, endpoint->origin() + " answered " + std::to_string(res.status) + (res.error.empty() ? "" : ": ") +
                      res.error);
    }
}

} // namespace

bool queue_push(cf_ctx* ctx, Target target, std::string payload) {
    State& st = state();
    bool queued = st.queue.submit([ctx, target = std::move(target), payload = std::move(payload)] {
        deliver(ctx, target, payload);
    });
    if (queued) {
        st.counters.queued++;
    } else {
        st.counters.dropped++;
        warn(ctx, "delivery queue full; push dropped");
    }
    return queued;
}

void on_message_created(cf_ctx* ctx, std::string_view payload) {
    State& st = state();
    // Counted as seen only after its fan-out is queued (or refused), so "every message seen,
    // nothing pending" in GET /push/stats never holds while recipients are still to be looked up.
    auto msg = parse_new_message(payload);
    if (!msg) {
        st.counters.messages++;
        return warn(ctx, "message.created without room_id or creator");
    }
    if (!st.queue.submit([ctx, m = std::move(*msg)] { fan_out(ctx, m); })) {
        st.counters.dropped++;
        warn(ctx, "delivery queue full; message pushes dropped");
    }
    st.counters.messages++;
}

} // namespace push
