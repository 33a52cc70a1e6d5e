// Outgoing HTTP for scripts (campfire.http): a small pool of threads with a bounded queue, so a
// slow endpoint only ever occupies a fetch thread. Every request has a timeout (default 10 s, at
// most 30 s), never follows redirects, reads at most 1 MB, and goes only where the address
// policy allows.
#pragma once

#include "kernel/host/http_types.h"
#include "kernel/host/worker_pool.h"
#include "kernel/lua/address_policy.h"

#include <functional>
#include <string>

namespace cf::lua {

struct FetchRequest {
    std::string method = "GET";
    std::string url;
    Pairs headers;
    std::string body;
    int timeout_ms = 10000;
};

struct FetchResult {
    int status = 0; // 0: no answer (see error)
    Pairs headers;  // names lowercased
    std::string body;
    std::string error;
};

class HttpFetcher {
public:
    explicit HttpFetcher(AllowedHosts allowed, int threads = 2, size_t queue = 64);
    // Any thread. False when the queue is full (nothing will be called).
    bool fetch(FetchRequest request, std::function<void(FetchResult)> done);
    void stop();

private:
    AllowedHosts allowed_;
    WorkerPool pool_;
};

// The request's problem ("" when it is well formed): method, URL, headers, sizes.
std::string check_fetch_request(const FetchRequest& request);
// Runs one request on the calling thread.
FetchResult perform_fetch(const FetchRequest& request, const AllowedHosts& allowed);

} // namespace cf::lua
