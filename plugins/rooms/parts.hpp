// The pieces plugin.cpp registers at init. Each returns CF_OK or the first registration error.
#pragma once

#include <campfire/plugin.h>

namespace rooms {

int register_schema(cf_ctx* ctx);          // schema.cpp
int register_room_routes(cf_ctx* ctx);     // rooms_routes.cpp: index, show, destroy
int register_shared_rooms(cf_ctx* ctx);    // shared_rooms.cpp: open and closed rooms
int register_direct_rooms(cf_ctx* ctx);    // direct_rooms.cpp
int register_message_routes(cf_ctx* ctx);  // messages_routes.cpp: index, show, create
int register_message_edits(cf_ctx* ctx);   // message_edits.cpp: update, destroy
int register_lifecycle_hooks(cf_ctx* ctx); // lifecycle_hooks.cpp: user/account/cable hooks
// The room side of issue 3: sidebar, involvement, autocomplete, unread notices, creation policy.
int register_sidebar(cf_ctx* ctx);          // sidebar_routes.cpp: GET /users/me/sidebar
int register_involvement(cf_ctx* ctx);      // involvement.cpp: the bell
int register_autocomplete(cf_ctx* ctx);     // autocomplete.cpp: @mention suggestions
int register_unread_notices(cf_ctx* ctx);   // unread_notices.cpp: room.unread per user
int register_creation_policy(cf_ctx* ctx);  // creation_policy.cpp: only administrators create rooms

} // namespace rooms
