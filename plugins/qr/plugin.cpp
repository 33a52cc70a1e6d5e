// The qr plugin: Campfire's QR codes for shareable links (join link, session transfer link).
//   GET /qr_code/:id   none   :id = base64url of the text (≤ 2 KB decoded) → SVG, cached for a year
// The same id always gives the same picture, so it is `immutable`. 400 for an id that is not
// base64url or decodes to nothing or too much. Depends on the SDK and libqrencode only.
#include "qr_svg.hpp"

#include <campfire/plugin.hpp>

namespace {

constexpr size_t kMaxText = 2048;

void show(cf::Request& req, cf::Reply reply) {
    auto text = qr::base64url_decode(req.param("id"));
    if (!text || text->empty()) return reply.error(400, "the QR code id must be base64url text");
    if (text->size() > kMaxText) return reply.error(400, "the text is too long for a QR code (at most 2048 bytes)");
    auto picture = qr::svg(*text);
    if (!picture) return reply.error(400, "the text does not fit in a QR code");
    reply.header("Cache-Control", "public, max-age=31536000, immutable")
        .header("Content-Security-Policy", "default-src 'none'")
        .send(200, "image/svg+xml", *picture);
}

int init(cf_ctx* ctx) { return cf::route(ctx, "GET", "/qr_code/:id", CF_AUTH_NONE, show); }

void unload(cf_ctx*) { cf::registry().clear(); }

} // namespace

CF_PLUGIN("qr", "1.0.0", "QR codes for shareable links, as SVG", init, unload, nullptr)
