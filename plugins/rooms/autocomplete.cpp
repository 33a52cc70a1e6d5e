// GET /autocompletable/users?room_id=&query=: whom an @mention can name in a room. Mirrors
// Campfire's Autocompletable::UsersController (CAMPFIRE.md §8 "Mentions autocomplete"):
//  - the room's active members, bots included, whose name contains `query` (case-insensitive
//    for ASCII, like SQLite's LIKE; % and _ in the query match themselves);
//  - at most 20, sorted by name case-insensitively;
//  - [{"id","name","value":id,"avatar_url":"/users/<id>/avatar"}].
// Only members of the room may ask: anyone else gets 404 as for a room that does not exist.
#include "input.hpp"
#include "parts.hpp"
#include "room_store.hpp"
#include "route_table.hpp"

namespace rooms {
namespace {

constexpr int kMaxSuggestions = 20;
constexpr size_t kMaxQueryBytes = 100; // a user's name is at most 100 characters

void index(cf::Request& req, cf::Reply reply);

constexpr RouteDef kRoutes[] = {
    {"GET", "/autocompletable/users", index},
};

// "%<query>%" with LIKE's wildcards and the escape character escaped (ESCAPE '\').
std::string contains_pattern(std::string_view query) {
    std::string out = "%";
    for (char c : query) {
        if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
        out.push_back(c);
    }
    out.push_back('%');
    return out;
}

void index(cf::Request& req, cf::Reply reply) {
    cf_ctx* ctx = req.ctx();
    cf_db* db = cf_db_reader(ctx);
    auto given = req.query("room_id");
    if (!given) return reply.error(400, "room_id is required");
    auto room_id = id_from(*given);
    if (!room_id || !load_membership(ctx, db, *room_id, req.user()->id)) return reply.error(404, "room not found");
    std::string_view query = trim(req.query("query").value_or(""));
    if (query.size() > kMaxQueryBytes) return reply.error(422, "query is too long (at most 100 bytes)");

    cf::Stmt s(ctx, db,
               "SELECT u.id, u.name FROM memberships m JOIN users u ON u.id = m.user_id "
               "WHERE m.room_id = ?1 AND u.status = 0 AND u.name LIKE ?2 ESCAPE '\\' "
               "ORDER BY lower(u.name), u.id LIMIT ?3");
    s.bind(1, *room_id).bind(2, std::string_view(contains_pattern(query))).bind(3, kMaxSuggestions);
    cf::Json j;
    j.arr([&] {
        while (s.row()) {
            const int64_t id = s.integer(0);
            j.obj([&] {
                j.key("id").num(id).key("name").str(s.text(1)).key("value").num(id);
                j.key("avatar_url").str("/users/" + std::to_string(id) + "/avatar");
            });
        }
    });
    reply.json(200, j);
}

} // namespace

int register_autocomplete(cf_ctx* ctx) { return register_routes(ctx, kRoutes); }

} // namespace rooms
