// Listing, showing and deleting rooms. Mirrors Campfire's RoomsController (index via the sidebar,
// show, destroy) and Rooms::DirectsController#destroy:
//  - a user sees only rooms they are a member of; anything else is 404, exactly like a room
//    that does not exist (administrators included, as in Campfire's Current.user.rooms.find);
//  - the list hides rooms whose involvement is "invisible" (Campfire's sidebar shows visible ones);
//  - a room is deleted by its creator or an administrator; a direct room by any of its members;
//    it leaves every member's sidebar live (sidebar.room_removed, sidebar_notices.hpp).
#include "parts.hpp"
#include "input.hpp"
#include "room_store.hpp"
#include "route_table.hpp"
#include "sidebar_notices.hpp"
#include "write.hpp"

#include <campfire/plugin.hpp>

namespace rooms {
namespace {

void index(cf::Request& req, cf::Reply reply);
void show(cf::Request& req, cf::Reply reply);
void destroy(cf::Request& req, cf::Reply reply);
void destroy_direct(cf::Request& req, cf::Reply reply);

constexpr RouteDef kRoutes[] = {
    {"GET", "/rooms", index},
    {"GET", "/rooms/:id", show},
    {"DELETE", "/rooms/:id", destroy},
    {"DELETE", "/rooms/directs/:id", destroy_direct},
};

void index(cf::Request& req, cf::Reply reply) {
    cf_ctx* ctx = req.ctx();
    cf_db* db = cf_db_reader(ctx);
    const int64_t me = req.user()->id;
    auto direct_members = load_direct_members(ctx, db, me);
    static const std::vector<Member> kNone;
    cf::Json j;
    j.obj([&] { j.key("rooms").arr([&] {
        for (const auto& [room, mine] : load_visible_rooms(ctx, db, me)) {
            auto it = direct_members.find(room.id);
            j.obj([&] { write_room(j, room, it == direct_members.end() ? kNone : it->second, me, mine); });
        }
    }); });
    reply.json(200, j);
}

void show(cf::Request& req, cf::Reply reply) {
    cf_ctx* ctx = req.ctx();
    cf_db* db = cf_db_reader(ctx);
    const int64_t me = req.user()->id;
    auto id = id_from(req.param("id"));
    auto room = id ? load_room(ctx, db, *id) : std::nullopt;
    if (!room || !load_membership(ctx, db, room->id, me)) return reply.error(404, "room not found");
    reply.json(200, room_detail_json(ctx, db, *room, me));
}

// Deletes the room after the checks; `directs_only` for DELETE /rooms/directs/:id.
void destroy_room(cf::Request& req, cf::Reply reply, bool directs_only) {
    cf_ctx* ctx = req.ctx();
    cf_db* db = cf_db_reader(ctx);
    Actor actor = Actor::from(*req.user());
    auto id = id_from(req.param("id"));
    auto room = id ? load_room(ctx, db, *id) : std::nullopt;
    if (!room || (directs_only && !room->direct()) || !load_membership(ctx, db, room->id, actor.id))
        return reply.error(404, "room not found");
    if (!room->direct() && !can_administer(*room, actor))
        return reply.error(403, "only the room's creator or an administrator can delete it");

    const int64_t room_id = room->id;
    cf::write_then_reply<Outcome>(ctx, std::move(reply), [ctx, actor, room_id](cf_db* txn, Outcome& out) -> int {
        // Re-check on the writer: the room or the membership may have gone since the read.
        auto current = load_room(ctx, txn, room_id);
        if (!current || !load_membership(ctx, txn, room_id, actor.id)) return out.fail(404, "room not found");
        cf::Json payload;
        payload.obj([&] { payload.key("room").obj([&] { write_room(payload, *current, {}, std::nullopt, std::nullopt); }); });
        cf_user who = actor.view();
        // Lets other plugins (search, boosts...) drop rows tied to this room's messages first.
        auto hooked = cf::run_hooks(ctx, "room.delete", CF_PHASE_STORE, payload.text(), &who, txn);
        if (hooked.status != CF_OK) return hooked.status;
        if (int rc = emit_room_event(ctx, txn, *current, "room.deleted"); rc != CF_OK) return rc;
        std::vector<Recipient> gone = visible_members(ctx, txn, room_id);
        for (auto& r : gone) r.mine.reset(); // the membership goes with the room
        queue_sidebar_event(ctx, out, kSidebarRemoved, *current, load_members(ctx, txn, room_id), std::move(gone));
        if (int rc = delete_room_rows(ctx, txn, room_id); rc != CF_OK) return rc;
        out.http = 204;
        return CF_OK;
    });
}

void destroy(cf::Request& req, cf::Reply reply) { destroy_room(req, std::move(reply), false); }
void destroy_direct(cf::Request& req, cf::Reply reply) { destroy_room(req, std::move(reply), true); }

} // namespace

int register_room_routes(cf_ctx* ctx) { return register_routes(ctx, kRoutes); }

} // namespace rooms
