/* The C side of the ABI test: functions defined in abi_c_check.c (compiled as C). */
#ifndef CF_ABI_C_CHECK_H
#define CF_ABI_C_CHECK_H

#include <campfire/plugin.h>

#ifdef __cplusplus
extern "C" {
#endif

enum {
    CF_C_SIZEOF_HOST_API = 1,
    CF_C_OFFSETOF_ROUTE_ADD,
    CF_C_OFFSETOF_EVENT_EMIT,
    CF_C_OFFSETOF_PLUGIN_ENABLED,
    CF_C_SIZEOF_ROUTE,
    CF_C_SIZEOF_HOOK,
    CF_C_SIZEOF_HOOK_ARGS,
    CF_C_OFFSETOF_HOOK_ARGS_VETO_REASON,
    CF_C_SIZEOF_PLUGIN_DEF,
    CF_C_SIZEOF_USER
};

int64_t cf_c_check_now(cf_ctx* ctx);
int cf_c_check_route_add(cf_ctx* ctx, const char* path);
int cf_c_check_has_plugin_enabled(const cf_host_api* api);
size_t cf_c_check_layout(int what);

#ifdef __cplusplus
}
#endif

#endif
