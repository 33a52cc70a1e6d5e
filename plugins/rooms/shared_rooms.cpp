// Open and closed rooms: create, rename, convert. Mirrors Campfire's Rooms::OpensController and
// Rooms::ClosedsController:
//  - an Open room is granted to every active user (bots included) on create and on conversion;
//  - a Closed room holds only the users granted to it; its creator is always included;
//    updating a closed room with user_ids revises the members (granted/revoked), and a revoked
//    user's sockets are cut off the room's live stream after commit;
//  - new rooms default to the name "New room";
//  - only the creator or an administrator may edit or convert; direct rooms keep their type.
// Before creating, the CHECK hook "room.create" runs, so a plugin can restrict room creation
// (the rooms plugin's own handler applies Campfire's restrict_room_creation_to_administrators:
// creation_policy.cpp).
// Sidebars follow live (sidebar_notices.hpp): a new room is added for each member; an edit
// updates it for the members who stay, adds it for the granted and removes it for the revoked.
#include "parts.hpp"
#include "input.hpp"
#include "room_store.hpp"
#include "route_table.hpp"
#include "sidebar_notices.hpp"
#include "write.hpp"

#include <campfire/plugin.hpp>

#include <algorithm>

namespace rooms {
namespace {

void create_open(cf::Request& req, cf::Reply reply);
void create_closed(cf::Request& req, cf::Reply reply);
void update_open(cf::Request& req, cf::Reply reply);
void update_closed(cf::Request& req, cf::Reply reply);

constexpr RouteDef kRoutes[] = {
    {"POST", "/rooms/opens", create_open},
    {"PUT", "/rooms/opens/:id", update_open},
    {"PATCH", "/rooms/opens/:id", update_open},
    {"POST", "/rooms/closeds", create_closed},
    {"PUT", "/rooms/closeds/:id", update_closed},
    {"PATCH", "/rooms/closeds/:id", update_closed},
};

constexpr const char* kDefaultName = "New room";

// user_ids from the body: nullopt when absent. Sets error (400) when present but malformed.
std::optional<std::vector<int64_t>> user_ids_from(cf::Request& req, std::string& error) {
    const rapidjson::Value* v = member(req.json(), "user_ids");
    if (!v || v->IsNull()) return std::nullopt;
    return ids_from(*v, error);
}

// Every id must be an active user; returns the first that is not, or 0.
int64_t first_inactive(cf_ctx* ctx, cf_db* txn, const std::vector<int64_t>& ids) {
    for (int64_t id : ids)
        if (!user_is_active(ctx, txn, id)) return id;
    return 0;
}

// Runs the "room.create" CHECK hook; false when vetoed (the reply is sent).
bool may_create(cf::Request& req, cf::Reply& reply, const char* type, const std::string& name,
                const std::vector<int64_t>& user_ids) {
    cf::Json p;
    p.obj([&] {
        p.key("room").obj([&] { p.key("type").str(type).key("name").str(name); });
        p.key("user_ids").arr([&] { for (int64_t id : user_ids) p.num(id); });
    });
    auto r = cf::run_hooks(req.ctx(), "room.create", CF_PHASE_CHECK, p.text(), req.user());
    if (r.status == CF_OK) return true;
    int status = r.veto_status >= 400 && r.veto_status < 600 ? r.veto_status : 403;
    reply.error(status, r.veto_reason.empty() ? "room creation is not allowed" : r.veto_reason.c_str());
    return false;
}

void create_room(cf::Request& req, cf::Reply reply, bool open) {
    cf_ctx* ctx = req.ctx();
    Actor actor = Actor::from(*req.user());
    std::string error;
    auto name = room_name_from(req.json(), error);
    if (!error.empty()) return reply.error(422, error.c_str());
    std::vector<int64_t> ids;
    if (!open) {
        auto given = user_ids_from(req, error);
        if (!error.empty()) return reply.error(400, error.c_str());
        if (given) ids = *given;
        if (!std::binary_search(ids.begin(), ids.end(), actor.id)) {
            ids.push_back(actor.id); // Campfire's hidden user_ids[] field: the creator is always in
            std::sort(ids.begin(), ids.end());
        }
    }
    std::string room_name = name.value_or(kDefaultName);
    const char* type = open ? "open" : "closed";
    if (!may_create(req, reply, type, room_name, ids)) return;

    cf::write_then_reply<Outcome>(ctx, std::move(reply), [=](cf_db* txn, Outcome& out) -> int {
        if (int64_t bad = first_inactive(ctx, txn, ids))
            return out.fail(422, "user " + std::to_string(bad) + " is not an active user");
        int64_t room_id = insert_room(ctx, txn, room_name, type, actor.id, std::nullopt);
        if (!room_id) return CF_ERR;
        int rc = CF_OK;
        if (open) rc = grant_every_active_user(ctx, txn, room_id);
        for (size_t i = 0; rc == CF_OK && i < ids.size(); ++i) rc = grant(ctx, txn, room_id, ids[i], "mentions");
        if (rc != CF_OK) return rc;
        auto room = load_room(ctx, txn, room_id);
        if (!room) return CF_ERR;
        if ((rc = emit_room_event(ctx, txn, *room, "room.created")) != CF_OK) return rc;
        queue_sidebar_event(ctx, out, kSidebarAdded, *room, {}, visible_members(ctx, txn, room_id));
        out.http = 201;
        out.body = room_detail_json(ctx, txn, *room, actor.id);
        return CF_OK;
    });
}

void create_open(cf::Request& req, cf::Reply reply) { create_room(req, std::move(reply), true); }
void create_closed(cf::Request& req, cf::Reply reply) { create_room(req, std::move(reply), false); }

// After an edit: room_updated for members who stay, room_added for the newly granted (a
// conversion to open grants everyone), room_removed for the revoked (out.leave) who could see it.
void queue_member_changes(cf_ctx* ctx, Outcome& out, const Room& room, const std::vector<Member>& before,
                          const std::vector<Recipient>& visible_after) {
    auto find_before = [&](int64_t id) {
        return std::find_if(before.begin(), before.end(), [&](const Member& m) { return m.id == id; });
    };
    std::vector<Recipient> added, updated, removed;
    for (const auto& r : visible_after) (find_before(r.user_id) == before.end() ? added : updated).push_back(r);
    for (const auto& [room_id, user_id] : out.leave) {
        auto it = find_before(user_id);
        if (room_id == room.id && it != before.end() && it->involvement != "invisible")
            removed.push_back(Recipient{user_id, std::nullopt});
    }
    queue_sidebar_event(ctx, out, kSidebarAdded, room, {}, std::move(added));
    queue_sidebar_event(ctx, out, kSidebarUpdated, room, {}, std::move(updated));
    queue_sidebar_event(ctx, out, kSidebarRemoved, room, {}, std::move(removed));
}

// PUT|PATCH /rooms/{opens,closeds}/:id: rename and/or convert to `open`/closed.
void update_room(cf::Request& req, cf::Reply reply, bool to_open) {
    cf_ctx* ctx = req.ctx();
    cf_db* db = cf_db_reader(ctx);
    Actor actor = Actor::from(*req.user());
    auto id = id_from(req.param("id"));
    auto room = id ? load_room(ctx, db, *id) : std::nullopt;
    if (!room || !load_membership(ctx, db, room->id, actor.id)) return reply.error(404, "room not found");
    if (room->direct()) return reply.error(422, "direct rooms can't be converted or renamed");
    if (!can_administer(*room, actor))
        return reply.error(403, "only the room's creator or an administrator can edit it");

    std::string error;
    auto name = room_name_from(req.json(), error);
    if (!error.empty()) return reply.error(422, error.c_str());
    std::optional<std::vector<int64_t>> ids;
    if (!to_open) {
        ids = user_ids_from(req, error);
        if (!error.empty()) return reply.error(400, error.c_str());
    }

    const int64_t room_id = room->id;
    cf::write_then_reply<Outcome>(ctx, std::move(reply), [=](cf_db* txn, Outcome& out) -> int {
        auto current = load_room(ctx, txn, room_id);
        if (!current || !load_membership(ctx, txn, room_id, actor.id)) return out.fail(404, "room not found");
        if (current->direct()) return out.fail(422, "direct rooms can't be converted or renamed");
        const std::vector<Member> before = load_members(ctx, txn, room_id);
        if (name) {
            cf::Stmt s(ctx, txn, "UPDATE rooms SET name = ?2 WHERE id = ?1");
            if (int rc = s.bind(1, room_id).bind(2, std::string_view(*name)).exec(); rc != CF_OK) return rc;
        }
        const char* type = to_open ? "open" : "closed";
        if (current->type != type) {
            cf::Stmt s(ctx, txn, "UPDATE rooms SET type = ?2 WHERE id = ?1");
            if (int rc = s.bind(1, room_id).bind(2, type).exec(); rc != CF_OK) return rc;
            if (to_open)
                if (int rc = grant_every_active_user(ctx, txn, room_id); rc != CF_OK) return rc;
        }
        if (ids) {
            // Revise: the wanted set is user_ids plus the creator; grant the new, revoke the rest.
            std::vector<int64_t> wanted = *ids;
            if (!std::binary_search(wanted.begin(), wanted.end(), current->creator_id)) {
                wanted.push_back(current->creator_id);
                std::sort(wanted.begin(), wanted.end());
            }
            for (int64_t uid : wanted) {
                if (load_membership(ctx, txn, room_id, uid)) continue;
                if (!user_is_active(ctx, txn, uid))
                    return out.fail(422, "user " + std::to_string(uid) + " is not an active user");
                if (int rc = grant(ctx, txn, room_id, uid, "mentions"); rc != CF_OK) return rc;
            }
            for (const auto& m : load_members(ctx, txn, room_id)) {
                if (std::binary_search(wanted.begin(), wanted.end(), m.id)) continue;
                if (int rc = revoke(ctx, txn, room_id, m.id); rc != CF_OK) return rc;
                out.revoke_live(ctx, room_id, m.id);
            }
        }
        if (int rc = touch_room(ctx, txn, room_id); rc != CF_OK) return rc;
        auto updated = load_room(ctx, txn, room_id);
        if (!updated) return CF_ERR;
        if (int rc = emit_room_event(ctx, txn, *updated, "room.updated"); rc != CF_OK) return rc;
        queue_member_changes(ctx, out, *updated, before, visible_members(ctx, txn, room_id));
        if (load_membership(ctx, txn, room_id, actor.id)) {
            out.body = room_detail_json(ctx, txn, *updated, actor.id);
        } else {
            // An administrator who revoked themselves no longer sees the members: the room only.
            cf::Json j;
            j.obj([&] { write_room(j, *updated, {}, actor.id, std::nullopt); });
            out.body = std::string(j.text());
        }
        return CF_OK;
    });
}

void update_open(cf::Request& req, cf::Reply reply) { update_room(req, std::move(reply), true); }
void update_closed(cf::Request& req, cf::Reply reply) { update_room(req, std::move(reply), false); }

} // namespace

int register_shared_rooms(cf_ctx* ctx) { return register_routes(ctx, kRoutes); }

} // namespace rooms
