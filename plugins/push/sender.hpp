// POSTs an encrypted push message to its endpoint (RFC 8030 §5) with cpp-httplib: bounded
// timeouts, no redirects, TLS verified, at most a few kilobytes of the answer read. Hosts not in
// the allow-list are resolved here and every address must be public; the connection then goes to
// the address we checked (no second lookup for a rebinding DNS to exploit). Each worker thread
// keeps its connections alive for a while, one per origin.
#pragma once

#include "bytes.hpp"
#include "endpoint.hpp"

#include <string>

namespace push {

struct PushRequest {
    const Endpoint* endpoint = nullptr;
    const Bytes* body = nullptr;      // aes128gcm
    std::string authorization;        // "vapid t=…, k=…"
    int ttl_seconds = 0;
    const char* urgency = "high";
};

struct PushResponse {
    int status = 0;    // the push service's HTTP status; 0 when there was none
    std::string error; // why there was none, or the start of an error answer
};

PushResponse send_push(const PushRequest& request, const AllowList& allowed);

} // namespace push
