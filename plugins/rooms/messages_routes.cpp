// Reading messages. Mirrors Campfire's MessagesController#index/show, the permalink page
// (rooms#show with @message_id) and Rooms::RefreshesController:
//  - pages of 40 ordered by id: the latest, ?before=<id> (just older), ?after=<id> (just newer),
//    ?around=<id> (40 before, the message, 40 after; 404 when it is not in the room);
//  - GET /rooms/:room_id/refresh?since=<epoch ms>: {"created":[first 40 created after since],
//    "updated":[last 40 updated after since, not among those]};
//  - every read runs the "message.present" TRANSFORM hook (message_present.hpp).
// Posting is message_create.cpp, attachments attachments.cpp; this file holds the route table.
#include "parts.hpp"
#include "input.hpp"
#include "message_present.hpp"
#include "message_routes.hpp"
#include "message_store.hpp"
#include "route_table.hpp"

#include <campfire/plugin.hpp>

#include <ctime>

namespace rooms {
namespace {

void index(cf::Request& req, cf::Reply reply);
void show(cf::Request& req, cf::Reply reply);
void refresh(cf::Request& req, cf::Reply reply);

constexpr RouteDef kRoutes[] = {
    {"GET", "/rooms/:room_id/messages", index},
    {"GET", "/rooms/:room_id/messages/:id", show},
    {"POST", "/rooms/:room_id/messages", create_message},
    {"GET", "/rooms/:room_id/messages/:id/attachment", serve_attachment},
    {"GET", "/rooms/:room_id/refresh", refresh},
};

void index(cf::Request& req, cf::Reply reply) {
    cf_db* db = cf_db_reader(req.ctx());
    auto room = member_room(req, db);
    if (!room) return reply.error(404, "room not found");
    auto before = req.query("before");
    auto after = req.query("after");
    auto around = req.query("around");
    if ((before.has_value() + after.has_value() + around.has_value()) > 1)
        return reply.error(400, "use one of before, after or around");
    std::vector<Message> messages;
    if (around) {
        auto id = id_from(*around);
        if (!id) return reply.error(400, "around must be a message id");
        messages = load_around(req.ctx(), db, room->id, *id);
        if (messages.empty()) return reply.error(404, "message not found");
    } else {
        Page page = before ? Page::before : after ? Page::after : Page::latest;
        int64_t anchor = 0;
        if (page != Page::latest) {
            auto id = id_from(before ? *before : *after);
            if (!id) return reply.error(400, before ? "before must be a message id" : "after must be a message id");
            anchor = *id;
        }
        messages = load_page(req.ctx(), db, room->id, page, anchor);
    }
    reply.json(200, "{\"messages\":" + present_messages(req.ctx(), *req.user(), messages) + "}");
}

void show(cf::Request& req, cf::Reply reply) {
    cf_db* db = cf_db_reader(req.ctx());
    auto room = member_room(req, db);
    if (!room) return reply.error(404, "room not found");
    auto id = id_from(req.param("id"));
    auto message = id ? load_message(req.ctx(), db, room->id, *id) : std::nullopt;
    if (!message) return reply.error(404, "message not found");
    std::string list = present_messages(req.ctx(), *req.user(), {*message});
    // The one element of the presented list: strip the brackets.
    reply.json(200, std::string_view(list).substr(1, list.size() - 2));
}

// Epoch milliseconds as our stored timestamps are written ("2026-11-23T06:41:41.317Z").
std::optional<std::string> iso_time(std::string_view ms_text) {
    auto ms = cf::to_int(ms_text);
    if (!ms || *ms < 0 || *ms > 253402300799999) return std::nullopt; // up to year 9999
    std::time_t seconds = static_cast<std::time_t>(*ms / 1000);
    std::tm tm{};
    if (!gmtime_r(&seconds, &tm)) return std::nullopt;
    char buf[32];
    size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    std::snprintf(buf + n, sizeof buf - n, ".%03dZ", static_cast<int>(*ms % 1000));
    return std::string(buf);
}

void refresh(cf::Request& req, cf::Reply reply) {
    cf_db* db = cf_db_reader(req.ctx());
    auto room = member_room(req, db);
    if (!room) return reply.error(404, "room not found");
    auto since_text = req.query("since");
    auto since = since_text ? iso_time(*since_text) : std::nullopt;
    if (!since) return reply.error(400, "since must be a time in milliseconds since the epoch");
    Changes changes = load_changes_since(req.ctx(), db, room->id, *since);
    reply.json(200, "{\"created\":" + present_messages(req.ctx(), *req.user(), changes.created) +
                        ",\"updated\":" + present_messages(req.ctx(), *req.user(), changes.updated) + "}");
}

} // namespace

std::optional<Room> member_room(cf::Request& req, cf_db* db) {
    auto id = id_from(req.param("room_id"));
    auto room = id ? load_room(req.ctx(), db, *id) : std::nullopt;
    if (!room || !load_membership(req.ctx(), db, room->id, req.user()->id)) return std::nullopt;
    return room;
}

std::string room_message_json(const Room& room, const std::string& message_json) {
    cf::Json j;
    j.obj([&] {
        j.key("room").obj([&] {
            j.key("id").num(room.id).key("type").str(room.type).key("name");
            if (room.name) j.str(*room.name);
            else j.null();
        });
        j.key("message").raw(message_json);
    });
    return std::string(j.text());
}

int register_message_routes(cf_ctx* ctx) { return register_routes(ctx, kRoutes); }

} // namespace rooms
