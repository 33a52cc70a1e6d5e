// The boost routes (boost_routes.cpp).
#pragma once

#include <campfire/plugin.h>

namespace boosts {

int register_routes(cf_ctx* ctx);

} // namespace boosts
