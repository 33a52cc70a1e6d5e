// Hooks the kernel runs that shape rooms and memberships. Mirrors Campfire's:
//  - User after_create_commit: every new user joins every Open room with involvement "mentions".
//    Bots are users and join Open rooms too (CAMPFIRE.md §4: "Bots join all Open rooms").
//  - FirstRun: the first room is the Open room "All Talk", created by the first administrator and
//    granted to every active user.
//  - RoomChannel: a socket may stream a room only if its user is a member (an invisible
//    membership still counts). Anyone else gets 404 "not found", as for a room that does not exist.
//  - User#deactivate: the user's memberships in open and closed rooms go (direct rooms and
//    messages stay). After commit each of those rooms leaves their sidebar and their sockets leave
//    its stream: the STORE handler stores a "memberships.revoked" event (not room-scoped, so never
//    broadcast) whose NOTIFY handler sends them. The kernel closes their sockets anyway.
//  - RemoveBannedContentJob: a banned user's messages are all deleted, each exactly like a normal
//    deletion (the "message.delete" STORE hooks, then a "message.deleted" event), so they vanish
//    live from every open room.
#include "parts.hpp"
#include "input.hpp"
#include "message_store.hpp"
#include "room_store.hpp"
#include "sidebar_notices.hpp"

#include <campfire/plugin.hpp>

#include <map>

namespace rooms {
namespace {

int user_created(cf::HookCall& call);
int account_created(cf::HookCall& call);
int cable_subscribe(cf::HookCall& call);
int user_deactivated(cf::HookCall& call);
int memberships_revoked(cf::HookCall& call);
int user_banned(cf::HookCall& call);

constexpr const char* kMembershipsRevoked = "memberships.revoked";

struct HookDef {
    const char* event;
    int phase;
    int (*fn)(cf::HookCall&);
};

constexpr HookDef kHooks[] = {
    {"user.created", CF_PHASE_STORE, user_created},
    {"account.created", CF_PHASE_STORE, account_created},
    {"cable.subscribe", CF_PHASE_CHECK, cable_subscribe},
    {"user.deactivated", CF_PHASE_STORE, user_deactivated},
    {kMembershipsRevoked, CF_PHASE_NOTIFY, memberships_revoked},
    {"user.banned", CF_PHASE_STORE, user_banned},
};

// payload.user.id, or nullopt.
std::optional<int64_t> user_id_in(std::string_view payload) {
    rapidjson::Document doc;
    if (!cf::parse_json(doc, payload)) return std::nullopt;
    const rapidjson::Value* user = member(doc, "user");
    const rapidjson::Value* id = user ? member(*user, "id") : nullptr;
    return id ? id_from(*id) : std::nullopt;
}

int user_created(cf::HookCall& call) {
    auto user_id = user_id_in(call.payload());
    if (!user_id || !call.db()) return CF_ERR_ARG;
    cf::Stmt s(call.ctx(), call.db(),
               "INSERT INTO memberships(room_id, user_id) SELECT id, ?1 FROM rooms WHERE type = 'open' "
               "ON CONFLICT(room_id, user_id) DO NOTHING");
    return s.bind(1, *user_id).exec();
}

int account_created(cf::HookCall& call) {
    cf_ctx* ctx = call.ctx();
    cf_db* txn = call.db();
    auto user_id = user_id_in(call.payload());
    if (!user_id || !txn) return CF_ERR_ARG;
    int64_t room_id = insert_room(ctx, txn, std::string("All Talk"), "open", *user_id, std::nullopt);
    if (!room_id) return CF_ERR;
    if (int rc = grant_every_active_user(ctx, txn, room_id); rc != CF_OK) return rc;
    auto room = load_room(ctx, txn, room_id);
    if (!room) return CF_ERR;
    return emit_room_event(ctx, txn, *room, "room.created");
}

int cable_subscribe(cf::HookCall& call) {
    rapidjson::Document doc;
    const cf_user* user = call.user();
    const rapidjson::Value* id = cf::parse_json(doc, call.payload()) ? member(doc, "room_id") : nullptr;
    auto room_id = id ? id_from(*id) : std::nullopt;
    cf_db* db = cf_db_reader(call.ctx());
    if (user && room_id && db && load_membership(call.ctx(), db, *room_id, user->id)) return CF_OK;
    call.veto(404, "not found");
    return CF_ERR_DENIED;
}

int user_deactivated(cf::HookCall& call) {
    cf_ctx* ctx = call.ctx();
    cf_db* txn = call.db();
    auto user_id = user_id_in(call.payload());
    if (!user_id || !txn) return CF_ERR_ARG;
    std::vector<Room> left;
    {
        cf::Stmt s(ctx, txn,
                   "SELECT m.room_id FROM memberships m JOIN rooms r ON r.id = m.room_id "
                   "WHERE m.user_id = ?1 AND r.type <> 'direct' ORDER BY m.room_id");
        s.bind(1, *user_id);
        std::vector<int64_t> ids;
        while (s.row()) ids.push_back(s.integer(0));
        for (int64_t id : ids)
            if (auto room = load_room(ctx, txn, id)) left.push_back(std::move(*room));
    }
    cf::Stmt del(ctx, txn,
                 "DELETE FROM memberships WHERE user_id = ?1 AND room_id IN (SELECT id FROM rooms WHERE type <> 'direct')");
    if (int rc = del.bind(1, *user_id).exec(); rc != CF_OK) return rc;
    if (left.empty()) return CF_OK;
    cf::Json j;
    j.obj([&] {
        j.key("user_id").num(*user_id);
        j.key("rooms").arr([&] {
            for (const auto& room : left) j.obj([&] { write_room(j, room, {}, *user_id, std::nullopt); });
        });
    });
    return cf_event_emit(ctx, txn, 0, kMembershipsRevoked, cf::str(j.text()), nullptr);
}

// After the deactivation committed: the rooms leave the user's sidebar and stream.
int memberships_revoked(cf::HookCall& call) {
    cf_ctx* ctx = call.ctx();
    rapidjson::Document doc;
    if (!cf::parse_json(doc, call.payload())) return CF_OK;
    const rapidjson::Value* user = member(doc, "user_id");
    const rapidjson::Value* rooms = member(doc, "rooms");
    auto user_id = user ? id_from(*user) : std::nullopt;
    if (!user_id || !rooms || !rooms->IsArray()) return CF_OK;
    for (const auto& room : rooms->GetArray()) {
        const rapidjson::Value* id = member(room, "id");
        auto room_id = id ? id_from(*id) : std::nullopt;
        if (!room_id) continue;
        cf_room_leave(ctx, *room_id, *user_id);
        rapidjson::StringBuffer text;
        rapidjson::Writer<rapidjson::StringBuffer> w(text);
        room.Accept(w);
        cf_event_send_user(ctx, *user_id, kSidebarRemoved, cf::str({text.GetString(), text.GetSize()}));
    }
    return CF_OK;
}

// Deletes every message of the banned user as a normal deletion would, oldest first.
int user_banned(cf::HookCall& call) {
    cf_ctx* ctx = call.ctx();
    cf_db* txn = call.db();
    auto user_id = user_id_in(call.payload());
    if (!user_id || !txn) return CF_ERR_ARG;
    std::vector<std::pair<int64_t, int64_t>> doomed; // (room, message)
    {
        cf::Stmt s(ctx, txn, "SELECT room_id, id FROM messages WHERE creator_id = ?1 ORDER BY id");
        s.bind(1, *user_id);
        while (s.row()) doomed.emplace_back(s.integer(0), s.integer(1));
    }
    std::map<int64_t, Room> rooms;
    for (auto [room_id, message_id] : doomed) {
        auto it = rooms.find(room_id);
        if (it == rooms.end()) {
            auto room = load_room(ctx, txn, room_id);
            if (!room) continue;
            it = rooms.emplace(room_id, std::move(*room)).first;
        }
        auto message = load_message(ctx, txn, room_id, message_id);
        if (!message) continue;
        cf::Json payload;
        payload.obj([&] {
            payload.key("room").obj([&] { payload.key("id").num(room_id).key("type").str(it->second.type); });
            payload.key("message").raw(message_json(*message));
        });
        auto hooked = cf::run_hooks(ctx, "message.delete", CF_PHASE_STORE, payload.text(), call.user(), txn);
        if (hooked.status != CF_OK) return hooked.status;
        cf::Stmt del(ctx, txn, "DELETE FROM messages WHERE id = ?1");
        if (int rc = del.bind(1, message_id).exec(); rc != CF_OK) return rc;
        std::string ref = message_ref_json(*message);
        if (int rc = cf_event_emit(ctx, txn, room_id, "message.deleted", cf::str(ref), nullptr); rc != CF_OK) return rc;
    }
    return CF_OK;
}

} // namespace

int register_lifecycle_hooks(cf_ctx* ctx) {
    for (const auto& h : kHooks) {
        if (int rc = cf::hook(ctx, h.event, h.phase, h.fn); rc != CF_OK) return rc;
    }
    return CF_OK;
}

} // namespace rooms
