// Hooks the kernel runs that shape rooms and memberships. Mirrors Campfire's:
//  - User after_create_commit: every new user joins every Open room with involvement "mentions".
//    Bots are users and join Open rooms too (CAMPFIRE.md §4: "Bots join all Open rooms").
//  - FirstRun: the first room is the Open room "All Talk", created by the first administrator and
//    granted to every active user.
//  - RoomChannel: a socket may stream a room only if its user is a member (an invisible
//    membership still counts). Anyone else gets 404 "not found", as for a room that does not exist.
#include "parts.hpp"
#include "input.hpp"
#include "room_store.hpp"

#include <campfire/plugin.hpp>

namespace rooms {
namespace {

int user_created(cf::HookCall& call);
int account_created(cf::HookCall& call);
int cable_subscribe(cf::HookCall& call);

struct HookDef {
    const char* event;
    int phase;
    int (*fn)(cf::HookCall&);
};

constexpr HookDef kHooks[] = {
    {"user.created", CF_PHASE_STORE, user_created},
    {"account.created", CF_PHASE_STORE, account_created},
    {"cable.subscribe", CF_PHASE_CHECK, cable_subscribe},
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

} // namespace

int register_lifecycle_hooks(cf_ctx* ctx) {
    for (const auto& h : kHooks) {
        if (int rc = cf::hook(ctx, h.event, h.phase, h.fn); rc != CF_OK) return rc;
    }
    return CF_OK;
}

} // namespace rooms
