// Live sidebar events, one user at a time: Campfire's per-user Turbo broadcasts of the sidebar
// (CAMPFIRE.md §3: room created, updated, destroyed, involvement into or out of invisible), sent
// with cf_event_send_user after the write that caused them is durable. They are ephemeral: a
// client that reconnects reloads GET /users/me/sidebar instead of replaying them.
//   sidebar.room_added    the room appeared in your sidebar (created, granted, made visible)
//   sidebar.room_updated  renamed, converted, members changed, or your involvement changed
//   sidebar.room_removed  deleted, your membership revoked, or you made it invisible
// Each carries the room JSON as that member sees it (a direct room named from their side; with
// their involvement and unread, except in room_removed when the membership is already gone).
#pragma once

#include "room_store.hpp"
#include "write.hpp"

#include <campfire/plugin.hpp>

#include <optional>
#include <vector>

namespace rooms {

inline constexpr const char* kSidebarAdded = "sidebar.room_added";
inline constexpr const char* kSidebarUpdated = "sidebar.room_updated";
inline constexpr const char* kSidebarRemoved = "sidebar.room_removed";

// Who gets a sidebar event, with their membership as it is after the change (nullopt: gone).
struct Recipient {
    int64_t user_id = 0;
    std::optional<Membership> mine;
};

// The room's members whose involvement is not "invisible" (the rooms their sidebar shows).
std::vector<Recipient> visible_members(cf_ctx* ctx, cf_db* db, int64_t room_id);

// Inside a write: queues `type` for each recipient, sent once the write has committed. `members`
// (all of the room's members) names a direct room; shared rooms ignore it.
void queue_sidebar_event(cf_ctx* ctx, Outcome& out, const char* type, const Room& room,
                         std::vector<Member> members, std::vector<Recipient> to);

// Sends it now (callers that are already past the commit, such as NOTIFY hooks).
void send_sidebar_event(cf_ctx* ctx, const char* type, const Room& room, const std::vector<Member>& members,
                        const std::vector<Recipient>& to);

} // namespace rooms
