// boosts: Campfire's free-text and emoji reactions on messages (Boost: message, booster, content
// of at most 16 characters). Anyone in the message's room may boost it; only the booster may take a
// boost back. Boosts appear on every message the rooms plugin returns (message.present) and live
// as "boost.created" / "boost.deleted" events in the room's stream. Disabled, the routes answer 404
// and messages carry no "boosts" field.
//
// Unlike Campfire (belongs_to :message, touch: true), a boost does not touch messages.updated_at:
// that row belongs to the rooms plugin, and nothing here caches a rendered message that the touch
// would have to invalidate (boosts are added at read time and arrive live as their own events).
#include "boost_routes.hpp"
#include "boost_store.hpp"
#include "message_hooks.hpp"

#include <campfire/plugin.hpp>

namespace {

int init(cf_ctx* ctx) {
    if (int rc = boosts::register_schema(ctx); rc != CF_OK) return rc;
    if (int rc = boosts::register_routes(ctx); rc != CF_OK) return rc;
    if (int rc = boosts::register_message_hooks(ctx); rc != CF_OK) return rc;
    boosts::sweep_orphans(ctx); // the writer's job after migrations, before any request
    return CF_OK;
}

void unload(cf_ctx*) { cf::registry().clear(); }

void on_enable(cf_ctx* ctx, int enabled) {
    if (enabled) boosts::sweep_orphans(ctx);
}

} // namespace

CF_PLUGIN("boosts", "1.0.0", "Boosts: short text and emoji reactions on messages", init, unload, on_enable)
