// The bot API for boosts, as Campfire's Messages::Boosts::ByBotsController (CAMPFIRE.md §4),
// through the boosts plugin's own routes (POST/DELETE /messages/:message_id/boosts[/:id]) run as
// the bot with cf::dispatch:
//   POST   /rooms/:room_id/:bot_key/messages/:message_id/boosts      raw body = content → 201 boost
//   DELETE /rooms/:room_id/:bot_key/messages/:message_id/boosts/:id  → 204; not the bot's: 404
// A message that is not in :room_id is 404, like a room the bot is not in. Without the boosts
// plugin the inner route does not exist and these answer 404.
#include "bot_requests.hpp"
#include "parts.hpp"
#include "settings.hpp"

#include <campfire/plugin.hpp>
#include <campfire/utf8.hpp>

namespace webhooks {
namespace {

bool message_in_room(cf_ctx* ctx, int64_t room, int64_t message) {
    cf::Stmt s(ctx, cf_db_reader(ctx), "SELECT 1 FROM messages WHERE id = ?1 AND room_id = ?2");
    s.bind(1, message).bind(2, room);
    return s.row();
}

bool blank(std::string_view s) {
    for (char c : s)
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
    return true;
}

std::string boosts_path(int64_t message) { return "/messages/" + std::to_string(message) + "/boosts"; }

void create(cf::Request& req, cf::Reply reply) {
    auto room = positive_id(req, "room_id");
    auto message = positive_id(req, "message_id");
    cf_ctx* ctx = req.ctx();
    if (!room || !message || !message_in_room(ctx, *room, *message)) return reply.error(404, "message not found");
    std::string_view content = req.body();
    if (!cf::utf8::valid(content)) return reply.error(400, "the boost must be UTF-8 text");
    if (blank(content)) return reply.error(422, "the boost can't be blank");
    cf::Json body;
    body.obj([&] { body.key("boost").obj([&] { body.key("content").str(content); }); });
    run_as_bot(ctx, std::move(reply), req.user()->id, "POST", boosts_path(*message), std::string(body.text()),
               [ctx, room = *room, message = *message](cf::Response inner, cf::Reply& reply) {
                   if (inner.status != 201 && inner.status != 200) return pass_through(inner, reply);
                   rapidjson::Document doc;
                   if (!cf::parse_json(doc, inner.body) || !doc.IsObject()) return reply.error(500, "could not read the boost");
                   const rapidjson::Value* boost = &doc;
                   if (doc.HasMember("boost") && doc["boost"].IsObject()) boost = &doc["boost"];
                   cf::Json j;
                   if (!write_bot_boost(j, *boost, room, message, role_reader(ctx), settings().public_url))
                       return reply.error(500, "could not read the boost");
                   reply.json(201, j);
               });
}

void destroy(cf::Request& req, cf::Reply reply) {
    auto room = positive_id(req, "room_id");
    auto message = positive_id(req, "message_id");
    auto id = positive_id(req, "id");
    cf_ctx* ctx = req.ctx();
    if (!room || !message || !message_in_room(ctx, *room, *message)) return reply.error(404, "message not found");
    if (!id) return reply.error(404, "boost not found");
    run_as_bot(ctx, std::move(reply), req.user()->id, "DELETE", boosts_path(*message) + "/" + std::to_string(*id), {},
               [](cf::Response inner, cf::Reply& reply) {
                   // Campfire finds the boost among the bot's own: anyone else's is not found.
                   if (inner.status == 403) return reply.error(404, "boost not found");
                   pass_through(inner, reply);
               });
}

} // namespace

int register_bot_boosts(cf_ctx* ctx) {
    if (int rc = cf::route(ctx, "POST", "/rooms/:room_id/:bot_key/messages/:message_id/boosts", CF_AUTH_BOT, create);
        rc != CF_OK)
        return rc;
    return cf::route(ctx, "DELETE", "/rooms/:room_id/:bot_key/messages/:message_id/boosts/:id", CF_AUTH_BOT, destroy);
}

} // namespace webhooks
