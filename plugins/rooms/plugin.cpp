// The rooms plugin: Campfire's rooms (open, closed, direct), memberships and messages — the chat
// core every other feature hangs on. This file only registers the parts; each part's file says
// which Campfire behaviour it mirrors. Depends on the SDK only.
#include "parts.hpp"

#include <campfire/plugin.hpp>

namespace {

int init(cf_ctx* ctx) {
    using Register = int (*)(cf_ctx*);
    static constexpr Register kParts[] = {
        rooms::register_schema,         rooms::register_room_routes,    rooms::register_shared_rooms,
        rooms::register_direct_rooms,   rooms::register_message_routes, rooms::register_message_edits,
        rooms::register_lifecycle_hooks,
        rooms::register_sidebar,        rooms::register_involvement,    rooms::register_autocomplete,
        rooms::register_unread_notices, rooms::register_creation_policy,
    };
    for (Register part : kParts) {
        if (int rc = part(ctx); rc != CF_OK) return rc;
    }
    return CF_OK;
}

void unload(cf_ctx*) { cf::registry().clear(); }

} // namespace

CF_PLUGIN("rooms", "1.0.0", "Rooms, memberships and messages (Campfire's chat core)", init, unload, nullptr)
