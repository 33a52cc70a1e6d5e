// SQL and JSON for boosts (see boost_store.hpp). Mirrors Campfire's Boost model: message, booster,
// content (string, 16), timestamps.
//
// `message_created_at` pins a boost to the message it was given to. The rooms plugin's message ids
// can be reused (INTEGER PRIMARY KEY without AUTOINCREMENT), and while this plugin is disabled its
// delete hooks do not run, so a boost could outlive its message; every read joins on both columns,
// so such a boost can never appear on a newer message that took the old id, and the sweep
// (message_hooks.cpp) removes it.
#include "boost_store.hpp"

namespace boosts {
namespace {

constexpr const char* kV1 = R"sql(
CREATE TABLE boosts (
  id INTEGER PRIMARY KEY,
  message_id INTEGER NOT NULL,
  message_created_at TEXT NOT NULL,
  booster_id INTEGER NOT NULL,
  content TEXT NOT NULL CHECK (length(content) BETWEEN 1 AND 16),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE INDEX boosts_by_message ON boosts (message_id, id);
)sql";

#define BOOST_SELECT                                                                                \
    "SELECT b.id, b.message_id, b.booster_id, coalesce(u.name, ''), b.content, b.created_at "       \
    "FROM boosts b JOIN messages m ON m.id = b.message_id AND m.created_at = b.message_created_at "  \
    "LEFT JOIN users u ON u.id = b.booster_id "

Boost read_row(cf::Stmt& s) {
    Boost b;
    b.id = s.integer(0);
    b.message_id = s.integer(1);
    b.booster_id = s.integer(2);
    b.booster_name = std::string(s.text(3));
    b.content = std::string(s.text(4));
    b.created_at = std::string(s.text(5));
    return b;
}

} // namespace

int register_schema(cf_ctx* ctx) { return cf::migration(ctx, 1, "create boosts", kV1); }

std::optional<int64_t> reachable_room(cf_ctx* ctx, cf_db* db, int64_t message_id, int64_t user_id) {
    cf::Stmt s(ctx, db,
               "SELECT m.room_id FROM messages m "
               "JOIN memberships ms ON ms.room_id = m.room_id AND ms.user_id = ?2 WHERE m.id = ?1");
    if (!s.bind(1, message_id).bind(2, user_id).row()) return std::nullopt;
    return s.integer(0);
}

std::optional<Boost> load_boost(cf_ctx* ctx, cf_db* db, int64_t message_id, int64_t boost_id) {
    cf::Stmt s(ctx, db, BOOST_SELECT "WHERE b.id = ?2 AND b.message_id = ?1");
    if (!s.bind(1, message_id).bind(2, boost_id).row()) return std::nullopt;
    return read_row(s);
}

std::vector<Boost> load_boosts(cf_ctx* ctx, cf_db* db, int64_t message_id) {
    cf::Stmt s(ctx, db, BOOST_SELECT "WHERE b.message_id = ?1 ORDER BY b.id");
    s.bind(1, message_id);
    std::vector<Boost> out;
    while (s.row()) out.push_back(read_row(s));
    return out;
}

std::vector<Boost> load_boosts_of(cf_ctx* ctx, cf_db* db, const std::vector<int64_t>& message_ids) {
    std::vector<Boost> out;
    if (message_ids.empty()) return out;
    cf::Json ids;
    ids.arr([&] {
        for (int64_t id : message_ids) ids.num(id);
    });
    cf::Stmt s(ctx, db, BOOST_SELECT "WHERE b.message_id IN (SELECT value FROM json_each(?1)) ORDER BY b.message_id, b.id");
    s.bind(1, ids.text());
    while (s.row()) out.push_back(read_row(s));
    return out;
}

#undef BOOST_SELECT

Counts count_boosts(cf_ctx* ctx, cf_db* db, int64_t message_id, int64_t booster_id) {
    cf::Stmt s(ctx, db, "SELECT count(*), count(CASE WHEN booster_id = ?2 THEN 1 END) FROM boosts WHERE message_id = ?1");
    if (!s.bind(1, message_id).bind(2, booster_id).row()) return {};
    return Counts{s.integer(0), s.integer(1)};
}

void write_boost(cf::Json& j, const Boost& b, std::optional<int64_t> room_id) {
    j.obj([&] {
        j.key("id").num(b.id);
        j.key("message_id").num(b.message_id);
        if (room_id) j.key("room_id").num(*room_id);
        j.key("content").str(b.content);
        j.key("booster").obj([&] { j.key("id").num(b.booster_id).key("name").str(b.booster_name); });
        j.key("created_at").str(b.created_at);
    });
}

std::string boost_json(const Boost& b, std::optional<int64_t> room_id) {
    cf::Json j;
    write_boost(j, b, room_id);
    return std::string(j.text());
}

} // namespace boosts
