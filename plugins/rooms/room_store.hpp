// Rooms and memberships in SQL, shared by the routes and hooks: loading, granting, revoking,
// deleting, and the room JSON. Every function takes the cf_db to use, so the same code reads on
// a worker's read connection and inside the writer's transaction.
#pragma once

#include "write.hpp"

#include <campfire/plugin.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rooms {

struct Room {
    int64_t id = 0;
    std::optional<std::string> name; // NULL for direct rooms
    std::string type;                // "open", "closed", "direct"
    int64_t creator_id = 0;
    std::string created_at, updated_at;
    std::optional<std::string> last_message_at;

    bool direct() const { return type == "direct"; }
};

struct Membership {
    std::string involvement;
    bool unread = false;
};

struct Member {
    int64_t id = 0;
    std::string name;
    std::string involvement;
};

std::optional<Room> load_room(cf_ctx* ctx, cf_db* db, int64_t room_id);
std::optional<Membership> load_membership(cf_ctx* ctx, cf_db* db, int64_t room_id, int64_t user_id);
std::vector<Member> load_members(cf_ctx* ctx, cf_db* db, int64_t room_id);

// A room as one member lists it: the room and that member's membership.
struct ListedRoom {
    Room room;
    Membership mine;
};
// The user's rooms except invisible ones: shared rooms by name (case-insensitive), then direct
// rooms by latest activity (updated_at, which every new message touches), newest first.
std::vector<ListedRoom> load_visible_rooms(cf_ctx* ctx, cf_db* db, int64_t user_id);
// The members of each direct room the user sees, by room id: direct rooms are named after them.
std::map<int64_t, std::vector<Member>> load_direct_members(cf_ctx* ctx, cf_db* db, int64_t user_id);

// Campfire's can_administer?: an administrator or the record's creator.
inline bool can_administer(const Room& room, const Actor& actor) {
    return actor.admin() || room.creator_id == actor.id;
}

// "Ann", "Ann and Bob", "Ann, Bob, and Cy" (Rails' to_sentence).
std::string to_sentence(const std::vector<std::string>& names);
// A direct room is named after its other members, or after the viewer for a DM with oneself.
std::string direct_name(const std::vector<Member>& members, int64_t viewer_id);

// The room JSON. `viewer` set: direct rooms get the viewer's display name and the viewer's
// membership fields; unset (events): the stored name (null for direct rooms).
// Direct rooms always carry "users":[{id,name}] so any client can name them.
void write_room(cf::Json& j, const Room& room, const std::vector<Member>& members,
                std::optional<int64_t> viewer, const std::optional<Membership>& mine);
// The room plus "members":[{id,name,involvement}], as the viewer sees it.
std::string room_detail_json(cf_ctx* ctx, cf_db* db, const Room& room, int64_t viewer_id);

// ---- writes: call with the writer's transaction ----
// Returns the new room id, or 0 (see cf_error).
int64_t insert_room(cf_ctx* ctx, cf_db* txn, const std::optional<std::string>& name, const char* type,
                    int64_t creator_id, const std::optional<std::string>& direct_key);
int grant(cf_ctx* ctx, cf_db* txn, int64_t room_id, int64_t user_id, const char* involvement);
int grant_every_active_user(cf_ctx* ctx, cf_db* txn, int64_t room_id);
int revoke(cf_ctx* ctx, cf_db* txn, int64_t room_id, int64_t user_id);
bool user_is_active(cf_ctx* ctx, cf_db* txn, int64_t user_id);
int touch_room(cf_ctx* ctx, cf_db* txn, int64_t room_id);
// Stores a durable room event ("room.created", "room.updated", "room.deleted") with the room JSON.
int emit_room_event(cf_ctx* ctx, cf_db* txn, const Room& room, const char* type);
// Deletes the room with its messages and memberships (explicitly: FK cascades need a pragma).
int delete_room_rows(cf_ctx* ctx, cf_db* txn, int64_t room_id);

} // namespace rooms
