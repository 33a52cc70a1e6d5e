// Avatars (Campfire's users/avatars): a user uploads a PNG, JPEG or WebP, which we store as a
// 512×512 WebP; anyone signed in fetches any user's avatar by id: the upload, else for a bot our
// bot picture, else the initials SVG. Campfire hides user ids behind a signed avatar token and
// serves avatars to anyone; we address avatars by user id, so we serve them to signed-in users
// only (an id is guessable, and the initials would list the account's people to the world) and
// mark them `private` so a shared cache cannot hand them to strangers.
//
//   GET    /users/:user_id/avatar        user   (:user_id may be "me")
//   PUT    /users/me/avatar              user   multipart `user[avatar]` or `avatar`, or a raw image body
//   POST   /users/me/avatar              user   the same
//   DELETE /users/:user_id/avatar        user   always the current user's (as Campfire)
//   PUT    /account/bots/:bot_id/avatar  admin  a bot's avatar, same body
//   POST   /account/bots/:bot_id/avatar  admin
//   DELETE /account/bots/:bot_id/avatar  admin
#include "drawn_svgs.hpp"
#include "http_cache.hpp"
#include "parts.hpp"

#include <memory>
#include <optional>
#include <string>
#include <utility>

namespace media {
namespace {

constexpr int kSide = 512;
// Revalidated on every use: most avatar URLs (sidebar, messages, cards) carry no version, and a
// changed avatar must show for everyone at once, not when a cached copy expires. With the ETag an
// unchanged avatar costs a 304; a page shows each distinct avatar URL from memory.
constexpr std::string_view kCache = "private, no-cache";

std::string avatar_url(int64_t user_id, int64_t version) {
    return "/users/" + std::to_string(user_id) + "/avatar?v=" + std::to_string(version);
}

void show(cf::Request& req, cf::Reply reply) {
    cf_ctx* ctx = req.ctx();
    std::string_view param = req.param("user_id");
    std::optional<int64_t> id = param == "me" ? std::optional<int64_t>(req.user()->id) : cf::to_int(param);
    if (!id || *id <= 0) return reply.error(404, "no such user");
    cf::Stmt s(ctx, cf_db_reader(ctx),
               "SELECT u.name, u.role, a.image FROM users u LEFT JOIN media_avatars a ON a.user_id = u.id "
               "WHERE u.id = ?1");
    if (!s) return reply.error(500, "could not read avatars");
    s.bind(1, *id);
    if (!s.row()) return reply.error(404, "no such user");
    if (!s.is_null(2)) return send_picture(req, std::move(reply), kWebp, kCache, s.text(2));
    if (s.integer(1) == CF_ROLE_BOT) return send_picture(req, std::move(reply), kSvg, kCache, bot_svg());
    send_picture(req, std::move(reply), kSvg, kCache, initials_svg(*id, s.text(0)));
}

// Converts the request's image and stores it as user_id's avatar; answers {"avatar_url"}.
void store_avatar(cf::Request& req, cf::Reply reply, int64_t user_id) {
    cf_ctx* ctx = req.ctx();
    Upload upload = find_upload(req.header("content-type"), req.body(), {"user[avatar]", "avatar"}, max_upload_bytes());
    if (upload.error) return reply.error(upload.status, upload.error);
    Squares squares = convert_upload(ctx, upload.bytes, {kSide}, Encoding::webp);
    if (squares.status) return reply.error(squares.status, squares.error.c_str());

    auto held = std::make_shared<cf::Reply>(std::move(reply));
    auto version = std::make_shared<int64_t>(0);
    int rc = cf::write(
        ctx,
        [ctx, user_id, version, webp = std::move(squares.images[0])](cf_db* txn) -> int {
            cf::Stmt s(ctx, txn,
                       "INSERT INTO media_avatars (user_id, image) VALUES (?1, CAST(?2 AS BLOB)) "
                       "ON CONFLICT (user_id) DO UPDATE SET image = excluded.image, version = version + 1, "
                       "updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') RETURNING version");
            if (!s.bind(1, user_id).bind(2, webp).row()) return CF_ERR;
            *version = s.integer(0);
            return CF_OK;
        },
        [held, version, user_id](int status) {
            if (status != CF_OK) return held->error(write_failure_status(status), "could not save the avatar; try again");
            cf::Json j;
            j.obj([&] { j.key("avatar_url").str(avatar_url(user_id, *version)); });
            held->json(200, j);
        });
    if (rc != CF_OK) held->error(write_failure_status(rc), "the server is busy; try again");
}

void clear_avatar(cf::Request& req, cf::Reply reply, int64_t user_id) {
    cf_ctx* ctx = req.ctx();
    auto held = std::make_shared<cf::Reply>(std::move(reply));
    int rc = cf::write(
        ctx,
        [ctx, user_id](cf_db* txn) -> int {
            cf::Stmt s(ctx, txn,
                       "UPDATE media_avatars SET image = NULL, version = version + 1, "
                       "updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE user_id = ?1 AND image IS NOT NULL");
            return s.bind(1, user_id).exec();
        },
        [held](int status) {
            if (status != CF_OK) return held->error(write_failure_status(status), "could not delete the avatar; try again");
            held->no_content();
        });
    if (rc != CF_OK) held->error(write_failure_status(rc), "the server is busy; try again");
}

void update_mine(cf::Request& req, cf::Reply reply) { store_avatar(req, std::move(reply), req.user()->id); }
void delete_mine(cf::Request& req, cf::Reply reply) { clear_avatar(req, std::move(reply), req.user()->id); }

// The bot named by :bot_id, or nullopt (404) when it is not a bot.
std::optional<int64_t> bot(cf::Request& req) {
    auto id = req.param_int("bot_id");
    if (!id) return std::nullopt;
    cf::Stmt s(req.ctx(), cf_db_reader(req.ctx()), "SELECT 1 FROM users WHERE id = ?1 AND role = ?2");
    if (!s.bind(1, *id).bind(2, CF_ROLE_BOT).row()) return std::nullopt;
    return id;
}

void update_bot(cf::Request& req, cf::Reply reply) {
    auto id = bot(req);
    if (!id) return reply.error(404, "no such bot");
    store_avatar(req, std::move(reply), *id);
}

void delete_bot(cf::Request& req, cf::Reply reply) {
    auto id = bot(req);
    if (!id) return reply.error(404, "no such bot");
    clear_avatar(req, std::move(reply), *id);
}

struct RouteDef {
    const char* method;
    const char* path;
    int auth;
    void (*fn)(cf::Request&, cf::Reply);
};

constexpr RouteDef kRoutes[] = {
    {"GET", "/users/:user_id/avatar", CF_AUTH_USER, show},
    {"PUT", "/users/me/avatar", CF_AUTH_USER, update_mine},
    {"POST", "/users/me/avatar", CF_AUTH_USER, update_mine},
    {"DELETE", "/users/:user_id/avatar", CF_AUTH_USER, delete_mine},
    {"PUT", "/account/bots/:bot_id/avatar", CF_AUTH_ADMIN, update_bot},
    {"POST", "/account/bots/:bot_id/avatar", CF_AUTH_ADMIN, update_bot},
    {"DELETE", "/account/bots/:bot_id/avatar", CF_AUTH_ADMIN, delete_bot},
};

} // namespace

int register_avatar_routes(cf_ctx* ctx) {
    for (const auto& r : kRoutes)
        if (int rc = cf::route(ctx, r.method, r.path, r.auth, r.fn); rc != CF_OK) return rc;
    return CF_OK;
}

} // namespace media
