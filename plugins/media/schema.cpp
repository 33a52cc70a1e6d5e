// The media plugin's tables. An avatar or logo row stays when its picture is deleted (the picture
// becomes NULL) so that `version` only ever grows: URLs carry ?v=<version> to bust caches.
// users(id) is the kernel's table; no foreign key into it (users are deactivated, never deleted).
#include "parts.hpp"

namespace media {
namespace {

constexpr const char* kV1 = R"sql(
CREATE TABLE media_avatars (
  user_id INTEGER PRIMARY KEY,
  image BLOB,
  version INTEGER NOT NULL DEFAULT 1,
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE TABLE media_logo (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  large BLOB,
  small BLOB,
  version INTEGER NOT NULL DEFAULT 1,
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  CHECK ((large IS NULL) = (small IS NULL))
);
)sql";

} // namespace

int register_schema(cf_ctx* ctx) { return cf::migration(ctx, 1, "create media_avatars, media_logo", kV1); }

} // namespace media
