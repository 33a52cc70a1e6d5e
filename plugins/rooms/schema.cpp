// The rooms plugin's tables, mirroring Campfire's rooms, memberships and messages (db/schema.rb),
// with the constraints that make our guarantees hold inside the writer:
//  - direct_key UNIQUE: one direct room per set of users (find-or-create cannot duplicate);
//  - UNIQUE(room_id, user_id): one membership per user and room;
//  - UNIQUE(room_id, creator_id, client_message_id): a retried send cannot store a second row.
// users(id) is the kernel's table; we do not declare foreign keys into it (users are deactivated,
// never deleted, and a plugin must not constrain the kernel's own writes).
#include "parts.hpp"

#include <campfire/plugin.hpp>

namespace rooms {
namespace {

constexpr const char* kV1 = R"sql(
CREATE TABLE rooms (
  id INTEGER PRIMARY KEY,
  name TEXT,
  type TEXT NOT NULL CHECK (type IN ('open', 'closed', 'direct')),
  creator_id INTEGER NOT NULL,
  direct_key TEXT UNIQUE,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  last_message_at TEXT,
  CHECK ((type = 'direct') = (direct_key IS NOT NULL)),
  CHECK (type = 'direct' OR name IS NOT NULL)
);
CREATE INDEX rooms_by_type ON rooms (type);

CREATE TABLE memberships (
  id INTEGER PRIMARY KEY,
  room_id INTEGER NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL,
  involvement TEXT NOT NULL DEFAULT 'mentions'
    CHECK (involvement IN ('invisible', 'nothing', 'mentions', 'everything')),
  unread_at TEXT,
  connected_at TEXT,
  connections INTEGER NOT NULL DEFAULT 0 CHECK (connections >= 0),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  UNIQUE (room_id, user_id)
);
CREATE INDEX memberships_by_user ON memberships (user_id, room_id);
CREATE INDEX memberships_by_room_created ON memberships (room_id, created_at);

CREATE TABLE messages (
  id INTEGER PRIMARY KEY,
  room_id INTEGER NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  creator_id INTEGER NOT NULL,
  client_message_id TEXT NOT NULL CHECK (length(client_message_id) BETWEEN 1 AND 64),
  body TEXT NOT NULL,
  content_type TEXT NOT NULL DEFAULT 'text',
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  UNIQUE (room_id, creator_id, client_message_id)
);
CREATE INDEX messages_by_room ON messages (room_id, id);
CREATE INDEX messages_by_creator ON messages (creator_id);
)sql";

// Rich messages (CAMPFIRE.md §2, §8): the plain-text form, mentions, attachments, and indexes for
// the refresh query. Bodies stored before were plain text: they become escaped HTML, and their
// text the plain_body.
constexpr const char* kV2 = R"sql(
ALTER TABLE messages ADD COLUMN plain_body TEXT NOT NULL DEFAULT '';
UPDATE messages SET plain_body = body,
  body = replace(replace(replace(replace(replace(body, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'),
                 char(10), '<br>');
CREATE INDEX messages_by_room_created ON messages (room_id, created_at);
CREATE INDEX messages_by_room_updated ON messages (room_id, updated_at);

CREATE TABLE mentions (
  message_id INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL,
  PRIMARY KEY (message_id, user_id)
) WITHOUT ROWID;
CREATE INDEX mentions_by_user ON mentions (user_id);

CREATE TABLE attachments (
  message_id INTEGER PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  byte_size INTEGER NOT NULL CHECK (byte_size >= 0),
  data BLOB NOT NULL
);
)sql";

// Ids are never reused (a plain INTEGER PRIMARY KEY takes max(id) + 1, so deleting the newest room
// or message would hand its id to the next one): the kernel's event log, links, other plugins' rows
// and clients' caches all name rooms and messages by id. Rebuilding the tables with AUTOINCREMENT
// would cascade-delete their children, so inserts take `high + 1` from this table instead, and the
// triggers keep it at the highest id ever stored.
constexpr const char* kV3 = R"sql(
CREATE TABLE id_high_water (
  name TEXT PRIMARY KEY,
  high INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO id_high_water (name, high) VALUES
  ('rooms', (SELECT coalesce(max(id), 0) FROM rooms)),
  ('messages', (SELECT coalesce(max(id), 0) FROM messages));
CREATE TRIGGER rooms_high_water AFTER INSERT ON rooms BEGIN
  UPDATE id_high_water SET high = max(high, NEW.id) WHERE name = 'rooms';
END;
CREATE TRIGGER messages_high_water AFTER INSERT ON messages BEGIN
  UPDATE id_high_water SET high = max(high, NEW.id) WHERE name = 'messages';
END;
)sql";

} // namespace

int register_schema(cf_ctx* ctx) {
    if (int rc = cf::migration(ctx, 1, "create rooms, memberships, messages", kV1); rc != CF_OK) return rc;
    if (int rc = cf::migration(ctx, 2, "rich messages: plain_body, mentions, attachments", kV2); rc != CF_OK) return rc;
    return cf::migration(ctx, 3, "room and message ids are never reused", kV3);
}

} // namespace rooms
