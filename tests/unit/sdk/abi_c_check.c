/* Proves sdk/campfire/plugin.h is valid C (this file is compiled as C, with -Wall -Wextra -Werror)
 * and lets abi_layout_test.cpp compare what a C compiler sees with what C++ sees. */
#ifdef __cplusplus
#error "abi_c_check.c must be compiled as C"
#endif

#include <campfire/plugin.h>

#include "abi_c_check.h"

/* Uses the inline wrappers exactly as a C plugin would. */
int64_t cf_c_check_now(cf_ctx* ctx) { return cf_now_ms(ctx); }

int cf_c_check_route_add(cf_ctx* ctx, const char* path) {
    cf_route route = {sizeof(cf_route), "GET", path, CF_AUTH_USER, 0, 0};
    return cf_route_add(ctx, &route);
}

int cf_c_check_has_plugin_enabled(const cf_host_api* api) { return CF_HAS(api, plugin_enabled); }

size_t cf_c_check_layout(int what) {
    switch (what) {
    case CF_C_SIZEOF_HOST_API: return sizeof(cf_host_api);
    case CF_C_OFFSETOF_ROUTE_ADD: return offsetof(cf_host_api, route_add);
    case CF_C_OFFSETOF_EVENT_EMIT: return offsetof(cf_host_api, event_emit);
    case CF_C_OFFSETOF_PLUGIN_ENABLED: return offsetof(cf_host_api, plugin_enabled);
    case CF_C_SIZEOF_ROUTE: return sizeof(cf_route);
    case CF_C_SIZEOF_HOOK: return sizeof(cf_hook);
    case CF_C_SIZEOF_HOOK_ARGS: return sizeof(cf_hook_args);
    case CF_C_OFFSETOF_HOOK_ARGS_VETO_REASON: return offsetof(cf_hook_args, veto_reason);
    case CF_C_SIZEOF_PLUGIN_DEF: return sizeof(cf_plugin_def);
    case CF_C_SIZEOF_USER: return sizeof(cf_user);
    default: return 0;
    }
}
