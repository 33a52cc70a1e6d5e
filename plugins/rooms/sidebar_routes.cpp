// GET /users/me/sidebar: everything the sidebar shows, in one answer. Mirrors Campfire's
// Users::SidebarsController and its view (CAMPFIRE.md §7 "Sidebar"):
//  - direct_rooms: your direct rooms ("Pings"), most recent activity first;
//  - shared_rooms: your open and closed rooms by name, case-insensitively;
//  - both without rooms whose involvement is "invisible", each with your unread mark;
//  - direct_placeholders: up to 20 active people (not bots, not you) you have no one-to-one
//    direct room with yet, so one click can start one;
//  - can_create_rooms: false when only administrators may create rooms and you are not one
//    (Campfire hides the "+" button).
// Kept current live by the sidebar.* and room.unread/room.read events (docs/websocket.md);
// clients reload it after reconnecting.
#include "creation_policy.hpp"
#include "parts.hpp"
#include "room_store.hpp"
#include "route_table.hpp"

namespace rooms {
namespace {

constexpr int kDirectPlaceholders = 20; // Campfire's sidebar limit

void show(cf::Request& req, cf::Reply reply);

constexpr RouteDef kRoutes[] = {
    {"GET", "/users/me/sidebar", show},
};

// Active people who are not bots and share no one-to-one direct room with `me`. A one-to-one
// room's direct_key is the two sorted ids ("3,7"), so the lookup is one index probe per person.
void write_placeholders(cf::Json& j, cf_ctx* ctx, cf_db* db, int64_t me) {
    cf::Stmt s(ctx, db,
               "SELECT u.id, u.name FROM users u WHERE u.status = 0 AND u.role <> 2 AND u.id <> ?1 "
               "AND NOT EXISTS (SELECT 1 FROM rooms r WHERE r.direct_key = "
               "  CASE WHEN u.id < ?1 THEN u.id || ',' || ?1 ELSE ?1 || ',' || u.id END) "
               "ORDER BY lower(u.name), u.id LIMIT ?2");
    s.bind(1, me).bind(2, kDirectPlaceholders);
    j.arr([&] {
        while (s.row()) {
            const int64_t id = s.integer(0);
            j.obj([&] {
                j.key("id").num(id).key("name").str(s.text(1));
                j.key("avatar_url").str("/users/" + std::to_string(id) + "/avatar");
            });
        }
    });
}

void show(cf::Request& req, cf::Reply reply) {
    cf_ctx* ctx = req.ctx();
    cf_db* db = cf_db_reader(ctx);
    const cf_user& user = *req.user();
    auto direct_members = load_direct_members(ctx, db, user.id);
    auto rooms = load_visible_rooms(ctx, db, user.id); // shared by name, then direct by activity
    static const std::vector<Member> kNone;
    cf::Json j;
    j.obj([&] {
        for (bool direct : {true, false}) {
            j.key(direct ? "direct_rooms" : "shared_rooms").arr([&] {
                for (const auto& [room, mine] : rooms) {
                    if (room.direct() != direct) continue;
                    auto it = direct_members.find(room.id);
                    j.obj([&] { write_room(j, room, it == direct_members.end() ? kNone : it->second, user.id, mine); });
                }
            });
        }
        j.key("direct_placeholders");
        write_placeholders(j, ctx, db, user.id);
        j.key("can_create_rooms").boolean(may_create_rooms(ctx, db, user));
    });
    reply.json(200, j);
}

} // namespace

int register_sidebar(cf_ctx* ctx) { return register_routes(ctx, kRoutes); }

} // namespace rooms
