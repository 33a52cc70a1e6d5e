// The account logo (Campfire's accounts/logos): an administrator uploads a PNG, JPEG or WebP,
// stored as 512×512 and 192×192 PNG squares; everyone, signed in or not, fetches it (the sign-in
// page, favicon, PWA manifest and push notifications use it). Without an upload: our own campfire
// logo, drawn as SVG and rendered to PNG when libvips is first loaded.
//
//   GET    /account/logo[?size=small][&v=]  none   PNG 512, or 192 for size=small
//   PUT    /account/logo                    admin  multipart `account[logo]` or `logo`, or a raw image body
//   POST   /account/logo                    admin  the same
//   DELETE /account/logo                    admin  back to the default logo
#include "drawn_svgs.hpp"
#include "http_cache.hpp"
#include "images_loader.hpp"
#include "parts.hpp"

#include <memory>
#include <string>
#include <utility>

namespace media {
namespace {

constexpr int kLarge = 512, kSmall = 192;
constexpr std::string_view kCache = "public, max-age=300, stale-while-revalidate=604800";

void show(cf::Request& req, cf::Reply reply) {
    cf_ctx* ctx = req.ctx();
    const bool small = req.query("size").value_or("") == "small";
    cf::Stmt s(ctx, cf_db_reader(ctx), "SELECT large, small FROM media_logo WHERE id = 1 AND large IS NOT NULL");
    if (!s) return reply.error(500, "could not read the logo");
    if (s.row()) return send_picture(req, std::move(reply), kPng, kCache, s.text(small ? 1 : 0));
    // Rendered once, with libvips; empty when it could not be: then the SVG itself is served.
    const std::string& fallback = images_module(ctx).logo[small ? 1 : 0];
    if (fallback.empty()) return send_picture(req, std::move(reply), kSvg, kCache, default_logo_svg());
    send_picture(req, std::move(reply), kPng, kCache, fallback);
}

void update(cf::Request& req, cf::Reply reply) {
    cf_ctx* ctx = req.ctx();
    Upload upload = find_upload(req.header("content-type"), req.body(), {"account[logo]", "logo"}, max_upload_bytes());
    if (upload.error) return reply.error(upload.status, upload.error);
    Squares squares = convert_upload(ctx, upload.bytes, {kLarge, kSmall}, Encoding::png);
    if (squares.status) return reply.error(squares.status, squares.error.c_str());

    auto held = std::make_shared<cf::Reply>(std::move(reply));
    auto version = std::make_shared<int64_t>(0);
    int rc = cf::write(
        ctx,
        [ctx, version, images = std::move(squares.images)](cf_db* txn) -> int {
            cf::Stmt s(ctx, txn,
                       "INSERT INTO media_logo (id, large, small) VALUES (1, CAST(?1 AS BLOB), CAST(?2 AS BLOB)) "
                       "ON CONFLICT (id) DO UPDATE SET large = excluded.large, small = excluded.small, "
                       "version = version + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') RETURNING version");
            if (!s.bind(1, images[0]).bind(2, images[1]).row()) return CF_ERR;
            *version = s.integer(0);
            return CF_OK;
        },
        [held, version](int status) {
            if (status != CF_OK) return held->error(write_failure_status(status), "could not save the logo; try again");
            cf::Json j;
            j.obj([&] { j.key("logo_url").str("/account/logo?v=" + std::to_string(*version)); });
            held->json(200, j);
        });
    if (rc != CF_OK) held->error(write_failure_status(rc), "the server is busy; try again");
}

void destroy(cf::Request& req, cf::Reply reply) {
    cf_ctx* ctx = req.ctx();
    auto held = std::make_shared<cf::Reply>(std::move(reply));
    int rc = cf::write(
        ctx,
        [ctx](cf_db* txn) -> int {
            cf::Stmt s(ctx, txn,
                       "UPDATE media_logo SET large = NULL, small = NULL, version = version + 1, "
                       "updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = 1 AND large IS NOT NULL");
            return s.exec();
        },
        [held](int status) {
            if (status != CF_OK) return held->error(write_failure_status(status), "could not delete the logo; try again");
            held->no_content();
        });
    if (rc != CF_OK) held->error(write_failure_status(rc), "the server is busy; try again");
}

} // namespace

int register_logo_routes(cf_ctx* ctx) {
    if (int rc = cf::route(ctx, "GET", "/account/logo", CF_AUTH_NONE, show); rc != CF_OK) return rc;
    if (int rc = cf::route(ctx, "PUT", "/account/logo", CF_AUTH_ADMIN, update); rc != CF_OK) return rc;
    if (int rc = cf::route(ctx, "POST", "/account/logo", CF_AUTH_ADMIN, update); rc != CF_OK) return rc;
    return cf::route(ctx, "DELETE", "/account/logo", CF_AUTH_ADMIN, destroy);
}

} // namespace media
