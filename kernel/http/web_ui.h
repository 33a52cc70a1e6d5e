// Serves the embedded browser UI: hashed files under /assets/ with a one-year immutable cache,
// the other built files (manifest, service worker) revalidated, and the app page for any page
// navigation (a GET whose Accept asks for HTML), so /rooms/5 opens the app while API clients
// asking for JSON reach the route.
#pragma once

#include "kernel/host/abi_types.h"
#include "kernel/host/http_types.h"

namespace cf {

// True when it answered the request.
bool serve_web_ui(const HttpRequest& req, Reply& reply);

} // namespace cf
