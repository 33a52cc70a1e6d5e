// Routes declared as a static table at the top of a file, registered in one loop.
#pragma once

#include <campfire/plugin.hpp>

#include <cstddef>

namespace webhooks {

struct RouteDef {
    const char* method;
    const char* path;
    void (*fn)(cf::Request&, cf::Reply);
};

template <size_t N> int register_routes(cf_ctx* ctx, const RouteDef (&table)[N], int auth) {
    for (const auto& r : table)
        if (int rc = cf::route(ctx, r.method, r.path, auth, r.fn); rc != CF_OK) return rc;
    return CF_OK;
}

} // namespace webhooks
