// How boosts follow the rooms plugin's messages (message_hooks.cpp).
#pragma once

#include <campfire/plugin.h>

namespace boosts {

// message.present TRANSFORM (boosts on every message read), and the STORE hooks that delete a
// message's boosts with it: message.delete, room.delete, user.banned.
int register_message_hooks(cf_ctx* ctx);

// Queues the removal of boosts whose message is gone (deleted while this plugin was off).
void sweep_orphans(cf_ctx* ctx);

} // namespace boosts
