// webhooks: Campfire's bots (CAMPFIRE.md §4). Administrators create bots (/account/bots); a bot
// posts, lists, edits and boosts through the bot API with its key (/rooms/:room_id/:bot_key/...);
// a bot with a webhook URL hears about mentions and direct messages, and its answer is posted as
// its reply. Depends on the SDK (level 2: cf_dispatch) and cpp-httplib for outgoing HTTP.
#include "deliveries.hpp"
#include "parts.hpp"
#include "settings.hpp"

#include <campfire/plugin.hpp>

namespace webhooks {
namespace {

int init(cf_ctx* ctx) {
    if (!CF_HAS(ctx->api, dispatch)) {
        cf::log(ctx, CF_LOG_ERROR, "webhooks: needs a kernel with cf_dispatch (SDK level 2)");
        return CF_ERR_STATE;
    }
    load_settings(ctx);
    for (auto part : {register_schema, register_bot_admin, register_bot_messages, register_bot_boosts,
                      register_webhook_trigger, register_delivery_stats})
        if (int rc = part(ctx); rc != CF_OK) return rc;
    try {
        start_deliveries(ctx);
    } catch (const std::exception& e) {
        cf::log(ctx, CF_LOG_ERROR, std::string("webhooks: cannot start the delivery workers: ") + e.what());
        return CF_ERR;
    }
    return CF_OK;
}

void unload(cf_ctx*) {
    stop_deliveries();
    cf::registry().clear();
}

} // namespace
} // namespace webhooks

CF_PLUGIN("webhooks", "1.0.0", "Campfire's bots: the bot API, bot administration and outgoing webhooks",
          webhooks::init, webhooks::unload, nullptr)
