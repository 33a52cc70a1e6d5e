#include "kernel/lua/http_fetch.h"

#include "kernel/base/strings.h"

#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <iterator>

namespace cf::lua {

namespace {

constexpr size_t kMaxResponseBytes = 1u << 20;
constexpr size_t kMaxRequestBytes = 1u << 20;
constexpr int kMaxTimeoutMs = 30000;

struct Url {
    std::string scheme, host, path;
    uint16_t port = 0;
};

// http(s)://host[:port][/path][?query]; no user info, no fragments.
std::optional<Url> parse_url(std::string_view url, std::string* error) {
    Url u;
    size_t colon = url.find("://");
    if (colon == std::string_view::npos) {
        *error = "url must start with http:// or https://";
        return std::nullopt;
    }
    u.scheme = to_lower(url.substr(0, colon));
    if (u.scheme != "http" && u.scheme != "https") {
        *error = "url must start with http:// or https://";
        return std::nullopt;
    }
    std::string_view rest = url.substr(colon + 3);
    size_t slash = rest.find_first_of("/?#");
    std::string_view authority = rest.substr(0, slash);
    std::string_view path = slash == std::string_view::npos ? "/" : rest.substr(slash);
    if (path.find('#') != std::string_view::npos) path = path.substr(0, path.find('#'));
    if (path.empty() || path[0] == '?') u.path = "/" + std::string(path);
    else u.path = std::string(path);
    if (authority.empty() || authority.find('@') != std::string_view::npos) {
        *error = "url needs a host (and no user name)";
        return std::nullopt;
    }
    std::string_view host = host_without_port(authority);
    std::string_view port = authority.substr(host.size());
    if (!host.empty() && host.front() == '[') host = host.substr(1, host.size() - 2);
    if (host.empty()) {
        *error = "url needs a host";
        return std::nullopt;
    }
    bool ipv6 = host.find(':') != std::string_view::npos;
    for (char c : host)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || (ipv6 && c == ':'))) {
            *error = "url has a bad host";
            return std::nullopt;
        }
    u.host = to_lower(host);
    u.port = u.scheme == "https" ? 443 : 80;
    if (!port.empty()) {
        auto n = parse_int(port.substr(1));
        if (!n || *n < 1 || *n > 65535) {
            *error = "url has a bad port";
            return std::nullopt;
        }
        u.port = static_cast<uint16_t>(*n);
    }
    for (char c : u.path)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
            *error = "url must not contain spaces or control characters";
            return std::nullopt;
        }
    return u;
}

} // namespace

std::string check_fetch_request(const FetchRequest& r) {
    static const char* methods[] = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"};
    if (std::none_of(std::begin(methods), std::end(methods), [&](const char* m) { return r.method == m; }))
        return "method must be GET, POST, PUT, PATCH, DELETE or HEAD";
    if (r.url.size() > 4096) return "url is longer than 4096 bytes";
    std::string error;
    if (!parse_url(r.url, &error)) return error;
    if (r.body.size() > kMaxRequestBytes) return "body is larger than 1 MB";
    if (r.headers.size() > 50) return "at most 50 headers";
    for (const auto& [name, value] : r.headers) {
        std::string lower = to_lower(name);
        if (name.empty() || name.size() > 256 || value.size() > 8192) return "header names or values too long";
        for (char c : name + value)
            if (c == '\r' || c == '\n' || c == '\0') return "headers must not contain line breaks";
        if (lower == "host" || lower == "content-length" || lower == "transfer-encoding" || lower == "connection")
            return "header " + name + " is set by the server";
    }
    if (r.timeout_ms < 1 || r.timeout_ms > kMaxTimeoutMs) return "timeout must be from 0.001 to 30 seconds";
    return "";
}

FetchResult perform_fetch(const FetchRequest& request, const AllowedHosts& allowed) {
    FetchResult out;
    out.error = check_fetch_request(request);
    if (!out.error.empty()) return out;
    auto url = parse_url(request.url, &out.error);
    auto address = resolve_target(url->host, url->port, allowed, &out.error);
    if (!address) return out;

    httplib::Client client(url->scheme + "://" + (url->host.find(':') != std::string::npos ? "[" + url->host + "]" : url->host) +
                           ":" + std::to_string(url->port));
    client.set_hostname_addr_map({{url->host, *address}}); // connect to the address that was checked
    auto timeout = std::chrono::milliseconds(request.timeout_ms);
    client.set_connection_timeout(timeout);
    client.set_read_timeout(timeout);
    client.set_write_timeout(timeout);
    client.set_follow_location(false);
    client.set_keep_alive(false);

    auto deadline = std::chrono::steady_clock::now() + timeout;
    bool too_big = false, too_slow = false;
    httplib::Request req;
    req.method = request.method;
    req.path = url->path;
    for (const auto& [name, value] : request.headers) req.headers.emplace(name, value);
    req.body = request.body;
    if (!request.body.empty() && !req.has_header("Content-Type")) req.headers.emplace("Content-Type", "text/plain");
    req.content_receiver = [&](const char* data, size_t len, uint64_t, uint64_t) {
        if (std::chrono::steady_clock::now() > deadline) return !(too_slow = true);
        if (out.body.size() + len > kMaxResponseBytes) return !(too_big = true);
        out.body.append(data, len);
        return true;
    };
    httplib::Response res;
    httplib::Error error = httplib::Error::Success;
    bool ok = client.send(req, res, error);
    if (too_big) {
        out.body.clear();
        out.error = "response larger than 1 MB";
        return out;
    }
    if (too_slow || error == httplib::Error::Read || error == httplib::Error::Connection) {
        out.body.clear();
        out.error = too_slow ? "timed out" : error == httplib::Error::Connection ? "cannot connect" : "timed out or connection lost";
        return out;
    }
    if (!ok) {
        out.body.clear();
        out.error = "request failed: " + httplib::to_string(error);
        return out;
    }
    out.status = res.status;
    for (const auto& [name, value] : res.headers) out.headers.emplace_back(to_lower(name), value);
    out.error.clear();
    return out;
}

HttpFetcher::HttpFetcher(AllowedHosts allowed, int threads, size_t queue)
    : allowed_(std::move(allowed)), pool_("cf-lua-http", threads, queue) {}

bool HttpFetcher::fetch(FetchRequest request, std::function<void(FetchResult)> done) {
    return pool_.post([this, request = std::move(request), done = std::move(done)] { done(perform_fetch(request, allowed_)); });
}

void HttpFetcher::stop() { pool_.stop(); }

} // namespace cf::lua
