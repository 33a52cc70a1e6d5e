// Direct rooms (DMs): find-or-create for a set of users. Mirrors Campfire's
// Rooms::DirectsController#create and Rooms::Direct.find_or_create_for(users):
//  - the set is the signed-in user plus user_ids (a DM with yourself is allowed);
//  - one room per exact set: we key it by the sorted member ids ("3,7,9") in rooms.direct_key
//    (UNIQUE) and look it up inside the writer, so concurrent requests cannot create two
//    (Campfire does a linear scan; this is the race-free, indexed form of the same rule);
//  - members get involvement "everything"; the room has no name (clients name it after the
//    other members).
// A new direct room appears live in each member's sidebar (sidebar.room_added, named from their
// side). 201 with the room when it was created, 200 with the existing room otherwise. "room.create" is
// not run here: Campfire's room-creation restriction covers shared rooms only, never DMs.
#include "parts.hpp"
#include "input.hpp"
#include "room_store.hpp"
#include "route_table.hpp"
#include "sidebar_notices.hpp"
#include "write.hpp"

#include <campfire/plugin.hpp>

#include <algorithm>

namespace rooms {
namespace {

void create_direct(cf::Request& req, cf::Reply reply);

constexpr RouteDef kRoutes[] = {
    {"POST", "/rooms/directs", create_direct},
    // DELETE /rooms/directs/:id lives with the other deletions in rooms_routes.cpp.
};

std::string key_of(const std::vector<int64_t>& sorted_ids) {
    std::string key;
    for (int64_t id : sorted_ids) {
        if (!key.empty()) key += ',';
        key += std::to_string(id);
    }
    return key;
}

void create_direct(cf::Request& req, cf::Reply reply) {
    cf_ctx* ctx = req.ctx();
    Actor actor = Actor::from(*req.user());
    std::vector<int64_t> ids;
    if (const rapidjson::Value* v = member(req.json(), "user_ids"); v && !v->IsNull()) {
        std::string error;
        auto given = ids_from(*v, error);
        if (!given) return reply.error(400, error.c_str());
        ids = std::move(*given);
    }
    if (!std::binary_search(ids.begin(), ids.end(), actor.id)) {
        ids.push_back(actor.id);
        std::sort(ids.begin(), ids.end());
    }
    std::string key = key_of(ids);

    cf::write_then_reply<Outcome>(ctx, std::move(reply), [=](cf_db* txn, Outcome& out) -> int {
        int64_t existing = 0;
        {
            cf::Stmt find(ctx, txn, "SELECT id FROM rooms WHERE direct_key = ?1");
            if (find.bind(1, std::string_view(key)).row()) existing = find.integer(0);
        }
        if (existing) {
            auto room = load_room(ctx, txn, existing);
            if (!room) return CF_ERR;
            out.body = room_detail_json(ctx, txn, *room, actor.id);
            return CF_OK; // found: nothing written
        }
        for (int64_t id : ids) {
            if (id != actor.id && !user_is_active(ctx, txn, id))
                return out.fail(422, "user " + std::to_string(id) + " is not an active user");
        }
        int64_t room_id = insert_room(ctx, txn, std::nullopt, "direct", actor.id, key);
        if (!room_id) return CF_ERR;
        for (int64_t id : ids)
            if (int rc = grant(ctx, txn, room_id, id, "everything"); rc != CF_OK) return rc;
        auto room = load_room(ctx, txn, room_id);
        if (!room) return CF_ERR;
        if (int rc = emit_room_event(ctx, txn, *room, "room.created"); rc != CF_OK) return rc;
        queue_sidebar_event(ctx, out, kSidebarAdded, *room, load_members(ctx, txn, room_id),
                            visible_members(ctx, txn, room_id));
        out.http = 201;
        out.body = room_detail_json(ctx, txn, *room, actor.id);
        return CF_OK;
    });
}

} // namespace

int register_direct_rooms(cf_ctx* ctx) { return register_routes(ctx, kRoutes); }

} // namespace rooms
