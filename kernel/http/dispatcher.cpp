#include "kernel/http/dispatcher.h"

#include "kernel/auth/sessions.h"
#include "kernel/base/clock.h"
#include "kernel/base/form.h"
#include "kernel/base/metrics.h"
#include "kernel/base/strings.h"
#include "kernel/db/read_pool.h"
#include "kernel/http/kernel_routes.h"
#include "kernel/http/web_ui.h"
#include "kernel/net/utf8.h"

#include <campfire/json.hpp>
#include <spdlog/spdlog.h>

namespace cf {

namespace {

constexpr size_t kMaxPath = 2048;
constexpr size_t kMaxHeaderBytes = 16 * 1024;

// Counts, times and logs every reply on its way out.
class ObservedReply final : public ReplySink {
public:
    ObservedReply(std::unique_ptr<ReplySink> inner, std::string method, std::string path, int64_t started_us)
        : inner_(std::move(inner)), method_(std::move(method)), path_(std::move(path)), started_us_(started_us) {}
    void send(int status, std::string_view type, const Pairs& headers, std::string body) override {
        double seconds = static_cast<double>(monotonic_us() - started_us_) / 1e6;
        auto& m = Metrics::instance();
        m.http_requests.fetch_add(1, std::memory_order_relaxed);
        if (status >= 500) m.http_errors_5xx.fetch_add(1, std::memory_order_relaxed);
        else if (status >= 400) m.http_errors_4xx.fetch_add(1, std::memory_order_relaxed);
        m.http_latency.observe(seconds);
        spdlog::info("{} {} {} {:.2f}ms", method_, path_, status, seconds * 1000);
        inner_->send(status, type, headers, std::move(body));
    }

private:
    std::unique_ptr<ReplySink> inner_;
    std::string method_, path_;
    int64_t started_us_;
};

bool state_changing(std::string_view method) { return method != "GET" && method != "HEAD" && method != "OPTIONS"; }

// Bodies that are bytes, not text: forms with files, uploads sent raw (an avatar PUT as image/png).
// Everything else must be UTF-8 before a handler sees it.
bool binary_media_type(std::string_view media) {
    for (std::string_view prefix : {"multipart/", "image/", "audio/", "video/"})
        if (media.starts_with(prefix)) return true;
    return media == "application/octet-stream";
}

// "https://chat.example.com:8443" -> "chat.example.com:8443"
std::string_view origin_authority(std::string_view origin) {
    size_t scheme = origin.find("://");
    if (scheme == std::string_view::npos) return {};
    std::string_view rest = origin.substr(scheme + 3);
    size_t slash = rest.find('/');
    return slash == std::string_view::npos ? rest : rest.substr(0, slash);
}

} // namespace

bool origin_allowed(std::string_view origin, std::string_view host, const std::vector<std::string>& extra, bool any_port) {
    if (origin.empty()) return true; // not a browser: nothing to forge
    for (const auto& o : extra)
        if (iequals(o, origin)) return true;
    std::string_view authority = origin_authority(origin);
    if (authority.empty() || host.empty()) return false;
    if (any_port) return iequals(host_without_port(authority), host_without_port(host));
    return iequals(authority, host);
}

Dispatcher::Dispatcher(Kernel& kernel, WorkerPool& workers, const CookieSigner& signer)
    : kernel_(kernel), workers_(workers), signer_(signer) {}

void Dispatcher::accept(std::unique_ptr<HttpRequest> req, std::unique_ptr<ReplySink> sink) {
    auto observed = std::make_unique<ObservedReply>(std::move(sink), req->method, req->path, req->started_us);
    auto shared_req = std::shared_ptr<HttpRequest>(std::move(req));
    auto response = std::make_shared<std::unique_ptr<cf_response>>(std::make_unique<cf_response>());
    (*response)->sink = std::move(observed);
    bool queued = workers_.post([this, shared_req, response] { process(*shared_req, Reply(std::move(*response))); });
    if (!queued) respond_error(std::move(*response), 503, "the server is busy; try again");
}

namespace {

// Hands an in-process reply to the caller's callback.
class CallbackSink final : public ReplySink {
public:
    explicit CallbackSink(decltype(InternalRequest::done) done) : done_(std::move(done)) {}
    void send(int status, std::string_view type, const Pairs& headers, std::string body) override {
        if (done_) done_(status, type, headers, std::move(body));
    }

private:
    decltype(InternalRequest::done) done_;
};

} // namespace

int Dispatcher::dispatch_internal(InternalRequest r) {
    auto req = std::make_shared<HttpRequest>();
    req->method = std::move(r.method);
    std::string_view target = r.target;
    size_t q = target.find('?');
    req->path = std::string(target.substr(0, q));
    if (q != std::string_view::npos) {
        auto parsed = parse_query(target.substr(q + 1));
        if (parsed) req->query = std::move(*parsed);
        else req->malformed_query = true;
    }
    req->headers.emplace_back("content-type", r.content_type.empty() ? "application/json" : r.content_type);
    req->body = std::move(r.body);
    req->started_us = monotonic_us();
    auto observed = std::make_unique<ObservedReply>(std::make_unique<CallbackSink>(std::move(r.done)),
                                                    "internal " + req->method, req->path, req->started_us);
    auto response = std::make_shared<std::unique_ptr<cf_response>>(std::make_unique<cf_response>());
    (*response)->sink = std::move(observed);
    int64_t user = r.as_user_id;
    // When the queue is full the closure is dropped with the response unsent: done is not called.
    bool queued = workers_.post([this, req, response, user] { process(*req, Reply(std::move(*response)), user); });
    return queued ? CF_OK : CF_ERR_BUSY;
}

bool Dispatcher::prepare_body(HttpRequest& req, Reply& reply) {
    if (req.body.size() > kernel_.config.max_body_bytes) {
        reply.error(413, "request body too large");
        return false;
    }
    if (req.body.empty()) return true;
    const std::string* type = req.header("content-type");
    std::string media = type ? to_lower(trim(type->substr(0, type->find(';')))) : "";
    if (media == "application/json" || (media.empty() && (req.body[0] == '{' || req.body[0] == '['))) {
        rapidjson::Document doc;
        if (!parse_json(doc, req.body)) {
            reply.error(400, doc.GetParseError() == rapidjson::kParseErrorStringInvalidEncoding
                                 ? "request body is not valid UTF-8"
                                 : "request body is not valid JSON");
            return false;
        }
        if (!doc.IsObject()) {
            reply.error(400, "request body must be a JSON object");
            return false;
        }
        req.json = req.body;
    } else if (media == "application/x-www-form-urlencoded") {
        auto json = form_to_json(req.body);
        if (!json) {
            reply.error(400, "malformed form body");
            return false;
        }
        req.json = std::move(*json);
    } else if (!binary_media_type(media) && !net::valid_utf8(req.body)) {
        reply.error(400, "request body is not valid UTF-8");
        return false;
    }
    return true;
}

void Dispatcher::authenticate(HttpRequest& req) {
    const std::string* cookie = req.cookie("session_token");
    if (!cookie) return;
    auto token = signer_.verify(*cookie);
    if (!token) return;
    req.user = find_session_user(db::reader(), *token);
}

void Dispatcher::process(HttpRequest& req, Reply reply, std::optional<int64_t> as_user) {
    if (req.path.size() > kMaxPath) return reply.error(414, "request path too long");
    size_t header_bytes = 0;
    for (const auto& [k, v] : req.headers) header_bytes += k.size() + v.size() + 4;
    for (const auto& [k, v] : req.cookies) header_bytes += k.size() + v.size() + 2;
    if (header_bytes > kMaxHeaderBytes) return reply.error(431, "request headers too large");
    if (req.malformed_query || !net::valid_utf8(req.path)) return reply.error(400, "malformed query string or path");
    for (const auto& [k, v] : req.query)
        if (!net::valid_utf8(k) || !net::valid_utf8(v)) return reply.error(400, "query string is not valid UTF-8");

    if (!as_user && serve_web_ui(req, reply)) return;

    // Campfire's BlockBannedRequests: a banned address may read but not change anything.
    if (!as_user && state_changing(req.method) && ip_is_banned(req.ip)) return reply.error(429, "too many requests");

    auto match = kernel_.router.match(req.method, req.path, Kernel::active);
    if (!match.route) {
        if (match.wrong_method) return reply.error(405, "method not allowed");
        return reply.error(404, "not found");
    }
    const Route& route = *match.route;
    req.params = std::move(match.params);
    if (!prepare_body(req, reply)) return;

    if (as_user) {
        req.user = find_active_user(db::reader(), *as_user);
        if (!req.user) return reply.error(403, "that user cannot act");
        if (route.auth == CF_AUTH_BOT) return reply.error(404, "not found"); // bot-key routes need their key
        if (route.auth == CF_AUTH_ADMIN && req.user->role != CF_ROLE_ADMIN) return reply.error(403, "administrators only");
    } else if (route.auth == CF_AUTH_BOT) {
        const std::string* key = req.param("bot_key");
        if (key) req.user = find_bot(db::reader(), *key);
        if (!req.user) { // Campfire sends an invalid bot key to sign-in
            reply.header("Location", "/session/new");
            return reply.error(302, "invalid bot key");
        }
    } else {
        // Campfire's deny_bots: a bot key is good for the bot routes only.
        if (req.query_value("bot_key")) return reply.error(403, "bot keys work only on bot routes");
        authenticate(req);
        if (req.user && state_changing(req.method)) {
            const std::string* origin = req.header("origin");
            const std::string* host = req.header("host");
            if (origin && !origin_allowed(*origin, host ? *host : "", kernel_.config.allowed_origins, false))
                return reply.error(403, "cross-origin request refused");
        }
        if (route.auth == CF_AUTH_USER || route.auth == CF_AUTH_ADMIN) {
            if (!req.user) return reply.error(401, "sign in first");
            if (req.user->role == CF_ROLE_BOT) return reply.error(403, "bots use their bot key routes");
        }
        if (route.auth == CF_AUTH_ADMIN && req.user->role != CF_ROLE_ADMIN)
            return reply.error(403, "administrators only");
    }
    // Feature flags: a plugin that is off for this person (or in this room) answers as if disabled.
    if (route.owner && !kernel_.allows(route.owner, request_viewer(req))) return reply.error(404, "not found");
    route.handler(req, std::move(reply));
}

} // namespace cf
