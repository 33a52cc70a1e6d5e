// Posting a message. Mirrors Campfire's MessagesController#create and Room#receive:
//  - a JSON or form body {"message":{"body","client_message_id"}}: the body is sanitised rich
//    text (or plain text, escaped) with mentions resolved (message_body.hpp); content_type "text";
//  - a multipart/form-data body with message[attachment] (a file) and message[client_message_id]:
//    content_type "attachment", the file stored beside the message (attachments.hpp), plain_body
//    = its filename, body "" (Campfire's composer sends each file as its own message);
//  - client_message_id defaults to a fresh UUID (Campfire's before_create), and a retry with the
//    same one by the same user in the same room returns the original message (200) and stores
//    nothing: the lookup and the insert run together on the single writer, backed by
//    UNIQUE(room_id, creator_id, client_message_id);
//  - a new message marks the room unread for visible, disconnected members other than the author
//    and touches the room (last_message_at, updated_at: DM ordering);
//  - it is stored with a "message.created" room event {"room":{"id","type","name"},"message"},
//    broadcast and given to NOTIFY hooks after commit.
// Hooks run for other plugins: "message.create" CHECK (veto), TRANSFORM (body, content_type; text
// messages only; a changed body is sanitised again), STORE (inside the transaction, with the
// stored message; search indexes it there).
#include "attachments.hpp"
#include "input.hpp"
#include "message_body.hpp"
#include "message_routes.hpp"
#include "message_store.hpp"
#include "room_store.hpp"
#include "write.hpp"

#include <campfire/plugin.hpp>
#include <campfire/utf8.hpp>

#include <algorithm>

namespace rooms {
namespace {

struct Draft {
    std::string client_message_id;
    Body body;
    std::string content_type = "text";
    std::optional<Upload> upload;
};

// Status 0, or the HTTP status of the problem with `error` set.
struct Problem {
    int status = 0;
    std::string error;
    explicit operator bool() const { return status != 0; }
};

Problem check_client_message_id(std::string_view v, Draft& d) {
    if (v.size() > kMaxClientMessageIdBytes) return {422, "client_message_id is too long (at most 64 bytes)"};
    if (has_control_chars(v)) return {422, "client_message_id must not contain control characters"};
    if (!cf::utf8::valid(v)) return {422, "client_message_id must be UTF-8 text"};
    d.client_message_id = std::string(v);
    return {};
}

Problem read_json_post(cf::Request& req, cf_db* db, Draft& d) {
    const rapidjson::Value* msg = member(req.json(), "message");
    if (msg && !msg->IsObject()) return {400, "message must be an object"};
    Problem p;
    const rapidjson::Value* body = msg ? member(*msg, "body") : nullptr;
    if ((p.status = check_body(body, p.error))) return p;
    std::string_view raw(body->GetString(), body->GetStringLength());
    if ((p.status = prepare_body(req.ctx(), db, raw, rich_text::Input::detect, d.body, p.error))) return p;
    const rapidjson::Value* cmid = msg ? member(*msg, "client_message_id") : nullptr;
    if (cmid && !cmid->IsNull()) {
        if (!cmid->IsString()) return {400, "client_message_id must be a string"};
        return check_client_message_id(std::string_view(cmid->GetString(), cmid->GetStringLength()), d);
    }
    return {};
}

Problem read_multipart_post(cf::Request& req, cf_db* db, Draft& d) {
    cf::multipart::Limits limits;
    limits.max_parts = 16;
    auto form = cf::multipart::parse_request(req.header("Content-Type"), req.body(), limits);
    if (!form) return {400, form.error};
    const cf::multipart::Part* file = nullptr;
    const cf::multipart::Part* body = nullptr;
    for (const auto& part : form.form.parts) {
        if (part.name == "message[attachment]" && part.filename && !file) file = &part;
        else if (part.name == "message[body]" && !body) body = &part;
        else if (part.name == "message[client_message_id]") {
            if (Problem p = check_client_message_id(part.body, d)) return p;
        }
    }
    if (file) {
        Problem p;
        d.upload.emplace();
        if ((p.status = read_upload(req.ctx(), *file, *d.upload, p.error))) return p;
        d.content_type = "attachment";
        d.body.plain = d.upload->filename;
        return {};
    }
    if (!body) return {422, "message body can't be blank"};
    if (!cf::utf8::valid(body->body)) return {400, "message body is not valid UTF-8"};
    rapidjson::Value text(rapidjson::StringRef(body->body.data(), static_cast<rapidjson::SizeType>(body->body.size())));
    Problem p;
    if ((p.status = check_body(&text, p.error))) return p;
    p.status = prepare_body(req.ctx(), db, body->body, rich_text::Input::detect, d.body, p.error);
    return p;
}

void write_hook_payload(cf::Json& j, const Room& room, int64_t creator_id, const Draft& d) {
    j.obj([&] {
        j.key("room").obj([&] { j.key("id").num(room.id).key("type").str(room.type); });
        j.key("message").obj([&] {
            j.key("room_id").num(room.id).key("creator_id").num(creator_id);
            j.key("client_message_id").str(d.client_message_id).key("body").str(d.body.html);
            j.key("plain_body").str(d.body.plain).key("content_type").str(d.content_type);
        });
    });
}

// Takes body and content_type from a TRANSFORM hook's replacement; a changed body is sanitised
// again. Returns a problem when the replacement broke the body.
Problem apply_transform(cf_ctx* ctx, cf_db* db, const std::string& replaced, Draft& d) {
    rapidjson::Document doc;
    const rapidjson::Value* m = cf::parse_json(doc, replaced) ? member(doc, "message") : nullptr;
    if (!m) return {500, "message could not be prepared"};
    Problem p;
    const rapidjson::Value* body = member(*m, "body");
    if (check_body(body, p.error) != 0) return {422, "message body can't be blank"};
    std::string_view html(body->GetString(), body->GetStringLength());
    if (html != d.body.html && (p.status = prepare_body(ctx, db, html, rich_text::Input::html, d.body, p.error)))
        return p;
    if (const rapidjson::Value* t = member(*m, "content_type"); t && t->IsString()) {
        std::string_view type(t->GetString(), t->GetStringLength());
        if (valid_content_type(type) && type != "attachment") d.content_type = std::string(type);
    }
    return {};
}

// On the writer: stores the draft, its mentions and its file; the stored message, or nullopt.
std::optional<Message> insert_message(cf_ctx* ctx, cf_db* txn, const Room& room, int64_t creator_id, const Draft& d) {
    cf::Stmt ins(ctx, txn,
                 "INSERT INTO messages(id, room_id, creator_id, client_message_id, body, plain_body, content_type) "
                 "VALUES ((SELECT high + 1 FROM id_high_water WHERE name = 'messages'), ?1, ?2, ?3, ?4, ?5, ?6)");
    ins.bind(1, room.id).bind(2, creator_id).bind(3, std::string_view(d.client_message_id));
    ins.bind(4, std::string_view(d.body.html)).bind(5, std::string_view(d.body.plain));
    ins.bind(6, std::string_view(d.content_type));
    if (ins.exec() != CF_OK) return std::nullopt;
    int64_t id = cf_db_last_insert_id(ctx, txn);
    if (store_mentions(ctx, txn, id, room.id, d.body.mentioned) != CF_OK) return std::nullopt;
    if (d.upload && store_upload(ctx, txn, id, *d.upload) != CF_OK) return std::nullopt;
    return load_message(ctx, txn, room.id, id);
}

} // namespace

void create_message(cf::Request& req, cf::Reply reply) {
    cf_ctx* ctx = req.ctx();
    cf_db* db = cf_db_reader(ctx);
    Actor actor = Actor::from(*req.user());
    auto room = member_room(req, db);
    if (!room) return reply.error(404, "room not found");

    Draft draft;
    std::string_view type = req.header("Content-Type");
    bool multipart = type.size() >= 10 && std::equal(type.begin(), type.begin() + 10, "multipart/", [](char a, char b) {
                         return (a >= 'A' && a <= 'Z' ? a - 'A' + 'a' : a) == b;
                     });
    Problem problem = multipart ? read_multipart_post(req, db, draft) : read_json_post(req, db, draft);
    if (problem) return reply.error(problem.status, problem.error.c_str());
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
    if (!draft.upload) {
        auto transformed = cf::run_hooks(ctx, "message.create", CF_PHASE_TRANSFORM, payload.text(), &who);
        if (transformed.status != CF_OK) return reply.error(500, "message could not be prepared");
        if (transformed.payload) {
            if (Problem p = apply_transform(ctx, db, *transformed.payload, draft))
                return reply.error(p.status, p.error.c_str());
        }
    }

    const Room target = *room;
    auto shared_draft = std::make_shared<const Draft>(std::move(draft)); // an upload is up to megabytes: not copied
    cf::write_then_reply<Outcome>(ctx, std::move(reply), [=](cf_db* txn, Outcome& out) -> int {
        const Draft& d = *shared_draft;
        if (!load_membership(ctx, txn, target.id, actor.id)) return out.fail(404, "room not found");
        if (auto existing = find_by_client_id(ctx, txn, target.id, actor.id, d.client_message_id)) {
            out.body = message_json(*existing);
            return CF_OK; // the idempotent retry: nothing new stored
        }
        auto message = insert_message(ctx, txn, target, actor.id, d);
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
        std::string event = room_message_json(target, json);
        if (int rc = cf_event_emit(ctx, txn, target.id, "message.created", cf::str(event), nullptr); rc != CF_OK)
            return rc;
        out.http = 201;
        out.body = std::move(json);
        return CF_OK;
    });
}

} // namespace rooms
