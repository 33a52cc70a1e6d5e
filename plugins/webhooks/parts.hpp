// The parts plugin.cpp wires together, one file each.
#pragma once

#include <campfire/plugin.h>

namespace webhooks {

int register_schema(cf_ctx* ctx);        // schema.cpp
int register_bot_admin(cf_ctx* ctx);     // bot_admin_routes.cpp: /account/bots
int register_bot_messages(cf_ctx* ctx);  // bot_message_routes.cpp: /rooms/:room_id/:bot_key/messages
int register_bot_boosts(cf_ctx* ctx);    // bot_boost_routes.cpp: .../messages/:message_id/boosts
int register_webhook_trigger(cf_ctx* ctx); // webhook_trigger.cpp: the message.created hook
int register_delivery_stats(cf_ctx* ctx); // deliveries.cpp: GET /account/webhooks/stats

} // namespace webhooks
