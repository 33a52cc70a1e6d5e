// The boost routes, Campfire's Messages::BoostsController:
//   GET    /messages/:message_id/boosts      the message's boosts, oldest first
//   POST   /messages/:message_id/boosts      {"boost":{"content"}} -> 201 boost JSON, "boost.created"
//   DELETE /messages/:message_id/boosts/:id  your own boost only (403) -> 204, "boost.deleted"
// A message in a room you are not a member of answers 404 exactly like a missing one. Writes
// re-check membership and ownership on the writer (race-free) and reply only after commit; the
// live events are stored in the room's stream in the same transaction.
#include "boost_routes.hpp"

#include "boost_store.hpp"
#include "content.hpp"

#include <campfire/write_reply.hpp>

#include <memory>

namespace boosts {
namespace {

// Campfire has no limit; ours keep one message's boost list (sent with every page) bounded.
constexpr int64_t kMaxBoostsPerUser = 20;
constexpr int64_t kMaxBoostsPerMessage = 500;

std::optional<int64_t> id_from(std::string_view s) {
    auto v = cf::to_int(s);
    if (!v || *v <= 0) return std::nullopt;
    return v;
}

// The `boost[content]` string, or the 400/422 to answer.
std::optional<std::string> content_from(cf::Request& req, cf::Reply& reply) {
    const auto& body = req.json();
    auto boost = body.FindMember("boost");
    if (boost == body.MemberEnd() || boost->value.IsNull()) {
        reply.error(422, "boost content can't be blank");
        return std::nullopt;
    }
    if (!boost->value.IsObject()) {
        reply.error(400, "boost must be an object");
        return std::nullopt;
    }
    auto content = boost->value.FindMember("content");
    if (content == boost->value.MemberEnd() || content->value.IsNull()) {
        reply.error(422, "boost content can't be blank");
        return std::nullopt;
    }
    if (!content->value.IsString()) {
        reply.error(400, "boost content must be a string");
        return std::nullopt;
    }
    Content checked = check_content({content->value.GetString(), content->value.GetStringLength()});
    if (!checked.error.empty()) {
        reply.error(422, checked.error.c_str());
        return std::nullopt;
    }
    return std::move(checked.text);
}

void index(cf::Request& req, cf::Reply reply) {
    cf_ctx* ctx = req.ctx();
    cf_db* db = cf_db_reader(ctx);
    auto message_id = id_from(req.param("message_id"));
    if (!message_id || !reachable_room(ctx, db, *message_id, req.user()->id))
        return reply.error(404, "message not found");
    cf::Json j;
    j.obj([&] {
        j.key("boosts").arr([&] {
            for (const Boost& b : load_boosts(ctx, db, *message_id)) write_boost(j, b);
        });
    });
    reply.json(200, j);
}

void create(cf::Request& req, cf::Reply reply) {
    cf_ctx* ctx = req.ctx();
    auto message_id = id_from(req.param("message_id"));
    const int64_t booster_id = req.user()->id;
    if (!message_id || !reachable_room(ctx, cf_db_reader(ctx), *message_id, booster_id))
        return reply.error(404, "message not found");
    auto content = content_from(req, reply);
    if (!content) return;

    cf::write_then_reply(ctx, std::move(reply), [ctx, id = *message_id, booster_id, text = std::move(*content)](
                                                cf_db* txn, cf::Outcome& out) -> int {
        auto room = reachable_room(ctx, txn, id, booster_id);
        if (!room) return out.fail(404, "message not found");
        Counts n = count_boosts(ctx, txn, id, booster_id);
        if (n.mine >= kMaxBoostsPerUser) return out.fail(422, "you have boosted this message too many times");
        if (n.total >= kMaxBoostsPerMessage) return out.fail(422, "this message has too many boosts");
        cf::Stmt ins(ctx, txn,
                     "INSERT INTO boosts(message_id, message_created_at, booster_id, content) "
                     "SELECT id, created_at, ?2, ?3 FROM messages WHERE id = ?1");
        if (int rc = ins.bind(1, id).bind(2, booster_id).bind(3, std::string_view(text)).exec(); rc != CF_OK) return rc;
        auto boost = load_boost(ctx, txn, id, cf_db_last_insert_id(ctx, txn));
        if (!boost) return CF_ERR;
        std::string event = boost_json(*boost, *room);
        if (int rc = cf_event_emit(ctx, txn, *room, "boost.created", cf::str(event), nullptr); rc != CF_OK) return rc;
        out.http = 201;
        out.body = boost_json(*boost);
        return CF_OK;
    });
}

void destroy(cf::Request& req, cf::Reply reply) {
    cf_ctx* ctx = req.ctx();
    auto message_id = id_from(req.param("message_id"));
    auto boost_id = id_from(req.param("id"));
    const int64_t user_id = req.user()->id;
    cf_db* db = cf_db_reader(ctx);
    if (!message_id || !reachable_room(ctx, db, *message_id, user_id)) return reply.error(404, "message not found");
    auto boost = boost_id ? load_boost(ctx, db, *message_id, *boost_id) : std::nullopt;
    if (!boost) return reply.error(404, "boost not found");
    if (boost->booster_id != user_id) return reply.error(403, "you can only remove your own boosts");

    cf::write_then_reply(ctx, std::move(reply), [ctx, mid = *message_id, bid = *boost_id, user_id](cf_db* txn, cf::Outcome& out) -> int {
        auto room = reachable_room(ctx, txn, mid, user_id);
        if (!room) return out.fail(404, "message not found");
        auto current = load_boost(ctx, txn, mid, bid);
        if (!current) return out.fail(404, "boost not found");
        if (current->booster_id != user_id) return out.fail(403, "you can only remove your own boosts");
        cf::Stmt del(ctx, txn, "DELETE FROM boosts WHERE id = ?1");
        if (int rc = del.bind(1, bid).exec(); rc != CF_OK) return rc;
        cf::Json event;
        event.obj([&] { event.key("id").num(bid).key("message_id").num(mid).key("room_id").num(*room); });
        if (int rc = cf_event_emit(ctx, txn, *room, "boost.deleted", cf::str(event.text()), nullptr); rc != CF_OK)
            return rc;
        out.http = 204;
        return CF_OK;
    });
}

struct RouteDef {
    const char* method;
    const char* path;
    void (*fn)(cf::Request&, cf::Reply);
};

constexpr RouteDef kRoutes[] = {
    {"GET", "/messages/:message_id/boosts", index},
    {"POST", "/messages/:message_id/boosts", create},
    {"DELETE", "/messages/:message_id/boosts/:id", destroy},
};

} // namespace

int register_routes(cf_ctx* ctx) {
    for (const RouteDef& r : kRoutes)
        if (int rc = cf::route(ctx, r.method, r.path, CF_AUTH_USER, r.fn); rc != CF_OK) return rc;
    return CF_OK;
}

} // namespace boosts
