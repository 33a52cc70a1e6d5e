// Your involvement in a room: how much of it notifies you, and whether the sidebar shows it.
// Mirrors Campfire's Rooms::InvolvementsController and its bell button (CAMPFIRE.md §2, §6):
//  - levels: invisible, nothing, mentions, everything. New memberships get "mentions" in shared
//    rooms and "everything" in direct rooms;
//  - the bell cycles shared rooms mentions → everything → nothing → invisible → mentions, and
//    direct rooms everything ⇄ nothing; GET answers the level, its label and the next one;
//  - direct rooms accept only everything and nothing (422 otherwise: an invisible DM would vanish
//    with no way back); Campfire does not validate the value at all, we answer 422;
//  - leaving or entering "invisible" removes or adds the room in your sidebar, live, in every tab
//    (sidebar.room_removed / sidebar.room_added); other changes send sidebar.room_updated.
//    Campfire skips these for direct rooms, and so do we.
// Only members: anyone else gets 404 as for a room that does not exist.
#include "input.hpp"
#include "parts.hpp"
#include "room_store.hpp"
#include "route_table.hpp"
#include "sidebar_notices.hpp"
#include "write.hpp"

#include <array>

namespace rooms {
namespace {

void show(cf::Request& req, cf::Reply reply);
void update(cf::Request& req, cf::Reply reply);

constexpr RouteDef kRoutes[] = {
    {"GET", "/rooms/:room_id/involvement", show},
    {"PUT", "/rooms/:room_id/involvement", update},
    {"PATCH", "/rooms/:room_id/involvement", update},
};

struct Level {
    std::string_view name;
    const char* label;       // the bell's text
    const char* next;        // where a click on the bell goes in a shared room
    const char* next_direct; // ... and in a direct room; nullptr: a direct room cannot take this level
};

constexpr std::array<Level, 4> kLevels{{
    {"mentions", "Notifying about @ mentions", "everything", nullptr},
    {"everything", "Notifying about all messages", "nothing", "nothing"},
    {"nothing", "Notifications are off", "invisible", "everything"},
    {"invisible", "Notifications are off and room invisible in sidebar", "mentions", nullptr},
}};

const Level* level_named(std::string_view name) {
    for (const auto& l : kLevels)
        if (l.name == name) return &l;
    return nullptr;
}

std::string involvement_json(int64_t room_id, const Room& room, std::string_view involvement) {
    const Level* level = level_named(involvement);
    cf::Json j;
    j.obj([&] {
        j.key("room_id").num(room_id).key("involvement").str(involvement);
        j.key("label").str(level ? level->label : "");
        const char* next = level ? (room.direct() ? level->next_direct : level->next) : nullptr;
        // A direct room at a level it cannot take (only from data older than this rule) goes to everything.
        j.key("next").str(next ? next : (room.direct() ? "everything" : "mentions"));
    });
    return std::string(j.text());
}

// The room behind :room_id and your membership, or nullopt (reply 404).
std::optional<std::pair<Room, Membership>> my_room(cf::Request& req, cf_db* db) {
    auto id = id_from(req.param("room_id"));
    auto room = id ? load_room(req.ctx(), db, *id) : std::nullopt;
    auto mine = room ? load_membership(req.ctx(), db, room->id, req.user()->id) : std::nullopt;
    if (!mine) return std::nullopt;
    return std::make_pair(std::move(*room), std::move(*mine));
}

void show(cf::Request& req, cf::Reply reply) {
    auto found = my_room(req, cf_db_reader(req.ctx()));
    if (!found) return reply.error(404, "room not found");
    reply.json(200, involvement_json(found->first.id, found->first, found->second.involvement));
}

// The wanted level from the body ({"involvement":"…"}, also a converted form) or ?involvement=.
// Returns the HTTP status of the problem (0 when fine) and sets `error`.
int wanted_level(cf::Request& req, const Room& room, const Level*& out, std::string& error) {
    auto fail = [&](int status, const char* why) {
        error = why;
        return status;
    };
    std::string value;
    if (const rapidjson::Value* v = member(req.json(), "involvement"); v && !v->IsNull()) {
        if (!v->IsString()) return fail(400, "involvement must be a string");
        value.assign(v->GetString(), v->GetStringLength());
    } else if (auto q = req.query("involvement")) {
        value = std::string(*q);
    } else {
        return fail(422, "involvement is required");
    }
    out = level_named(value);
    if (!out) return fail(422, "involvement must be one of invisible, nothing, mentions, everything");
    if (room.direct() && !out->next_direct) return fail(422, "a direct room's involvement is everything or nothing");
    return 0;
}

void update(cf::Request& req, cf::Reply reply) {
    cf_ctx* ctx = req.ctx();
    auto found = my_room(req, cf_db_reader(ctx));
    if (!found) return reply.error(404, "room not found");
    const Level* level = nullptr;
    std::string error;
    if (int status = wanted_level(req, found->first, level, error)) return reply.error(status, error.c_str());

    const int64_t room_id = found->first.id;
    const int64_t me = req.user()->id;
    const std::string wanted(level->name);
    cf::write_then_reply<Outcome>(ctx, std::move(reply), [=](cf_db* txn, Outcome& out) -> int {
        auto room = load_room(ctx, txn, room_id);
        auto before = room ? load_membership(ctx, txn, room_id, me) : std::nullopt;
        if (!before) return out.fail(404, "room not found");
        cf::Stmt s(ctx, txn,
                   "UPDATE memberships SET involvement = ?3, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') "
                   "WHERE room_id = ?1 AND user_id = ?2");
        if (int rc = s.bind(1, room_id).bind(2, me).bind(3, std::string_view(wanted)).exec(); rc != CF_OK) return rc;
        out.body = involvement_json(room_id, *room, wanted);

        if (room->direct() || before->involvement == wanted) return CF_OK;
        const bool was_visible = before->involvement != "invisible";
        const bool visible = wanted != "invisible";
        const char* type = !visible ? kSidebarRemoved : !was_visible ? kSidebarAdded : kSidebarUpdated;
        Membership after{wanted, before->unread};
        queue_sidebar_event(ctx, out, type, *room, {}, {Recipient{me, visible ? std::optional(after) : std::nullopt}});
        return CF_OK;
    });
}

} // namespace

int register_involvement(cf_ctx* ctx) { return register_routes(ctx, kRoutes); }

} // namespace rooms
