// room.unread {"room_id":N}, live, to each member a new message has just marked unread. Mirrors
// Campfire's UnreadRoomsChannel (user_<id>_unreads): sent per user, so activity in a private room
// never reaches anyone outside it. The counterpart room.read comes from plugins/presence.
//
// A NOTIFY handler of the stored "message.created" event, so it runs after commit. The members
// to tell are those whose unread_at is this message's created_at: Room#receive's rule (visible,
// not connected, not the author; messages_routes.cpp) stamped exactly them. If a newer message
// has stamped them again meanwhile, that message's own notice tells them.
#include "input.hpp"
#include "parts.hpp"

#include <campfire/plugin.hpp>

namespace rooms {
namespace {

// The message of a message.created payload: the event's message JSON itself, or the
// {"room":…,"message":…} form of the hook contract.
const rapidjson::Value* message_in(const rapidjson::Document& doc) {
    const rapidjson::Value* wrapped = member(doc, "message");
    return wrapped && wrapped->IsObject() ? wrapped : &doc;
}

int message_created(cf::HookCall& call) {
    cf_ctx* ctx = call.ctx();
    rapidjson::Document doc;
    if (!cf::parse_json(doc, call.payload())) return CF_OK;
    const rapidjson::Value* message = message_in(doc);
    const rapidjson::Value* room = member(*message, "room_id");
    const rapidjson::Value* creator = member(*message, "creator_id");
    const rapidjson::Value* created = member(*message, "created_at");
    if (!room || !creator || !created || !created->IsString()) return CF_OK;
    const int64_t room_id = id_from(*room).value_or(0);
    const int64_t creator_id = id_from(*creator).value_or(0);
    cf_db* db = cf_db_reader(ctx);
    if (room_id == 0 || creator_id == 0 || !db) return CF_OK;

    cf::Stmt s(ctx, db, "SELECT user_id FROM memberships WHERE room_id = ?1 AND unread_at = ?2 AND user_id <> ?3");
    s.bind(1, room_id).bind(2, std::string_view(created->GetString(), created->GetStringLength())).bind(3, creator_id);
    const std::string body = "{\"room_id\":" + std::to_string(room_id) + "}";
    while (s.row()) cf_event_send_user(ctx, s.integer(0), "room.unread", cf::str(body));
    return CF_OK;
}

} // namespace

int register_unread_notices(cf_ctx* ctx) {
    return cf::hook(ctx, "message.created", CF_PHASE_NOTIFY, message_created);
}

} // namespace rooms
