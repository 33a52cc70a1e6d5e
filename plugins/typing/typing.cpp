// typing: Campfire's TypingNotificationsChannel. A member sends {"type":"typing.start","room_id":N}
// or "typing.stop"; the room's subscribers get the ephemeral typing.started / typing.stopped
// {"room_id":N,"user":{"id","name"}}. Like Campfire, a start is announced at most once a second per
// user and room (the client throttles to 1 s; we enforce it), and a typer silent for 5 s is
// announced as stopped by a reaper thread (every 500 ms), so a dead tab never leaves a stuck
// indicator. Memory only, bounded (tracker.hpp). Non-members and bad input get an "error" frame on
// their own socket and nothing is broadcast. Disabling the plugin forgets every typer.
#include "tracker.hpp"

#include <campfire/plugin.hpp>

#include <condition_variable>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <thread>

namespace {

using namespace std::chrono_literals;

// Broadcasts happen under g_mu, so a start and a stop handled on two workers at once reach the
// room in the order they changed the tracker (a stale "started" can never follow its "stopped").
std::mutex g_mu;
std::condition_variable_any g_wake;
typing::Tracker g_tracker;
bool g_enabled = true;
std::optional<std::jthread> g_reaper;

void announce(cf_ctx* ctx, const char* type, int64_t room, int64_t user, std::string_view name) {
    cf::Json j;
    j.obj([&] {
        j.key("room_id").num(room);
        j.key("user").obj([&] { j.key("id").num(user).key("name").str(name); });
    });
    cf_event_send_room(ctx, room, type, cf::str(j.text()));
}

void refuse(cf_ctx* ctx, uint64_t socket, std::string_view why) {
    cf::Json j;
    j.obj([&] { j.key("error").str(why); });
    cf_socket_send(ctx, socket, "error", cf::str(j.text()));
}

std::optional<int64_t> room_of(std::string_view json) {
    rapidjson::Document doc;
    if (!cf::parse_json(doc, json) || !doc.IsObject()) return std::nullopt;
    auto it = doc.FindMember("room_id");
    if (it == doc.MemberEnd() || !it->value.IsInt64() || it->value.GetInt64() <= 0) return std::nullopt;
    return it->value.GetInt64();
}

// An active user with a membership row (the rooms plugin's table; absent table = nobody).
bool may_type(cf_ctx* ctx, const cf_user& who, int64_t room) {
    if (who.status != CF_STATUS_ACTIVE) return false;
    cf_db* db = cf_db_reader(ctx);
    if (!db) return false;
    cf::Stmt s(ctx, db, "SELECT 1 FROM memberships WHERE room_id = ?1 AND user_id = ?2");
    return s && s.bind(1, room).bind(2, who.id).row();
}

// Checks the message and the sender; the room on success, else answers the socket.
std::optional<int64_t> checked_room(cf_ctx* ctx, const cf_user& who, uint64_t socket, std::string_view json) {
    auto room = room_of(json);
    if (!room) {
        refuse(ctx, socket, "room_id must be a positive integer");
        return std::nullopt;
    }
    if (!may_type(ctx, who, *room)) {
        refuse(ctx, socket, "not a member");
        return std::nullopt;
    }
    return room;
}

void on_start(cf_ctx* ctx, const cf_user& who, uint64_t socket, std::string_view json) {
    auto room = checked_room(ctx, who, socket, json);
    if (!room) return;
    std::string name(cf::view(who.name));
    std::lock_guard lock(g_mu);
    if (!g_enabled) return refuse(ctx, socket, "typing is disabled");
    auto result = g_tracker.start(*room, who.id, name, typing::Clock::now());
    if (result == typing::Tracker::Start::Full) return refuse(ctx, socket, "too many people typing; try again");
    if (result == typing::Tracker::Start::Announce) announce(ctx, "typing.started", *room, who.id, name);
}

void on_stop(cf_ctx* ctx, const cf_user& who, uint64_t socket, std::string_view json) {
    auto room = checked_room(ctx, who, socket, json);
    if (!room) return;
    std::lock_guard lock(g_mu);
    if (g_tracker.stop(*room, who.id)) announce(ctx, "typing.stopped", *room, who.id, cf::view(who.name));
}

// Every 500 ms: announce and forget typers not refreshed within 5 s.
void reap(std::stop_token stop, cf_ctx* ctx) {
    while (!stop.stop_requested()) {
        std::unique_lock lock(g_mu);
        g_wake.wait_for(lock, stop, 500ms, [] { return false; });
        if (stop.stop_requested()) return;
        try {
            for (const auto& t : g_tracker.expire(typing::Clock::now()))
                announce(ctx, "typing.stopped", t.room_id, t.user_id, t.name);
        } catch (...) {
            cf::log(ctx, CF_LOG_ERROR, "typing: reaper failed a pass");
        }
    }
}

int init(cf_ctx* ctx) {
    auto start = [ctx](const cf_user& u, uint64_t s, std::string_view j) { on_start(ctx, u, s, j); };
    auto stop = [ctx](const cf_user& u, uint64_t s, std::string_view j) { on_stop(ctx, u, s, j); };
    if (int rc = cf::channel(ctx, "typing.start", start); rc != CF_OK) return rc;
    if (int rc = cf::channel(ctx, "typing.stop", stop); rc != CF_OK) return rc;
    g_reaper.emplace([ctx](std::stop_token st) { reap(st, ctx); });
    return CF_OK;
}

void unload(cf_ctx*) {
    g_reaper.reset(); // request_stop wakes the wait; join
    std::lock_guard lock(g_mu);
    g_tracker.clear();
    cf::registry().clear();
}

void on_enable(cf_ctx*, int enabled) {
    std::lock_guard lock(g_mu);
    g_enabled = enabled != 0;
    if (!g_enabled) g_tracker.clear();
}

} // namespace

CF_PLUGIN("typing", "1.0.0", "Typing indicators: ephemeral typing.started / typing.stopped", init, unload, on_enable)
