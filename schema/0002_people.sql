-- People administration: IP bans (Campfire's bans table) and the single-use record of session
-- transfer links (Campfire's links are reusable for 4 hours; ours work once).
CREATE TABLE bans (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  ip_address TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (user_id, ip_address)
);
CREATE INDEX bans_ip ON bans(ip_address);

CREATE TABLE session_transfers_used (
  nonce TEXT PRIMARY KEY,
  used_at_ms INTEGER NOT NULL
);
