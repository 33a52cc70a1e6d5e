// The write-then-reply pattern every mutating route uses: the request handler validates what it
// can on its read connection, then queues `run` on the single writer thread. `run` re-checks
// whatever could have changed meanwhile (membership, existence) — on the writer that is race-free —
// and fills an Outcome. The HTTP reply goes out from the completion callback, only after commit.
#pragma once

#include <campfire/plugin.hpp>

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

// What `run` decided. An error wins over everything; a success body is sent only if the
// transaction committed.
struct Outcome {
    int http = 200;
    std::string body;                               // JSON, empty for 204
    std::string error;                              // non-empty: reply http + {"error": error}
    std::vector<std::pair<int64_t, int64_t>> leave; // (room, user) to cut off the live stream after commit
    std::vector<std::function<void()>> after_commit; // ephemeral sends (sidebar events), once durable

    int fail(int status, std::string message) {
        http = status;
        error = std::move(message);
        return CF_ERR_ARG; // rolls this request's savepoint back
    }
};

// Queues `run(cf_db* txn, Outcome&) -> int` and answers `reply` once the write is durable.
template <class Run>
void write_then_reply(cf_ctx* ctx, cf::Reply reply, Run run) {
    auto held = std::make_shared<cf::Reply>(std::move(reply));
    auto out = std::make_shared<Outcome>();
    int rc = cf::write(
        ctx, [out, run = std::move(run)](cf_db* txn) mutable { return run(txn, *out); },
        [ctx, out, held](int status) {
            if (!out->error.empty()) return held->error(out->http, out->error.c_str());
            if (status != CF_OK) {
                const char* why = cf_error(ctx);
                cf::log(ctx, CF_LOG_ERROR, std::string("rooms: write failed: ") + (why ? why : "?"));
                return held->error(status == CF_ERR_BUSY ? 503 : 500, "could not save; try again");
            }
            for (auto [room, user] : out->leave) cf_room_leave(ctx, room, user);
            for (auto& send : out->after_commit) send();
            if (out->http == 204) return held->no_content();
            held->json(out->http, out->body);
        });
    if (rc != CF_OK) held->error(rc == CF_ERR_BUSY ? 503 : 500, "the server is busy; try again");
}

} // namespace rooms
