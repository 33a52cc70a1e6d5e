// Only administrators create rooms when the account says so. Mirrors Campfire's
// Account#settings restrict_room_creation_to_administrators (rooms/opens and rooms/closeds
// controllers refuse the others; the sidebar hides the "+" button). Applied as the rooms
// plugin's own CHECK handler of "room.create", which the open/closed create routes run (403).
// Reads the kernel's accounts table (read-only, through SQL).
#include "creation_policy.hpp"
#include "parts.hpp"

namespace rooms {

bool room_creation_restricted(cf_ctx* ctx, cf_db* db) {
    // json_valid first: json_extract raises an error on malformed text instead of answering NULL.
    cf::Stmt s(ctx, db,
               "SELECT CASE WHEN json_valid(settings) THEN "
               "json_extract(settings, '$.restrict_room_creation_to_administrators') END FROM accounts "
               "ORDER BY id LIMIT 1");
    if (!s.row() || s.is_null(0)) return false;
    std::string_view v = s.text(0); // SQLite renders JSON true as the integer 1
    return v == "1" || v == "true";
}

bool may_create_rooms(cf_ctx* ctx, cf_db* db, const cf_user& user) {
    return user.role == CF_ROLE_ADMIN || !room_creation_restricted(ctx, db);
}

namespace {

int check_room_create(cf::HookCall& call) {
    const cf_user* user = call.user();
    cf_db* db = cf_db_reader(call.ctx());
    if (user && db && may_create_rooms(call.ctx(), db, *user)) return CF_OK;
    call.veto(403, "only administrators can create rooms");
    return CF_ERR_DENIED;
}

} // namespace

int register_creation_policy(cf_ctx* ctx) { return cf::hook(ctx, "room.create", CF_PHASE_CHECK, check_room_create); }

} // namespace rooms
