// Reading and posting messages. Mirrors Campfire's MessagesController#index/show/create and
// Room#receive:
//  - pages of 40 ordered by id: the latest, ?before=<id> (just older), ?after=<id> (just newer);
//  - posting needs a non-blank body; client_message_id defaults to a fresh UUID (Campfire's
//    before_create), and a retry with the same one by the same user in the same room returns the
//    original message (200) and stores nothing: the lookup and the insert run together on the
//    single writer, backed by UNIQUE(room_id, creator_id, client_message_id);
//  - a new message marks the room unread for visible, disconnected members other than the author
//    and touches the room (last_message_at, updated_at: DM ordering);
//  - it is stored with a "message.created" room event, broadcast after commit.
// Hooks run for other plugins: "message.create" CHECK (veto), TRANSFORM (body, content_type),
// STORE (inside the transaction, with the stored message; search indexes it there).
#include "parts.hpp"
#include "input.hpp"
#include "message_store.hpp"
#include "room_store.hpp"
#include "route_table.hpp"
#include "write.hpp"

#include <campfire/plugin.hpp>

namespace rooms {
namespace {

void index(cf::Request& req, cf::Reply reply);
void show(cf::Request& req, cf::Reply reply);
void create(cf::Request& req, cf::Reply reply);

constexpr RouteDef kRoutes[] = {
    {"GET", "/rooms/:room_id/messages", index},
    {"GET", "/rooms/:room_id/messages/:id", show},
    {"POST", "/rooms/:room_id/messages", create},
};

// The room behind :room_id if the signed-in user is a member of it.
std::optional<Room> member_room(cf::Request& req, cf_db* db) {
    auto id = id_from(req.param("room_id"));
    auto room = id ? load_room(req.ctx(), db, *id) : std::nullopt;
    if (!room || !load_membership(req.ctx(), db, room->id, req.user()->id)) return std::nullopt;
    return room;
}

void index(cf::Request& req, cf::Reply reply) {
    cf_db* db = cf_db_reader(req.ctx());
    auto room = member_room(req, db);
    if (!room) return reply.error(404, "room not found");
    auto before = req.query("before");
    auto after = req.query("after");
    if (before && after) return reply.error(400, "use either before or after, not both");
    Page page = before ? Page::before : after ? Page::after : Page::latest;
    int64_t anchor = 0;
    if (page != Page::latest) {
        auto id = id_from(before ? *before : *after);
        if (!id) return reply.error(400, before ? "before must be a message id" : "after must be a message id");
        anchor = *id;
    }
    cf::Json j;
    j.obj([&] {
        j.key("messages").arr([&] {
            for (const auto& m : load_page(req.ctx(), db, room->id, page, anchor)) write_message(j, m);
        });
    });
    reply.json(200, j);
}

void show(cf::Request& req, cf::Reply reply) {
    cf_db* db = cf_db_reader(req.ctx());
    auto room = member_room(req, db);
    if (!room) return reply.error(404, "room not found");
    auto id = id_from(req.param("id"));
    auto message = id ? load_message(req.ctx(), db, room->id, *id) : std::nullopt;
    if (!message) return reply.error(404, "message not found");
    reply.json(200, message_json(*message));
}

struct Draft {
    std::string client_message_id;
    std::string body;
    std::string content_type = "text";
};

void write_hook_payload(cf::Json& j, const Room& room, int64_t creator_id, const Draft& d) {
    j.obj([&] {
        j.key("room").obj([&] { j.key("id").num(room.id).key("type").str(room.type); });
        j.key("message").obj([&] {
            j.key("room_id").num(room.id).key("creator_id").num(creator_id);
            j.key("client_message_id").str(d.client_message_id).key("body").str(d.body);
            j.key("content_type").str(d.content_type);
        });
    });
}

// Takes body and content_type from a TRANSFORM hook's replacement; false if it broke the body.
bool apply_transform(const std::string& replaced, Draft& d) {
    rapidjson::Document doc;
    if (!cf::parse_json(doc, replaced)) return false;
    const rapidjson::Value* m = member(doc, "message");
    if (!m) return false;
    std::string ignored;
    const rapidjson::Value* body = member(*m, "body");
    if (check_body(body, ignored) != 0) return false;
    d.body.assign(body->GetString(), body->GetStringLength());
    if (const rapidjson::Value* t = member(*m, "content_type"); t && t->IsString()) {
        std::string_view type(t->GetString(), t->GetStringLength());
        if (valid_content_type(type)) d.content_type = std::string(type);
    }
    return true;
}

void create(cf::Request& req, cf::Reply reply) {
    cf_ctx* ctx = req.ctx();
    cf_db* db = cf_db_reader(ctx);
    Actor actor = Actor::from(*req.user());
    auto room = member_room(req, db);
    if (!room) return reply.error(404, "room not found");

    const rapidjson::Value* msg = member(req.json(), "message");
    if (msg && !msg->IsObject()) return reply.error(400, "message must be an object");
    std::string error;
    const rapidjson::Value* body = msg ? member(*msg, "body") : nullptr;
    if (int status = check_body(body, error)) return reply.error(status, error.c_str());
    Draft draft;
    draft.body.assign(body->GetString(), body->GetStringLength());
    const rapidjson::Value* cmid = msg ? member(*msg, "client_message_id") : nullptr;
    if (cmid && !cmid->IsNull()) {
        if (!cmid->IsString()) return reply.error(400, "client_message_id must be a string");
        std::string_view v(cmid->GetString(), cmid->GetStringLength());
        if (v.size() > kMaxClientMessageIdBytes) return reply.error(422, "client_message_id is too long (at most 64 bytes)");
        if (has_control_chars(v)) return reply.error(422, "client_message_id must not contain control characters");
        draft.client_message_id = std::string(v);
    }
    if (draft.client_message_id.empty()) draft.client_message_id = random_uuid();

    // A retry that already landed: answer at once, without running the hooks again.
    if (auto existing = find_by_client_id(ctx, db, room->id, actor.id, draft.client_message_id))
        return reply.json(200, message_json(*existing));

    cf_user who = actor.view();
    cf::Json payload;
    write_hook_payload(payload, *room, actor.id, draft);
    auto checked = cf::run_hooks(ctx, "message.create", CF_PHASE_CHECK, payload.text(), &who);
    if (checked.status != CF_OK) {
        // 2xx: a slash command took the message instead (the kernel's command hook, sdk/ABI.md).
        if (checked.veto_status >= 200 && checked.veto_status < 300) return reply.json(checked.veto_status, checked.veto_reason);
        int status = checked.veto_status >= 400 && checked.veto_status < 600 ? checked.veto_status : 403;
        return reply.error(status, checked.veto_reason.empty() ? "message rejected" : checked.veto_reason.c_str());
    }
    auto transformed = cf::run_hooks(ctx, "message.create", CF_PHASE_TRANSFORM, payload.text(), &who);
    if (transformed.status != CF_OK) return reply.error(500, "message could not be prepared");
    if (transformed.payload && !apply_transform(*transformed.payload, draft))
        return reply.error(422, "message body can't be blank");

    const Room target = *room;
    write_then_reply(ctx, std::move(reply), [=](cf_db* txn, Outcome& out) -> int {
        if (!load_membership(ctx, txn, target.id, actor.id)) return out.fail(404, "room not found");
        if (auto existing = find_by_client_id(ctx, txn, target.id, actor.id, draft.client_message_id)) {
            out.body = message_json(*existing);
            return CF_OK; // the idempotent retry: nothing new stored
        }
        cf::Stmt ins(ctx, txn,
                     "INSERT INTO messages(room_id, creator_id, client_message_id, body, content_type) "
                     "VALUES (?1, ?2, ?3, ?4, ?5)");
        ins.bind(1, target.id).bind(2, actor.id).bind(3, std::string_view(draft.client_message_id));
        ins.bind(4, std::string_view(draft.body)).bind(5, std::string_view(draft.content_type));
        if (int rc = ins.exec(); rc != CF_OK) return rc;
        auto message = load_message(ctx, txn, target.id, cf_db_last_insert_id(ctx, txn));
        if (!message) return CF_ERR;
        std::string json = message_json(*message);

        cf::Json stored;
        stored.obj([&] {
            stored.key("room").obj([&] { stored.key("id").num(target.id).key("type").str(target.type); });
            stored.key("message").raw(json);
        });
        cf_user who = actor.view();
        auto hooked = cf::run_hooks(ctx, "message.create", CF_PHASE_STORE, stored.text(), &who, txn);
        if (hooked.status != CF_OK) return hooked.status;

        cf::Stmt touch(ctx, txn, "UPDATE rooms SET last_message_at = ?2, updated_at = ?2 WHERE id = ?1");
        if (int rc = touch.bind(1, target.id).bind(2, std::string_view(message->created_at)).exec(); rc != CF_OK)
            return rc;
        // Campfire's Room#receive: unread for visible members who are not connected (60 s TTL).
        cf::Stmt unread(ctx, txn,
                        "UPDATE memberships SET unread_at = ?3 WHERE room_id = ?1 AND user_id <> ?2 "
                        "AND involvement <> 'invisible' AND (connected_at IS NULL OR "
                        "connected_at < strftime('%Y-%m-%dT%H:%M:%fZ','now','-60 seconds'))");
        if (int rc = unread.bind(1, target.id).bind(2, actor.id).bind(3, std::string_view(message->created_at)).exec();
            rc != CF_OK)
            return rc;
        if (int rc = cf_event_emit(ctx, txn, target.id, "message.created", cf::str(json), nullptr); rc != CF_OK)
            return rc;
        out.http = 201;
        out.body = std::move(json);
        return CF_OK;
    });
}

} // namespace

int register_message_routes(cf_ctx* ctx) { return register_routes(ctx, kRoutes); }

} // namespace rooms
