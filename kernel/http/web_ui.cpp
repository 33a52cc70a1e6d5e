#include "kernel/http/web_ui.h"

#include "kernel/http/web_assets.h"

namespace cf {

namespace {

constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";
// The app page may change with any deploy; styles come from us and the account's custom CSS.
constexpr std::string_view kPagePolicy =
    "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; style-src 'self' 'unsafe-inline'; "
    "connect-src 'self' ws: wss:; worker-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

const WebAsset* find(std::string_view path) {
    for (const auto& asset : web_assets())
        if (asset.path == path) return &asset;
    return nullptr;
}

bool accepts(const HttpRequest& req, std::string_view header, std::string_view token) {
    const std::string* v = req.header(header);
    return v && v->find(token) != std::string::npos;
}

void send_asset(const HttpRequest& req, Reply& reply, const WebAsset& asset, std::string_view cache) {
    reply.header("Cache-Control", std::string(cache));
    reply.header("ETag", std::string(asset.etag));
    reply.header("Vary", "Accept-Encoding");
    if (asset.path == "/index.html") {
        reply.header("Content-Security-Policy", std::string(kPagePolicy));
        reply.header("Referrer-Policy", "same-origin");
    }
    const std::string* match = req.header("if-none-match");
    if (match && *match == asset.etag) return reply.send(304, asset.content_type, {});
    if (accepts(req, "accept-encoding", "gzip") && !asset.gzip.empty()) {
        reply.header("Content-Encoding", "gzip");
        return reply.send(200, asset.content_type, std::string(asset.gzip));
    }
    reply.send(200, asset.content_type, std::string(asset.data));
}

} // namespace

bool serve_web_ui(const HttpRequest& req, Reply& reply) {
    if (req.method != "GET" && req.method != "HEAD") return false;
    if (web_assets().empty()) return false;
    if (req.path.rfind("/assets/", 0) == 0) {
        const WebAsset* asset = find(req.path);
        if (!asset) {
            reply.error(404, "not found");
            return true;
        }
        send_asset(req, reply, *asset, kImmutable);
        return true;
    }
    if (req.path != "/" && req.path != "/index.html") {
        if (const WebAsset* asset = find(req.path)) {
            send_asset(req, reply, *asset, "no-cache");
            return true;
        }
    }
    if (!accepts(req, "accept", "text/html") || req.path.rfind("/api/", 0) == 0) return false;
    const WebAsset* page = find("/index.html");
    if (!page) return false;
    send_asset(req, reply, *page, "no-cache");
    return true;
}

} // namespace cf
