// The search plugin: Campfire's message search (an FTS5 index with porter stemming, searches
// scoped to the rooms you are in, the newest 100 matches) and its recent searches. This file only
// registers the parts and starts the index catch-up at boot and on every re-enable; each part's
// file says which Campfire behaviour it mirrors. Depends on the SDK only.
#include "catch_up.hpp"
#include "parts.hpp"

#include <campfire/plugin.hpp>

namespace {

int init(cf_ctx* ctx) {
    using Register = int (*)(cf_ctx*);
    static constexpr Register kParts[] = {
        search::register_schema,
        search::register_index_hooks,
        search::register_search_routes,
        search::register_recent_hooks,
    };
    for (Register part : kParts) {
        if (int rc = part(ctx); rc != CF_OK) return rc;
    }
    // Queued now, the pass runs after every migration; it does nothing if we boot disabled.
    search::start_catch_up(ctx);
    return CF_OK;
}

// Writer thread, after the switch committed: only queue work here.
void on_enable(cf_ctx* ctx, int enabled) {
    if (enabled) search::start_catch_up(ctx);
    else search::cancel_catch_up();
}

void unload(cf_ctx*) { cf::registry().clear(); }

} // namespace

CF_PLUGIN("search", "1.0.0", "Message search (FTS5, porter stemming) and recent searches", init, unload, on_enable)
