// presence: which members are looking at a room, so new messages do not mark it unread for them.
// Mirrors Campfire's PresenceChannel and Membership::Connectable (CAMPFIRE.md, "Presence counting"):
//  - presence.present {"room_id":N}: connections = (connected ? connections + 1 : 1),
//    connected_at = now, unread_at = NULL; then "room.read" {"room_id":N} to every socket of the
//    user so their other tabs clear the unread mark (Campfire's user_<id>_reads broadcast);
//  - presence.refresh {"room_id":N} (clients send it every 50 s): connected_at = now, and
//    connections = 1 if the membership had gone stale (Campfire's refresh_connection);
//  - presence.absent {"room_id":N}: connections - 1 (floor 0); connected_at = NULL below 1;
//  - "connected" means connected_at within kConnectionTtlSeconds (CONNECTION_TTL = 60 s), the
//    same test plugins/rooms applies on a new message, so a tab that dies without saying absent
//    stops counting after 60 s at most;
//  - after boot every membership is disconnected (Campfire's Membership.disconnect_all in
//    puma.rb), in the first transaction that touches presence or stores a message.
// Only members: others get {"type":"error","data":{"error":"not a member","room_id":N}}.
// Depends on the SDK only; reads memberships with cf_db_reader and writes them only via cf::write.
#include <campfire/plugin.hpp>

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace {

// Campfire's Membership::Connectable::CONNECTION_TTL; plugins/rooms uses the same 60 s.
constexpr int kConnectionTtlSeconds = 60;
// Clients refresh this often (documented for clients; the server only applies the TTL).
constexpr int kRefreshIntervalSeconds = 50;
static_assert(kRefreshIntervalSeconds < kConnectionTtlSeconds);

// SQLite modifier for the TTL cut-off, e.g. "-60 seconds".
const std::string& ttl_modifier() {
    static const std::string m = "-" + std::to_string(kConnectionTtlSeconds) + " seconds";
    return m;
}

// Timestamps in the format plugins/rooms compares connected_at with (ISO-8601 UTC, ms).
#define CF_PRESENCE_NOW "strftime('%Y-%m-%dT%H:%M:%fZ','now')"
#define CF_PRESENCE_CUTOFF "strftime('%Y-%m-%dT%H:%M:%fZ','now',?3)"
#define CF_PRESENCE_CONNECTED "(connected_at IS NOT NULL AND connected_at >= " CF_PRESENCE_CUTOFF ")"

// ?1 room_id, ?2 user_id, ?3 the TTL modifier.
constexpr const char* kPresentSql =
    "UPDATE memberships SET connections = CASE WHEN " CF_PRESENCE_CONNECTED
    " THEN connections + 1 ELSE 1 END, connected_at = " CF_PRESENCE_NOW ", unread_at = NULL "
    "WHERE room_id = ?1 AND user_id = ?2";
constexpr const char* kRefreshSql =
    "UPDATE memberships SET connections = CASE WHEN " CF_PRESENCE_CONNECTED
    " THEN connections ELSE 1 END, connected_at = " CF_PRESENCE_NOW " "
    "WHERE room_id = ?1 AND user_id = ?2";
// ?1 room_id, ?2 user_id.
constexpr const char* kAbsentSql =
    "UPDATE memberships SET connections = MAX(connections - 1, 0), "
    "connected_at = CASE WHEN connections - 1 < 1 THEN NULL ELSE connected_at END "
    "WHERE room_id = ?1 AND user_id = ?2";
constexpr const char* kResetSql =
    "UPDATE memberships SET connections = 0, connected_at = NULL "
    "WHERE connections <> 0 OR connected_at IS NOT NULL";
#undef CF_PRESENCE_CONNECTED
#undef CF_PRESENCE_CUTOFF
#undef CF_PRESENCE_NOW

constexpr const char* kIsMemberSql = "SELECT 1 FROM memberships WHERE room_id = ?1 AND user_id = ?2";

enum class Kind { present, refresh, absent };

struct Channel {
    const char* type;
    Kind kind;
    const char* sql;
};

constexpr Channel kChannels[] = {
    {"presence.present", Kind::present, kPresentSql},
    {"presence.refresh", Kind::refresh, kRefreshSql},
    {"presence.absent", Kind::absent, kAbsentSql},
};

std::string room_json(int64_t room_id) { return "{\"room_id\":" + std::to_string(room_id) + "}"; }

void send_error(cf_ctx* ctx, uint64_t socket, std::string_view message, std::optional<int64_t> room_id) {
    cf::Json j;
    j.obj([&] {
        j.key("error").str(message);
        if (room_id) j.key("room_id").num(*room_id);
    });
    cf_socket_send(ctx, socket, "error", cf::str(j.text()));
}

// The message's room_id: a positive JSON integer, nothing else.
std::optional<int64_t> parse_room_id(std::string_view json) {
    rapidjson::Document doc;
    if (!cf::parse_json(doc, json) || !doc.IsObject()) return std::nullopt;
    auto it = doc.FindMember("room_id");
    if (it == doc.MemberEnd() || !it->value.IsInt64() || it->value.GetInt64() <= 0) return std::nullopt;
    return it->value.GetInt64();
}

bool is_member(cf_ctx* ctx, int64_t room_id, int64_t user_id) {
    cf_db* db = cf_db_reader(ctx);
    if (!db) return false;
    cf::Stmt q(ctx, db, kIsMemberSql);
    return q && q.bind(1, room_id).bind(2, user_id).row();
}

// Worker thread: validate, then apply the change in the single writer. For present, the other
// tabs learn of the read only after the change is durable.
void handle(cf_ctx* ctx, const Channel& ch, const cf_user& user, uint64_t socket, std::string_view json) {
    std::optional<int64_t> room = parse_room_id(json);
    if (!room) return send_error(ctx, socket, "room_id must be a positive integer", std::nullopt);
    const int64_t room_id = *room;
    const int64_t user_id = user.id;
    if (!is_member(ctx, room_id, user_id)) return send_error(ctx, socket, "not a member", room_id);

    auto changed = std::make_shared<bool>(false);
    int rc = cf::write(
        ctx,
        [ctx, &ch, room_id, user_id, changed](cf_db* txn) -> int {
            cf::Stmt up(ctx, txn, ch.sql);
            if (up && ch.kind != Kind::absent) up.bind(3, std::string_view(ttl_modifier()));
            if (int r = up ? up.bind(1, room_id).bind(2, user_id).exec() : CF_ERR; r != CF_OK) return r;
            *changed = cf_db_changes(ctx, txn) > 0; // 0: the membership went away meanwhile
            return CF_OK;
        },
        [ctx, &ch, room_id, user_id, socket, changed](int status) {
            if (status != CF_OK) return send_error(ctx, socket, "could not save presence", room_id);
            if (!*changed) return send_error(ctx, socket, "not a member", room_id);
            if (ch.kind == Kind::present) {
                std::string body = room_json(room_id);
                cf_event_send_user(ctx, user_id, "room.read", cf::str(body));
            }
        });
    if (rc != CF_OK) send_error(ctx, socket, "the server is busy; try again", room_id);
}

int init(cf_ctx* ctx) {
    for (const Channel& ch : kChannels) {
        int rc = cf::channel(ctx, ch.type, [ctx, &ch](const cf_user& user, uint64_t socket, std::string_view json) {
            handle(ctx, ch, user, socket, json);
        });
        if (rc != CF_OK) return rc;
    }
    // Reset on boot (Campfire's Membership.disconnect_all): no socket of the previous process
    // counts. Queued now, it is the writer's first job: after every migration, before any request.
    return cf::write(
        ctx, [ctx](cf_db* txn) { return cf::Stmt(ctx, txn, kResetSql).exec(); },
        [ctx](int status) {
            if (status != CF_OK) cf::log(ctx, CF_LOG_WARN, "presence: could not reset connections after boot");
        });
}

void unload(cf_ctx*) { cf::registry().clear(); }

} // namespace

CF_PLUGIN("presence", "1.0.0", "Presence: per-membership connection counting that suppresses unread marks",
          init, unload, nullptr)
