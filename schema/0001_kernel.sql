-- The kernel's own tables: the account, people, sessions, stored events, plugin switches.
-- Feature tables (rooms, messages, ...) come from plugins' migrations.
CREATE TABLE accounts (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  join_code TEXT NOT NULL,
  custom_styles TEXT,
  settings TEXT NOT NULL DEFAULT '{}',
  singleton_guard INTEGER NOT NULL DEFAULT 0 UNIQUE, -- at most one account, enforced by the database
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  email_address TEXT UNIQUE COLLATE NOCASE,
  password_digest TEXT,
  role INTEGER NOT NULL DEFAULT 0,   -- 0 member, 1 administrator, 2 bot
  status INTEGER NOT NULL DEFAULT 0, -- 0 active, 1 deactivated, 2 banned
  bio TEXT,
  bot_token TEXT UNIQUE,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE sessions (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  token TEXT NOT NULL UNIQUE,
  ip_address TEXT,
  user_agent TEXT,
  last_active_at TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE events (
  id INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused, so replay cursors stay valid
  room_id INTEGER NOT NULL,
  type TEXT NOT NULL,
  payload TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX events_room ON events(room_id, id);

CREATE TABLE plugin_states (
  name TEXT PRIMARY KEY,
  enabled INTEGER NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE kernel_state (
  key TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
