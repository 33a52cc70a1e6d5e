// Pistache as the HTTP/1.1 transport for the API and the UI.
//
// Pistache 0.0.5 queues writes by fd number, so a reply queued from another thread for a peer
// that has just gone can reach a new connection that reused the fd (DESIGN.md §3). We therefore
// never reply through Pistache's queue from another thread: each connection has a PeerGate, and a
// reply is written directly with a non-blocking send() while holding the gate. Pistache calls
// onDisconnection on the reactor thread *before* it closes the fd; we close the gate there, so
// while a sender holds an open gate the fd still belongs to that peer. What the socket cannot
// take at once is finished by a drain thread, so no thread ever waits on a slow client.
#pragma once

#include "kernel/host/http_types.h"

#include <functional>
#include <memory>
#include <string>

namespace cf {

struct HttpServerOptions {
    std::string address = "0.0.0.0";
    uint16_t port = 3000;
    int threads = 2;
    size_t max_request_bytes = 1024 * 1024 + 64 * 1024; // body limit plus headers
};

// Receives a parsed request on a reactor thread; must return at once (hand off to a worker).
using RequestSink = std::function<void(std::unique_ptr<HttpRequest>, std::unique_ptr<ReplySink>)>;

class HttpServer {
public:
    HttpServer(HttpServerOptions options, RequestSink sink);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    bool start(std::string* error); // binds and serves on background threads
    void stop();
    uint16_t port() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// "HTTP/1.1 200 OK\r\n..." for a reply; exposed for tests.
std::string serialize_response(int status, std::string_view content_type, const Pairs& headers,
                               std::string_view body, bool keep_alive);

} // namespace cf
