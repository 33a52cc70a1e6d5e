// Rendering and sending the per-user sidebar events (see sidebar_notices.hpp). Rendering happens
// on the completion thread, not in the writer's transaction: an open room with thousands of
// members costs the writer only the membership query.
#include "sidebar_notices.hpp"

#include <memory>

namespace rooms {

std::vector<Recipient> visible_members(cf_ctx* ctx, cf_db* db, int64_t room_id) {
    cf::Stmt s(ctx, db,
               "SELECT user_id, involvement, unread_at IS NOT NULL FROM memberships "
               "WHERE room_id = ?1 AND involvement <> 'invisible' ORDER BY user_id");
    s.bind(1, room_id);
    std::vector<Recipient> out;
    while (s.row()) out.push_back(Recipient{s.integer(0), Membership{std::string(s.text(1)), s.integer(2) != 0}});
    return out;
}

void send_sidebar_event(cf_ctx* ctx, const char* type, const Room& room, const std::vector<Member>& members,
                        const std::vector<Recipient>& to) {
    for (const auto& r : to) {
        cf::Json j;
        j.obj([&] { write_room(j, room, members, r.user_id, r.mine); });
        cf_event_send_user(ctx, r.user_id, type, cf::str(j.text()));
    }
}

void queue_sidebar_event(cf_ctx* ctx, Outcome& out, const char* type, const Room& room,
                         std::vector<Member> members, std::vector<Recipient> to) {
    if (to.empty()) return;
    if (!room.direct()) members.clear(); // only direct rooms are named after their members
    out.after_commit.emplace_back(
        [ctx, type, room, members = std::make_shared<const std::vector<Member>>(std::move(members)),
         to = std::make_shared<const std::vector<Recipient>>(std::move(to))] {
            send_sidebar_event(ctx, type, room, *members, *to);
        });
}

} // namespace rooms
