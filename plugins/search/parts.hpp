// The pieces plugin.cpp registers at init. Each returns CF_OK or the first registration error.
#pragma once

#include <campfire/plugin.h>

namespace search {

int register_schema(cf_ctx* ctx);         // schema.cpp: the FTS5 index, recent queries, sync state
int register_index_hooks(cf_ctx* ctx);    // index_hooks.cpp: keeps the index in step with messages
int register_search_routes(cf_ctx* ctx);  // search_routes.cpp: /searches
int register_recent_hooks(cf_ctx* ctx);   // recent_searches.cpp: user.deactivated

} // namespace search
