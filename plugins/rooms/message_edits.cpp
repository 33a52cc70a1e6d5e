// Editing and deleting messages. Mirrors Campfire's MessagesController#update/destroy: only the
// message's creator or an administrator may do either (403 otherwise; 404 for non-members).
// An edit replaces the body (sanitised again, plain text and mentionees recomputed; attachment
// messages cannot be edited: 422) and is broadcast as "message.updated"; a deletion answers 204 and is
// broadcast as "message.deleted" {id, room_id, client_message_id}. Both events are stored inside
// the write, so clients replaying after a reconnect see edits and deletions too.
// Hooks run for other plugins: "message.update" CHECK, TRANSFORM, STORE; "message.delete" CHECK,
// STORE (search updates or drops its index row there, in the same transaction).
#include "parts.hpp"
#include "input.hpp"
#include "message_body.hpp"
#include "message_store.hpp"
#include "room_store.hpp"
#include "route_table.hpp"
#include "write.hpp"

#include <campfire/plugin.hpp>

namespace rooms {
namespace {

void update(cf::Request& req, cf::Reply reply);
void destroy(cf::Request& req, cf::Reply reply);

constexpr RouteDef kRoutes[] = {
    {"PUT", "/rooms/:room_id/messages/:id", update},
    {"PATCH", "/rooms/:room_id/messages/:id", update},
    {"DELETE", "/rooms/:room_id/messages/:id", destroy},
};

struct Target {
    Room room;
    Message message;
};

// Finds the message and checks the permission; replies and returns nullopt when refused.
std::optional<Target> editable(cf::Request& req, cf::Reply& reply, const Actor& actor) {
    cf_ctx* ctx = req.ctx();
    cf_db* db = cf_db_reader(ctx);
    auto room_id = id_from(req.param("room_id"));
    auto room = room_id ? load_room(ctx, db, *room_id) : std::nullopt;
    if (!room || !load_membership(ctx, db, room->id, actor.id)) {
        reply.error(404, "room not found");
        return std::nullopt;
    }
    auto id = id_from(req.param("id"));
    auto message = id ? load_message(ctx, db, room->id, *id) : std::nullopt;
    if (!message) {
        reply.error(404, "message not found");
        return std::nullopt;
    }
    if (!actor.admin() && message->creator_id != actor.id) {
        reply.error(403, "only the message's creator or an administrator can change it");
        return std::nullopt;
    }
    return Target{std::move(*room), std::move(*message)};
}

std::string hook_payload(const Room& room, const std::string& message_json) {
    cf::Json j;
    j.obj([&] {
        j.key("room").obj([&] { j.key("id").num(room.id).key("type").str(room.type); });
        j.key("message").raw(message_json);
    });
    return std::string(j.text());
}

// Runs a CHECK hook; false when vetoed (the reply is sent).
bool allowed(cf::Request& req, cf::Reply& reply, const char* event, const std::string& payload, const cf_user* who) {
    auto r = cf::run_hooks(req.ctx(), event, CF_PHASE_CHECK, payload, who);
    if (r.status == CF_OK) return true;
    int status = r.veto_status >= 400 && r.veto_status < 600 ? r.veto_status : 403;
    reply.error(status, r.veto_reason.empty() ? "not allowed" : r.veto_reason.c_str());
    return false;
}

void update(cf::Request& req, cf::Reply reply) {
    cf_ctx* ctx = req.ctx();
    cf_db* db = cf_db_reader(ctx);
    Actor actor = Actor::from(*req.user());
    auto target = editable(req, reply, actor);
    if (!target) return;
    if (target->message.attachment) return reply.error(422, "attachment messages cannot be edited");
    const rapidjson::Value* msg = member(req.json(), "message");
    if (msg && !msg->IsObject()) return reply.error(400, "message must be an object");
    const rapidjson::Value* body = msg ? member(*msg, "body") : nullptr;
    std::string error;
    if (int status = check_body(body, error)) return reply.error(status, error.c_str());
    Body prepared;
    std::string_view raw(body->GetString(), body->GetStringLength());
    if (int status = prepare_body(ctx, db, raw, rich_text::Input::detect, prepared, error))
        return reply.error(status, error.c_str());

    Message edited = target->message;
    edited.body = prepared.html;
    edited.plain_body = prepared.plain;
    cf_user who = actor.view();
    std::string payload = hook_payload(target->room, message_json(edited));
    if (!allowed(req, reply, "message.update", payload, &who)) return;
    auto transformed = cf::run_hooks(ctx, "message.update", CF_PHASE_TRANSFORM, payload, &who);
    if (transformed.status != CF_OK) return reply.error(500, "message could not be prepared");
    if (transformed.payload) {
        rapidjson::Document doc;
        const rapidjson::Value* m = cf::parse_json(doc, *transformed.payload) ? member(doc, "message") : nullptr;
        const rapidjson::Value* b = m ? member(*m, "body") : nullptr;
        if (check_body(b, error) != 0) return reply.error(422, "message body can't be blank");
        std::string_view html(b->GetString(), b->GetStringLength());
        if (html != prepared.html) {
            if (int status = prepare_body(ctx, db, html, rich_text::Input::html, prepared, error))
                return reply.error(status, error.c_str());
        }
    }

    const Room room = target->room;
    const int64_t message_id = edited.id;
    cf::write_then_reply<Outcome>(ctx, std::move(reply), [=](cf_db* txn, Outcome& out) -> int {
        if (!load_membership(ctx, txn, room.id, actor.id)) return out.fail(404, "room not found");
        cf::Stmt s(ctx, txn,
                   "UPDATE messages SET body = ?3, plain_body = ?4, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') "
                   "WHERE id = ?1 AND room_id = ?2");
        s.bind(1, message_id).bind(2, room.id).bind(3, std::string_view(prepared.html));
        if (int rc = s.bind(4, std::string_view(prepared.plain)).exec(); rc != CF_OK) return rc;
        if (cf_db_changes(ctx, txn) == 0) return out.fail(404, "message not found");
        if (int rc = store_mentions(ctx, txn, message_id, room.id, prepared.mentioned); rc != CF_OK) return rc;
        auto message = load_message(ctx, txn, room.id, message_id);
        if (!message) return out.fail(404, "message not found");
        std::string json = message_json(*message);
        cf_user who = actor.view();
        auto hooked = cf::run_hooks(ctx, "message.update", CF_PHASE_STORE, hook_payload(room, json), &who, txn);
        if (hooked.status != CF_OK) return hooked.status;
        if (int rc = cf_event_emit(ctx, txn, room.id, "message.updated", cf::str(json), nullptr); rc != CF_OK)
            return rc;
        out.body = std::move(json);
        return CF_OK;
    });
}

void destroy(cf::Request& req, cf::Reply reply) {
    cf_ctx* ctx = req.ctx();
    Actor actor = Actor::from(*req.user());
    auto target = editable(req, reply, actor);
    if (!target) return;
    cf_user who = actor.view();
    if (!allowed(req, reply, "message.delete", hook_payload(target->room, message_json(target->message)), &who))
        return;

    const Room room = target->room;
    const int64_t message_id = target->message.id;
    cf::write_then_reply<Outcome>(ctx, std::move(reply), [=](cf_db* txn, Outcome& out) -> int {
        if (!load_membership(ctx, txn, room.id, actor.id)) return out.fail(404, "room not found");
        auto message = load_message(ctx, txn, room.id, message_id);
        if (!message) return out.fail(404, "message not found");
        cf_user who = actor.view();
        auto hooked =
            cf::run_hooks(ctx, "message.delete", CF_PHASE_STORE, hook_payload(room, message_json(*message)), &who, txn);
        if (hooked.status != CF_OK) return hooked.status;
        cf::Stmt s(ctx, txn, "DELETE FROM messages WHERE id = ?1");
        if (int rc = s.bind(1, message_id).exec(); rc != CF_OK) return rc;
        std::string ref = message_ref_json(*message);
        if (int rc = cf_event_emit(ctx, txn, room.id, "message.deleted", cf::str(ref), nullptr); rc != CF_OK)
            return rc;
        out.http = 204;
        return CF_OK;
    });
}

} // namespace

int register_message_edits(cf_ctx* ctx) { return register_routes(ctx, kRoutes); }

} // namespace rooms
