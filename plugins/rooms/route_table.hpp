// A plugin file's route table: one row per route, registered in order. Every rooms route needs
// a signed-in user (the kernel answers 401 otherwise).
#pragma once

#include <campfire/plugin.hpp>

namespace rooms {

struct RouteDef {
    const char* method;
    const char* path;
    void (*fn)(cf::Request&, cf::Reply);
};

template <size_t N>
int register_routes(cf_ctx* ctx, const RouteDef (&table)[N]) {
    for (const auto& r : table) {
        if (int rc = cf::route(ctx, r.method, r.path, CF_AUTH_USER, r.fn); rc != CF_OK) return rc;
    }
    return CF_OK;
}

} // namespace rooms
