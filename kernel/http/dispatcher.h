// Turns a parsed request into a handler call, on a worker thread: size and encoding checks,
// the session cookie, the Origin check for state-changing requests, routing, and the route's
// auth level. Every answer it gives itself is a JSON error.
#pragma once

#include "kernel/auth/cookie.h"
#include "kernel/host/kernel.h"
#include "kernel/host/worker_pool.h"

#include <memory>
#include <optional>

namespace cf {

class Dispatcher {
public:
    Dispatcher(Kernel& kernel, WorkerPool& workers, const CookieSigner& signer);
    // Reactor thread: queue the request for a worker (503 when the queue is full).
    void accept(std::unique_ptr<HttpRequest> req, std::unique_ptr<ReplySink> sink);
    // Any thread: an in-process request (cf_dispatch). CF_OK, or CF_ERR_BUSY when the queue is full.
    int dispatch_internal(InternalRequest request);

private:
    // `as_user` is set for in-process requests: no cookie, Origin or ban check, and bots may use user routes.
    void process(HttpRequest& req, Reply reply, std::optional<int64_t> as_user = std::nullopt);
    bool prepare_body(HttpRequest& req, Reply& reply);
    void authenticate(HttpRequest& req);

    Kernel& kernel_;
    WorkerPool& workers_;
    const CookieSigner& signer_;
};

// Is a request's Origin our own? `host` is the Host header; ports must match unless `any_port`.
bool origin_allowed(std::string_view origin, std::string_view host, const std::vector<std::string>& extra, bool any_port);

} // namespace cf
