// SQL and JSON for rooms and memberships (see room_store.hpp). Mirrors Campfire's Room,
// Rooms::Open/Closed/Direct and Membership models: grants use "mentions" by default, direct rooms
// "everything"; deleting a room removes its memberships and messages.
#include "room_store.hpp"

#include <campfire/plugin.hpp>

namespace rooms {
namespace {

constexpr const char* kRoomColumns =
    "SELECT id, name, type, creator_id, created_at, updated_at, last_message_at FROM rooms WHERE id = ?1";

std::optional<std::string> opt_text(cf::Stmt& s, int col) {
    if (s.is_null(col)) return std::nullopt;
    return std::string(s.text(col));
}

// A room from columns id, name, type, creator_id, created_at, updated_at, last_message_at.
Room read_room(cf::Stmt& s) {
    Room r;
    r.id = s.integer(0);
    r.name = opt_text(s, 1);
    r.type = std::string(s.text(2));
    r.creator_id = s.integer(3);
    r.created_at = std::string(s.text(4));
    r.updated_at = std::string(s.text(5));
    r.last_message_at = opt_text(s, 6);
    return r;
}

void write_opt(cf::Json& j, const std::optional<std::string>& v) {
    if (v) j.str(*v);
    else j.null();
}

} // namespace

std::optional<Room> load_room(cf_ctx* ctx, cf_db* db, int64_t room_id) {
    cf::Stmt s(ctx, db, kRoomColumns);
    s.bind(1, room_id);
    if (!s.row()) return std::nullopt;
    return read_room(s);
}

std::optional<Membership> load_membership(cf_ctx* ctx, cf_db* db, int64_t room_id, int64_t user_id) {
    cf::Stmt s(ctx, db, "SELECT involvement, unread_at IS NOT NULL FROM memberships WHERE room_id = ?1 AND user_id = ?2");
    s.bind(1, room_id).bind(2, user_id);
    if (!s.row()) return std::nullopt;
    return Membership{std::string(s.text(0)), s.integer(1) != 0};
}

std::vector<Member> load_members(cf_ctx* ctx, cf_db* db, int64_t room_id) {
    cf::Stmt s(ctx, db,
               "SELECT u.id, u.name, m.involvement FROM memberships m JOIN users u ON u.id = m.user_id "
               "WHERE m.room_id = ?1 ORDER BY lower(u.name), u.id");
    s.bind(1, room_id);
    std::vector<Member> out;
    while (s.row()) out.push_back(Member{s.integer(0), std::string(s.text(1)), std::string(s.text(2))});
    return out;
}

std::vector<ListedRoom> load_visible_rooms(cf_ctx* ctx, cf_db* db, int64_t user_id) {
    cf::Stmt s(ctx, db,
               "SELECT r.id, r.name, r.type, r.creator_id, r.created_at, r.updated_at, r.last_message_at, "
               "m.involvement, m.unread_at IS NOT NULL FROM memberships m JOIN rooms r ON r.id = m.room_id "
               "WHERE m.user_id = ?1 AND m.involvement <> 'invisible' "
               "ORDER BY r.type = 'direct', lower(r.name), r.updated_at DESC, r.id DESC");
    s.bind(1, user_id);
    std::vector<ListedRoom> out;
    while (s.row()) out.push_back(ListedRoom{read_room(s), Membership{std::string(s.text(7)), s.integer(8) != 0}});
    return out;
}

std::map<int64_t, std::vector<Member>> load_direct_members(cf_ctx* ctx, cf_db* db, int64_t user_id) {
    cf::Stmt s(ctx, db,
               "SELECT o.room_id, u.id, u.name, o.involvement FROM memberships m "
               "JOIN rooms r ON r.id = m.room_id AND r.type = 'direct' "
               "JOIN memberships o ON o.room_id = m.room_id JOIN users u ON u.id = o.user_id "
               "WHERE m.user_id = ?1 AND m.involvement <> 'invisible' ORDER BY o.room_id, lower(u.name), u.id");
    s.bind(1, user_id);
    std::map<int64_t, std::vector<Member>> out;
    while (s.row()) out[s.integer(0)].push_back(Member{s.integer(1), std::string(s.text(2)), std::string(s.text(3))});
    return out;
}

std::string to_sentence(const std::vector<std::string>& names) {
    if (names.empty()) return {};
    if (names.size() == 1) return names[0];
    if (names.size() == 2) return names[0] + " and " + names[1];
    std::string out;
    for (size_t i = 0; i + 1 < names.size(); ++i) out += names[i] + ", ";
    return out + "and " + names.back();
}

std::string direct_name(const std::vector<Member>& members, int64_t viewer_id) {
    std::vector<std::string> others;
    std::string own;
    for (const auto& m : members) {
        if (m.id == viewer_id) own = m.name;
        else others.push_back(m.name);
    }
    return others.empty() ? own : to_sentence(others);
}

void write_room(cf::Json& j, const Room& room, const std::vector<Member>& members,
                std::optional<int64_t> viewer, const std::optional<Membership>& mine) {
    j.key("id").num(room.id);
    j.key("type").str(room.type);
    j.key("name");
    if (room.direct() && viewer) j.str(direct_name(members, *viewer));
    else write_opt(j, room.name);
    j.key("creator_id").num(room.creator_id);
    j.key("created_at").str(room.created_at);
    j.key("updated_at").str(room.updated_at);
    j.key("last_message_at");
    write_opt(j, room.last_message_at);
    if (mine) {
        j.key("involvement").str(mine->involvement);
        j.key("unread").boolean(mine->unread);
    }
    if (room.direct()) {
        j.key("users").arr([&] {
            for (const auto& m : members) j.obj([&] { j.key("id").num(m.id).key("name").str(m.name); });
        });
    }
}

std::string room_detail_json(cf_ctx* ctx, cf_db* db, const Room& room, int64_t viewer_id) {
    auto members = load_members(ctx, db, room.id);
    auto mine = load_membership(ctx, db, room.id, viewer_id);
    cf::Json j;
    j.obj([&] {
        write_room(j, room, members, viewer_id, mine);
        j.key("members").arr([&] {
            for (const auto& m : members)
                j.obj([&] { j.key("id").num(m.id).key("name").str(m.name).key("involvement").str(m.involvement); });
        });
    });
    return std::string(j.text());
}

int64_t insert_room(cf_ctx* ctx, cf_db* txn, const std::optional<std::string>& name, const char* type,
                    int64_t creator_id, const std::optional<std::string>& direct_key) {
    cf::Stmt s(ctx, txn,
               "INSERT INTO rooms(id, name, type, creator_id, direct_key) "
               "VALUES ((SELECT high + 1 FROM id_high_water WHERE name = 'rooms'), ?1, ?2, ?3, ?4)");
    if (name) s.bind(1, std::string_view(*name));
    else s.bind(1, nullptr);
    s.bind(2, type).bind(3, creator_id);
    if (direct_key) s.bind(4, std::string_view(*direct_key));
    else s.bind(4, nullptr);
    if (s.exec() != CF_OK) return 0;
    return cf_db_last_insert_id(ctx, txn);
}

int grant(cf_ctx* ctx, cf_db* txn, int64_t room_id, int64_t user_id, const char* involvement) {
    cf::Stmt s(ctx, txn,
               "INSERT INTO memberships(room_id, user_id, involvement) VALUES (?1, ?2, ?3) "
               "ON CONFLICT(room_id, user_id) DO NOTHING");
    return s.bind(1, room_id).bind(2, user_id).bind(3, involvement).exec();
}

int grant_every_active_user(cf_ctx* ctx, cf_db* txn, int64_t room_id) {
    // Bots are users too: Campfire's bots join every Open room.
    cf::Stmt s(ctx, txn,
               "INSERT INTO memberships(room_id, user_id) SELECT ?1, id FROM users WHERE status = 0 "
               "ON CONFLICT(room_id, user_id) DO NOTHING");
    return s.bind(1, room_id).exec();
}

int revoke(cf_ctx* ctx, cf_db* txn, int64_t room_id, int64_t user_id) {
    cf::Stmt s(ctx, txn, "DELETE FROM memberships WHERE room_id = ?1 AND user_id = ?2");
    return s.bind(1, room_id).bind(2, user_id).exec();
}

bool user_is_active(cf_ctx* ctx, cf_db* txn, int64_t user_id) {
    cf::Stmt s(ctx, txn, "SELECT 1 FROM users WHERE id = ?1 AND status = 0");
    return s.bind(1, user_id).row();
}

int touch_room(cf_ctx* ctx, cf_db* txn, int64_t room_id) {
    cf::Stmt s(ctx, txn, "UPDATE rooms SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?1");
    return s.bind(1, room_id).exec();
}

int emit_room_event(cf_ctx* ctx, cf_db* txn, const Room& room, const char* type) {
    std::vector<Member> members;
    if (room.direct()) members = load_members(ctx, txn, room.id);
    cf::Json j;
    j.obj([&] { write_room(j, room, members, std::nullopt, std::nullopt); });
    return cf_event_emit(ctx, txn, room.id, type, cf::str(j.text()), nullptr);
}

int delete_room_rows(cf_ctx* ctx, cf_db* txn, int64_t room_id) {
    static constexpr const char* kSteps[] = {
        "DELETE FROM messages WHERE room_id = ?1",
        "DELETE FROM memberships WHERE room_id = ?1",
        "DELETE FROM rooms WHERE id = ?1",
    };
    for (const char* sql : kSteps) {
        cf::Stmt s(ctx, txn, sql);
        if (int rc = s.bind(1, room_id).exec(); rc != CF_OK) return rc;
    }
    return CF_OK;
}

} // namespace rooms
