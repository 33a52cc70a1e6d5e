// The typing plugin against the real binary: a member's typing.start reaches the room with the
// typer's name, typing.stop is announced, a silent typer expires by itself after 5 s, starts are
// throttled to one a second, and non-members, bad input and a disabled plugin broadcast nothing.
#include "tests/support/support.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

namespace cf::test {
namespace {

using namespace std::chrono_literals;

std::string msg(const char* type, int64_t room) {
    return std::string(R"({"type":")") + type + R"(","room_id":)" + std::to_string(room) + "}";
}

// Counts messages of `type` arriving within `window`.
int count(WsClient& ws, std::string_view type, std::chrono::milliseconds window) {
    int n = 0;
    auto end = std::chrono::steady_clock::now() + window;
    while (true) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now());
        if (left <= 0ms) return n;
        auto ev = ws.wait_for(type, left);
        if (!ev) return n;
        ++n;
    }
}

class Typing : public ::testing::Test {
protected:
    void SetUp() override {
        first_run(admin);
        sign_up(admin, bea, "Bea", "bea@example.com");
        room = room_id(admin);
        ASSERT_TRUE(open(watcher, admin));
        ASSERT_TRUE(open(typer, bea));
    }
    bool open(WsClient& ws, HttpClient& who) {
        if (!ws.connect(server.cable_port(), who.cookie_header(), "http://127.0.0.1:" + std::to_string(server.port())))
            return false;
        return ws.wait_for("welcome", 3s).has_value();
    }
    static bool subscribe(WsClient& ws, int64_t r) {
        ws.send_text(msg("subscribe", r));
        return ws.wait_for("subscribed", 3s).has_value();
    }
    static void expect_typer(const rapidjson::Document& ev, int64_t r, const char* name) {
        EXPECT_EQ(ev["room_id"].GetInt64(), r);
        ASSERT_TRUE(ev.HasMember("data") && ev["data"].IsObject());
        EXPECT_EQ(ev["data"]["room_id"].GetInt64(), r);
        EXPECT_GT(ev["data"]["user"]["id"].GetInt64(), 0);
        EXPECT_STREQ(ev["data"]["user"]["name"].GetString(), name);
    }

    ServerProcess server;
    HttpClient admin{server.port()};
    HttpClient bea{server.port()};
    WsClient watcher, typer;
    int64_t room = 0;
};

TEST_F(Typing, MemberSeesStartedWithTheTypersName) {
    ASSERT_TRUE(subscribe(watcher, room));
    typer.send_text(msg("typing.start", room));
    auto ev = watcher.wait_for("typing.started", 3s);
    ASSERT_TRUE(ev);
    expect_typer(*ev, room, "Bea");
    EXPECT_FALSE(ev->HasMember("event_id")); // ephemeral, not stored
}

TEST_F(Typing, StopIsAnnounced) {
    ASSERT_TRUE(subscribe(watcher, room));
    typer.send_text(msg("typing.start", room));
    ASSERT_TRUE(watcher.wait_for("typing.started", 3s));
    typer.send_text(msg("typing.stop", room));
    auto ev = watcher.wait_for("typing.stopped", 3s);
    ASSERT_TRUE(ev);
    expect_typer(*ev, room, "Bea");
}

TEST_F(Typing, SilentTyperExpiresAfterFiveSeconds) {
    ASSERT_TRUE(subscribe(watcher, room));
    typer.send_text(msg("typing.start", room));
    ASSERT_TRUE(watcher.wait_for("typing.started", 3s));
    auto t0 = std::chrono::steady_clock::now();
    auto ev = watcher.wait_for("typing.stopped", 7s); // the tab "died": no stop is ever sent
    ASSERT_TRUE(ev);
    expect_typer(*ev, room, "Bea");
    EXPECT_GE(std::chrono::steady_clock::now() - t0, 4s);
}

TEST_F(Typing, StartsAreThrottledToOneASecond) {
    ASSERT_TRUE(subscribe(watcher, room));
    for (int i = 0; i < 5; ++i) typer.send_text(msg("typing.start", room));
    EXPECT_EQ(count(watcher, "typing.started", 700ms), 1);
    std::this_thread::sleep_for(400ms); // now more than 1 s after the first
    typer.send_text(msg("typing.start", room));
    EXPECT_EQ(count(watcher, "typing.started", 1s), 1);
}

TEST_F(Typing, NonMemberCannotTypeIntoAClosedRoom) {
    auto created = admin.post("/rooms/closeds", R"({"room":{"name":"Secret"},"user_ids":[]})");
    ASSERT_EQ(created.status, 201) << created.body;
    int64_t secret = created.json()["id"].GetInt64();
    ASSERT_TRUE(subscribe(watcher, secret));
    typer.send_text(msg("typing.start", secret));
    EXPECT_TRUE(typer.wait_for("error", 3s));
    EXPECT_FALSE(watcher.wait_for("typing.started", 1500ms));
    watcher.send_text(msg("typing.start", secret)); // control: a member's start does arrive
    auto ev = watcher.wait_for("typing.started", 3s);
    ASSERT_TRUE(ev);
    expect_typer(*ev, secret, "Admin");
}

TEST_F(Typing, BadInputIsRefusedAndNothingIsBroadcast) {
    ASSERT_TRUE(subscribe(watcher, room));
    for (const char* bad : {R"({"type":"typing.start"})", R"({"type":"typing.start","room_id":"1"})",
                            R"({"type":"typing.start","room_id":1.5})", R"({"type":"typing.start","room_id":-1})",
                            R"({"type":"typing.start","room_id":99999999})", R"({"type":"typing.stop","room_id":[]})"}) {
        typer.send_text(bad);
        EXPECT_TRUE(typer.wait_for("error", 3s)) << bad;
    }
    EXPECT_FALSE(watcher.wait_for("typing.started", 1s));
    typer.send_text(msg("typing.start", room)); // still alive and working
    EXPECT_TRUE(watcher.wait_for("typing.started", 3s));
}

TEST_F(Typing, DisabledPluginRefusesAndBroadcastsNothing) {
    ASSERT_TRUE(subscribe(watcher, room));
    ASSERT_EQ(admin.put("/api/plugins/typing", R"({"enabled":false})").status, 200);
    typer.send_text(msg("typing.start", room));
    auto err = typer.wait_for("error", 3s);
    ASSERT_TRUE(err);
    EXPECT_FALSE(watcher.wait_for("typing.started", 1500ms));
    ASSERT_EQ(admin.put("/api/plugins/typing", R"({"enabled":true})").status, 200);
    typer.send_text(msg("typing.start", room)); // control: back on, the same sockets work again
    EXPECT_TRUE(watcher.wait_for("typing.started", 3s));
}

}  // namespace
}  // namespace cf::test
