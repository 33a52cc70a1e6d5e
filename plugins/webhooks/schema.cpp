// This plugin's one table: what Campfire keeps in `webhooks` (one URL per bot, has_one) plus our
// per-bot delivery options and the last delivery's outcome, which administrators see.
// The bot itself is a row of the kernel's `users` table (role 2, bot_token), inserted by this
// plugin; bot_id is that row's id. No foreign key into users, as in the rooms plugin: users are
// deactivated, never deleted, and a plugin must not constrain the kernel's own writes.
#include "parts.hpp"

#include <campfire/plugin.hpp>

namespace webhooks {
namespace {

constexpr const char* kV1 = R"sql(
CREATE TABLE bot_webhooks (
  bot_id INTEGER PRIMARY KEY,
  url TEXT CHECK (url IS NULL OR length(url) BETWEEN 1 AND 2048),
  sign_requests INTEGER NOT NULL DEFAULT 0 CHECK (sign_requests IN (0, 1)),
  envelope INTEGER NOT NULL DEFAULT 0 CHECK (envelope IN (0, 1)),
  retries INTEGER NOT NULL DEFAULT 0 CHECK (retries IN (0, 1)),
  include_reply_url INTEGER NOT NULL DEFAULT 0 CHECK (include_reply_url IN (0, 1)),
  signing_secret TEXT NOT NULL,
  last_delivery_at TEXT,
  last_delivery_status TEXT,
  last_delivery_http_status INTEGER,
  last_delivery_detail TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
)sql";

} // namespace

int register_schema(cf_ctx* ctx) { return cf::migration(ctx, 1, "create bot_webhooks", kV1); }

} // namespace webhooks
