// Listing, showing and deleting rooms. Mirrors Campfire's RoomsController (index via the sidebar,
// show, destroy) and Rooms::DirectsController#destroy:
//  - a user sees only rooms they are a member of; anything else is 404, exactly like a room
//    that does not exist (administrators included, as in Campfire's Current.user.rooms.find);
//  - the list hides rooms whose involvement is "invisible" (Campfire's sidebar shows visible ones);
//  - a room is deleted by its creator or an administrator; a direct room by any of its members.
#include "parts.hpp"
#include "input.hpp"
#include "room_store.hpp"
#include "route_table.hpp"
#include "write.hpp"

#include <campfire/plugin.hpp>

#include <map>

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

    // Direct rooms are named after their members: fetch those in one query.
    std::map<int64_t, std::vector<Member>> direct_members;
    {
        cf::Stmt s(ctx, db,
                   "SELECT o.room_id, u.id, u.name, o.involvement FROM memberships m "
                   "JOIN rooms r ON r.id = m.room_id AND r.type = 'direct' "
                   "JOIN memberships o ON o.room_id = m.room_id JOIN users u ON u.id = o.user_id "
                   "WHERE m.user_id = ?1 AND m.involvement <> 'invisible' ORDER BY o.room_id, lower(u.name), u.id");
        s.bind(1, me);
        while (s.row())
            direct_members[s.integer(0)].push_back(Member{s.integer(1), std::string(s.text(2)), std::string(s.text(3))});
    }

    // Shared rooms alphabetically, then direct rooms by latest activity (Campfire's sidebar order).
    cf::Stmt s(ctx, db,
               "SELECT r.id, r.name, r.type, r.creator_id, r.created_at, r.updated_at, r.last_message_at, "
               "m.involvement, m.unread_at IS NOT NULL FROM memberships m JOIN rooms r ON r.id = m.room_id "
               "WHERE m.user_id = ?1 AND m.involvement <> 'invisible' "
               "ORDER BY r.type = 'direct', lower(r.name), r.updated_at DESC, r.id");
    s.bind(1, me);
    cf::Json j;
    static const std::vector<Member> kNone;
    j.obj([&] { j.key("rooms").arr([&] {
        while (s.row()) {
            Room r;
            r.id = s.integer(0);
            if (!s.is_null(1)) r.name = std::string(s.text(1));
            r.type = std::string(s.text(2));
            r.creator_id = s.integer(3);
            r.created_at = std::string(s.text(4));
            r.updated_at = std::string(s.text(5));
            if (!s.is_null(6)) r.last_message_at = std::string(s.text(6));
            Membership mine{std::string(s.text(7)), s.integer(8) != 0};
            auto it = direct_members.find(r.id);
            j.obj([&] { write_room(j, r, it == direct_members.end() ? kNone : it->second, me, mine); });
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
    write_then_reply(ctx, std::move(reply), [ctx, actor, room_id](cf_db* txn, Outcome& out) -> int {
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
