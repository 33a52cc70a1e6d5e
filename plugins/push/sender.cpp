#include "sender.hpp"

#include <httplib.h>
#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>

namespace push {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kTimeoutSeconds = 10;
constexpr auto kConnectionLifetime = std::chrono::minutes(5); // then reconnect (and resolve again)
constexpr size_t kMaxConnectionsPerThread = 32;
constexpr size_t kMaxAnswerBytes = 16 * 1024;
constexpr size_t kKeptAnswerBytes = 300;

struct AddrInfoFree {
    void operator()(addrinfo* a) const { freeaddrinfo(a); }
};

// The address to connect to for a host outside the allow-list: its first address, provided every
// address it resolves to is public. Empty with `error` set otherwise.
std::string checked_address(const Endpoint& e, std::string& error) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* raw = nullptr;
    if (int rc = getaddrinfo(e.host.c_str(), nullptr, &hints, &raw); rc != 0) {
        error = std::string("cannot resolve host: ") + gai_strerror(rc);
        return {};
    }
    std::unique_ptr<addrinfo, AddrInfoFree> list(raw);
    std::string first;
    for (addrinfo* a = list.get(); a; a = a->ai_next) {
        if (!is_public_address(a->ai_addr)) {
            error = "host resolves to a non-public address";
            return {};
        }
        char text[NI_MAXHOST] = {};
        if (first.empty() && getnameinfo(a->ai_addr, a->ai_addrlen, text, sizeof text, nullptr, 0, NI_NUMERICHOST) == 0)
            first = text;
    }
    if (first.empty()) error = "host has no address";
    return first;
}

struct Connection {
    std::unique_ptr<httplib::Client> client;
    Clock::time_point opened;
};

// This thread's connections by origin. Destroyed with the thread.
std::map<std::string, Connection>& connections() {
    thread_local std::map<std::string, Connection> mine;
    return mine;
}

httplib::Client* connection_for(const Endpoint& e, const AllowList& allowed, std::string& error) {
    auto& pool = connections();
    const std::string origin = e.origin();
    auto now = Clock::now();
    if (auto it = pool.find(origin); it != pool.end()) {
        if (now - it->second.opened < kConnectionLifetime) return it->second.client.get();
        pool.erase(it);
    }
    std::string pinned;
    if (!allowed.allows(e)) {
        pinned = checked_address(e, error);
        if (pinned.empty()) return nullptr;
    }
    if (pool.size() >= kMaxConnectionsPerThread) {
        auto oldest = pool.begin();
        for (auto it = pool.begin(); it != pool.end(); ++it)
            if (it->second.opened < oldest->second.opened) oldest = it;
        pool.erase(oldest);
    }
    auto client = std::make_unique<httplib::Client>(origin);
    if (!client->is_valid()) {
        error = "unsupported endpoint";
        return nullptr;
    }
    if (!pinned.empty()) client->set_hostname_addr_map({{e.host, pinned}});
    client->set_connection_timeout(kTimeoutSeconds);
    client->set_read_timeout(kTimeoutSeconds);
    client->set_write_timeout(kTimeoutSeconds);
    client->set_keep_alive(true);
    client->set_follow_location(false);
    client->set_decompress(false);
    httplib::Client* raw = client.get();
    pool[origin] = Connection{std::move(client), now};
    return raw;
}

} // namespace

PushResponse send_push(const PushRequest& request, const AllowList& allowed) {
    PushResponse out;
    const Endpoint& e = *request.endpoint;
    httplib::Client* client = connection_for(e, allowed, out.error);
    if (!client) return out;

    httplib::Request req;
    req.method = "POST";
    req.path = e.target;
    req.headers = {
        {"Authorization", request.authorization},
        {"Content-Encoding", "aes128gcm"},
        {"Content-Type", "application/octet-stream"},
        {"TTL", std::to_string(request.ttl_seconds)},
        {"Urgency", request.urgency},
    };
    req.body.assign(request.body->begin(), request.body->end());
    std::string answer;
    size_t received = 0;
    req.content_receiver = [&](const char* data, size_t len, uint64_t, uint64_t) {
        received += len;
        if (answer.size() < kKeptAnswerBytes) answer.append(data, std::min(len, kKeptAnswerBytes - answer.size()));
        return received <= kMaxAnswerBytes; // a push service answers briefly; stop reading a flood
    };

    httplib::Response res;
    httplib::Error err = httplib::Error::Success;
    if (!client->send(req, res, err)) {
        out.error = httplib::to_string(err);
        connections().erase(e.origin()); // start afresh next time
        return out;
    }
    out.status = res.status;
    if (res.status >= 300) out.error = answer;
    return out;
}

} // namespace push
