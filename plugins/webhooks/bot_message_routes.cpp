// The bot API for messages, exactly as Campfire's Messages::ByBotsController (CAMPFIRE.md §4).
// The kernel resolves :bot_key (an unknown key: 302 to /session/new); each route then runs the
// rooms plugin's own route as the bot through cf::dispatch, so membership (404 for a room the bot
// is not in), validation, hooks and live events are the rooms plugin's, unchanged.
//   POST   /rooms/:room_id/:bot_key/messages       the raw body (text or HTML) is the message, or
//          a multipart `attachment` file → 201, Location: /messages/<id>, empty body (head :created)
//   GET    /rooms/:room_id/:bot_key/messages       ?before= / ?after= → [message…] oldest first,
//          X-Total-Count (messages in the room), Link rel="next" when more exist that way
//   PUT    /rooms/:room_id/:bot_key/messages/:id   (or PATCH) the raw body replaces the body → 200
//   DELETE /rooms/:room_id/:bot_key/messages/:id   → 204; others' messages: 403 (rooms' rule)
#include "bot_requests.hpp"
#include "multipart.hpp"
#include "parts.hpp"
#include "route_table.hpp"
#include "secrets.hpp"
#include "settings.hpp"

#include <campfire/multipart.hpp>

#include <campfire/plugin.hpp>
#include <campfire/utf8.hpp>

namespace webhooks {
namespace {

std::string rooms_path(int64_t room_id) { return "/rooms/" + std::to_string(room_id) + "/messages"; }

std::string message_body_json(std::string_view body, std::optional<std::string> client_message_id) {
    cf::Json j;
    j.obj([&] {
        j.key("message").obj([&] {
            j.key("body").str(body);
            if (client_message_id) j.key("client_message_id").str(*client_message_id);
        });
    });
    return std::string(j.text());
}

// 201 with the new message's address, as Campfire's `head :created, location: message_url(...)`.
void created(const cf::Response& inner, cf::Reply& reply) {
    if (inner.status != 201 && inner.status != 200) return pass_through(inner, reply);
    rapidjson::Document doc;
    if (!cf::parse_json(doc, inner.body) || !doc.IsObject() || !doc.HasMember("id") || !doc["id"].IsInt64())
        return reply.error(500, "the message was stored but its id is unknown");
    reply.header("Location", settings().public_url + "/messages/" + std::to_string(doc["id"].GetInt64()));
    reply.send(201, "text/plain; charset=utf-8", {});
}

void create(cf::Request& req, cf::Reply reply) {
    auto room = positive_id(req, "room_id");
    if (!room) return reply.error(404, "room not found");
    int64_t bot = req.user()->id;
    cf_ctx* ctx = req.ctx();

    if (auto boundary = cf::multipart::boundary(req.header("content-type"))) {
        auto form = cf::multipart::parse(req.body(), *boundary);
        if (!form) return reply.error(400, ("malformed multipart body: " + std::string(form.error)).c_str());
        const cf::multipart::Part* file = form.form.find("attachment");
        if (!file || !file->filename) return reply.error(422, "send the message as the body, or a file in the attachment field");
        FormPart attachment{"message[attachment]", file->filename, std::string(file->content_type), std::string(file->body)};
        FormPart id{"message[client_message_id]", std::nullopt, {}, random_uuid()};
        Multipart encoded = build_multipart({attachment, id});
        return run_as_bot(ctx, std::move(reply), bot, "POST", rooms_path(*room), std::move(encoded.body), created,
                          encoded.content_type.c_str());
    }
    std::string_view body = req.body();
    if (!cf::utf8::valid(body)) return reply.error(400, "the message must be UTF-8 text");
    run_as_bot(ctx, std::move(reply), bot, "POST", rooms_path(*room), message_body_json(body, random_uuid()), created);
}

// ?before=<id> or ?after=<id>, checked here so only digits reach the inner path.
struct PageQuery {
    std::string suffix; // "", "?before=N" or "?after=N"
    bool forward = false;
};

std::optional<PageQuery> page_query(cf::Request& req, std::string* error) {
    auto before = req.query("before");
    auto after = req.query("after");
    if (before && after) {
        *error = "use either before or after, not both";
        return std::nullopt;
    }
    if (!before && !after) return PageQuery{};
    auto id = cf::to_int(before ? *before : *after);
    if (!id || *id <= 0) {
        *error = before ? "before must be a message id" : "after must be a message id";
        return std::nullopt;
    }
    return PageQuery{(before ? "?before=" : "?after=") + std::to_string(*id), after.has_value()};
}

bool more_messages(cf_ctx* ctx, int64_t room, int64_t beyond, bool forward) {
    cf::Stmt s(ctx, cf_db_reader(ctx),
               forward ? "SELECT 1 FROM messages WHERE room_id = ?1 AND id > ?2 LIMIT 1"
                       : "SELECT 1 FROM messages WHERE room_id = ?1 AND id < ?2 LIMIT 1");
    s.bind(1, room).bind(2, beyond);
    return s.row();
}

int64_t message_count(cf_ctx* ctx, int64_t room) {
    cf::Stmt s(ctx, cf_db_reader(ctx), "SELECT count(*) FROM messages WHERE room_id = ?1");
    s.bind(1, room);
    return s.row() ? s.integer(0) : 0;
}

void index(cf::Request& req, cf::Reply reply) {
    auto room = positive_id(req, "room_id");
    if (!room) return reply.error(404, "room not found");
    std::string error;
    auto page = page_query(req, &error);
    if (!page) return reply.error(400, error.c_str());
    cf_ctx* ctx = req.ctx();
    std::string key(req.param("bot_key"));
    bool forward = page->forward;
    run_as_bot(ctx, std::move(reply), req.user()->id, "GET", rooms_path(*room) + page->suffix, {},
               [ctx, room = *room, key, forward](cf::Response inner, cf::Reply& reply) {
                   if (inner.status != 200) return pass_through(inner, reply);
                   rapidjson::Document doc;
                   if (!cf::parse_json(doc, inner.body) || !doc.IsObject() || !doc.HasMember("messages") ||
                       !doc["messages"].IsArray())
                       return reply.error(500, "could not read the messages");
                   const auto& list = doc["messages"].GetArray();
                   RoleOf role_of = role_reader(ctx);
                   const std::string& base = settings().public_url;
                   cf::Json j;
                   j.arr([&] {
                       for (const auto& m : list) write_bot_message(j, m, role_of, base);
                   });
                   reply.header("X-Total-Count", std::to_string(message_count(ctx, room)));
                   if (!list.Empty()) {
                       const rapidjson::Value& edge = forward ? list[list.Size() - 1] : list[0];
                       if (edge.HasMember("id") && edge["id"].IsInt64()) {
                           int64_t id = edge["id"].GetInt64();
                           if (more_messages(ctx, room, id, forward))
                               reply.header("Link", "<" + base + "/rooms/" + std::to_string(room) + "/" + key +
                                                        "/messages?" + (forward ? "after=" : "before=") +
                                                        std::to_string(id) + ">; rel=\"next\"");
                       }
                   }
                   reply.json(200, j);
               });
}

void update(cf::Request& req, cf::Reply reply) {
    auto room = positive_id(req, "room_id");
    if (!room) return reply.error(404, "room not found");
    auto id = positive_id(req, "id");
    if (!id) return reply.error(404, "message not found");
    std::string_view body = req.body();
    if (!cf::utf8::valid(body)) return reply.error(400, "the message must be UTF-8 text");
    cf_ctx* ctx = req.ctx();
    run_as_bot(ctx, std::move(reply), req.user()->id, "PUT", rooms_path(*room) + "/" + std::to_string(*id),
               message_body_json(body, std::nullopt), [ctx](cf::Response inner, cf::Reply& reply) {
                   if (inner.status != 200) return pass_through(inner, reply);
                   rapidjson::Document doc;
                   cf::Json j;
                   if (!cf::parse_json(doc, inner.body) || !write_bot_message(j, doc, role_reader(ctx), settings().public_url))
                       return reply.error(500, "could not read the message");
                   reply.json(200, j);
               });
}

void destroy(cf::Request& req, cf::Reply reply) {
    auto room = positive_id(req, "room_id");
    if (!room) return reply.error(404, "room not found");
    auto id = positive_id(req, "id");
    if (!id) return reply.error(404, "message not found");
    run_as_bot(req.ctx(), std::move(reply), req.user()->id, "DELETE", rooms_path(*room) + "/" + std::to_string(*id), {},
               pass_through);
}

constexpr RouteDef kRoutes[] = {
    {"GET", "/rooms/:room_id/:bot_key/messages", index},
    {"POST", "/rooms/:room_id/:bot_key/messages", create},
    {"PUT", "/rooms/:room_id/:bot_key/messages/:id", update},
    {"PATCH", "/rooms/:room_id/:bot_key/messages/:id", update},
    {"DELETE", "/rooms/:room_id/:bot_key/messages/:id", destroy},
};

} // namespace

int register_bot_messages(cf_ctx* ctx) { return register_routes(ctx, kRoutes, CF_AUTH_BOT); }

} // namespace webhooks
