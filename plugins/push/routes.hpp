// The push plugin's HTTP routes (documented in API.md).
#pragma once

#include <campfire/plugin.h>

namespace push {

int register_routes(cf_ctx* ctx);

} // namespace push
