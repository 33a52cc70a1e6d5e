-- Feature flags and the Lua host. plugin_states also holds named flags (rows that name no
-- plugin), and gains an audience for both: '{}' is everyone, else
-- {"roles":[...],"user_ids":[...],"room_ids":[...]} (kernel/host/features.h).
ALTER TABLE plugin_states ADD COLUMN audience TEXT NOT NULL DEFAULT '{}';

-- Each script's key-value storage (campfire.kv), written through the writer.
CREATE TABLE script_kv (
  script TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL, -- JSON
  updated_at TEXT NOT NULL,
  PRIMARY KEY (script, key)
) WITHOUT ROWID;
