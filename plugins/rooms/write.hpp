// The rooms plugin's side of the SDK's write-then-reply (campfire/write_reply.hpp): the acting
// user copied for the writer thread, and an Outcome that also remembers revoked members
// (routes call cf::write_then_reply<Outcome>).
#pragma once

#include <campfire/plugin.hpp>
#include <campfire/write_reply.hpp>

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace rooms {

// A copy of the acting user: the cf_user a handler receives is borrowed for the handler only,
// but `run` executes later on the writer thread and hooks there still need the actor.
struct Actor {
    int64_t id = 0;
    int role = CF_ROLE_MEMBER;
    int status = CF_STATUS_ACTIVE;
    std::string name;

    static Actor from(const cf_user& u) { return Actor{u.id, u.role, u.status, std::string(cf::view(u.name))}; }
    bool admin() const { return role == CF_ROLE_ADMIN; }
    cf_user view() const { return cf_user{sizeof(cf_user), id, role, status, cf::str(name)}; }
};

// The SDK's outcome, plus the (room, user) pairs a revision revoked: the after-commit step that cuts
// each off the live stream is queued with it, and the sidebar notices read the list.
struct Outcome : cf::Outcome {
    std::vector<std::pair<int64_t, int64_t>> leave;

    void revoke_live(cf_ctx* ctx, int64_t room, int64_t user) {
        leave.emplace_back(room, user);
        after_commit.push_back([ctx, room, user] { cf_room_leave(ctx, room, user); });
    }
};

} // namespace rooms
