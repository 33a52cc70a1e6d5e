// The media plugin: avatars (uploads, the initials and bot fallbacks) and the account logo, the
// pictures of Campfire's §7 "People and account". Uploads are decoded with libvips, restricted to
// PNG, JPEG and WebP. Reads the kernel's `users` table (name, role) through SQL. Depends on the
// SDK and zlib; libvips lives in a library of its own, loaded on first use (images_module.hpp).
#include "parts.hpp"

#include <string>

namespace {

int init(cf_ctx* ctx) {
    media::read_settings(ctx);
    using Register = int (*)(cf_ctx*);
    static constexpr Register kParts[] = {media::register_schema, media::register_logo_routes,
                                          media::register_avatar_routes};
    for (Register part : kParts)
        if (int rc = part(ctx); rc != CF_OK) return rc;
    return CF_OK;
}

// libvips stays up: it cannot start again in this process, and its library is never closed.
void unload(cf_ctx*) { cf::registry().clear(); }

} // namespace

CF_PLUGIN("media", "1.0.0", "Avatars and the account logo (uploads via libvips, initials and bot pictures)", init,
          unload, nullptr)
