// Who may create shared rooms: Campfire's account setting restrict_room_creation_to_administrators
// (accounts.settings JSON, default false). Direct rooms are never restricted.
#pragma once

#include <campfire/plugin.hpp>

namespace rooms {

// The account's setting, read from the kernel's accounts table. True also for "true"/1/"1";
// a missing account, missing key or unreadable JSON counts as false (Campfire's default).
bool room_creation_restricted(cf_ctx* ctx, cf_db* db);

// Whether `user` may create open or closed rooms now.
bool may_create_rooms(cf_ctx* ctx, cf_db* db, const cf_user& user);

} // namespace rooms
