// The WebSocket side of the kernel against the real binary: handshake auth and Origin,
// membership-checked subscriptions, replay after a reconnect (edits and deletions included),
// and a plugin switched off and on while a socket stays open.
#include "tests/support/support.h"

#include <gtest/gtest.h>

#include <string>

namespace cf::test {
namespace {

using namespace std::chrono_literals;

std::string subscribe(int64_t room, std::optional<int64_t> since = std::nullopt) {
    std::string s = R"({"type":"subscribe","room_id":)" + std::to_string(room);
    if (since) s += ",\"since\":" + std::to_string(*since);
    return s + "}";
}

int64_t post(HttpClient& http, int64_t room, const std::string& body) {
    auto r = http.post("/rooms/" + std::to_string(room) + "/messages", R"({"message":{"body":")" + body + R"("}})");
    EXPECT_EQ(r.status, 201) << r.body;
    auto j = r.json();
    return j.HasMember("id") ? j["id"].GetInt64() : j["message"]["id"].GetInt64();
}

class Cable : public ::testing::Test {
protected:
    void SetUp() override {
        first_run(admin);
        room = room_id(admin);
    }
    std::string origin() const { return "http://127.0.0.1:" + std::to_string(server.port()); }
    bool open(WsClient& ws, HttpClient& who) {
        if (!ws.connect(server.cable_port(), who.cookie_header(), origin())) return false;
        return ws.wait_for("welcome", 3s).has_value();
    }

    ServerProcess server;
    HttpClient admin{server.port()};
    int64_t room = 0;
};

TEST_F(Cable, HandshakeNeedsASessionAndOurOrigin) {
    WsClient anonymous;
    int status = 0;
    EXPECT_FALSE(anonymous.connect(server.cable_port(), "", origin(), &status));
    EXPECT_EQ(status, 401);
    WsClient forged;
    EXPECT_FALSE(forged.connect(server.cable_port(), "session_token=abc--def", origin(), &status));
    EXPECT_EQ(status, 401);
    WsClient foreign;
    EXPECT_FALSE(foreign.connect(server.cable_port(), admin.cookie_header(), "https://evil.example.com", &status));
    EXPECT_EQ(status, 403);
    WsClient ok;
    EXPECT_TRUE(ok.connect(server.cable_port(), admin.cookie_header(), origin(), &status));
    EXPECT_EQ(status, 101);
    auto welcome = ok.wait_for("welcome", 3s);
    ASSERT_TRUE(welcome);
    EXPECT_GE((*welcome)["user_id"].GetInt64(), 1);
}

TEST_F(Cable, LiveMessagesReachSubscribedMembersOnly) {
    HttpClient bea(server.port());
    sign_up(admin, bea, "Bea", "bea@example.com");
    WsClient a, b, idle;
    ASSERT_TRUE(open(a, admin));
    ASSERT_TRUE(open(b, bea));
    ASSERT_TRUE(open(idle, bea)); // connected but not subscribed
    a.send_text(subscribe(room));
    b.send_text(subscribe(room));
    ASSERT_TRUE(a.wait_for("subscribed", 3s));
    ASSERT_TRUE(b.wait_for("subscribed", 3s));
    int64_t id = post(bea, room, "hello both");
    for (WsClient* ws : {&a, &b}) {
        auto ev = ws->wait_for("message.created", 3s);
        ASSERT_TRUE(ev);
        EXPECT_EQ((*ev)["room_id"].GetInt64(), room);
        EXPECT_GT((*ev)["event_id"].GetInt64(), 0);
        EXPECT_EQ((*ev)["data"]["message"]["id"].GetInt64(), id); // {"room":{..},"message":{..}}
        EXPECT_STREQ((*ev)["data"]["message"]["body"].GetString(), "hello both");
    }
    EXPECT_FALSE(idle.wait_for("message.created", 300ms));
}

TEST_F(Cable, NonMembersCannotSubscribeToAClosedRoom) {
    HttpClient bea(server.port());
    sign_up(admin, bea, "Bea", "bea@example.com");
    auto created = admin.post("/rooms/closeds", R"({"room":{"name":"Secret"},"user_ids":[]})");
    ASSERT_EQ(created.status, 201) << created.body;
    auto j = created.json();
    int64_t secret = j.HasMember("room") ? j["room"]["id"].GetInt64() : j["id"].GetInt64();
    WsClient ws;
    ASSERT_TRUE(open(ws, bea));
    ws.send_text(subscribe(secret));
    auto err = ws.wait_for("error", 3s);
    ASSERT_TRUE(err);
    EXPECT_EQ((*err)["room_id"].GetInt64(), secret);
    post(admin, secret, "for members only");
    EXPECT_FALSE(ws.wait_for("message.created", 500ms));
    // A room that does not exist looks the same.
    ws.send_text(subscribe(999999));
    auto missing = ws.wait_for("error", 3s);
    ASSERT_TRUE(missing);
    EXPECT_STREQ((*missing)["error"].GetString(), (*err)["error"].GetString());
}

TEST_F(Cable, ReconnectReplaysWhatWasMissedIncludingEditsAndDeletions) {
    WsClient first;
    ASSERT_TRUE(open(first, admin));
    first.send_text(subscribe(room));
    ASSERT_TRUE(first.wait_for("subscribed", 3s));
    int64_t kept = post(admin, room, "before");
    auto seen = first.wait_for("message.created", 3s);
    ASSERT_TRUE(seen);
    int64_t last_seen = (*seen)["event_id"].GetInt64();
    first.close();

    // While away: a new message, an edit and a deletion.
    int64_t gone = post(admin, room, "while away");
    std::string base = "/rooms/" + std::to_string(room) + "/messages/";
    ASSERT_EQ(admin.put(base + std::to_string(kept), R"({"message":{"body":"before, edited"}})").status, 200);
    ASSERT_EQ(admin.del(base + std::to_string(gone)).status, 204);

    WsClient second;
    ASSERT_TRUE(open(second, admin));
    second.send_text(subscribe(room, last_seen));
    std::vector<std::string> types;
    int64_t previous = last_seen;
    for (int i = 0; i < 3; ++i) {
        auto text = second.recv_text(3s);
        ASSERT_TRUE(text);
        rapidjson::Document d;
        d.Parse(text->c_str());
        ASSERT_TRUE(d.HasMember("event_id")) << *text;
        EXPECT_GT(d["event_id"].GetInt64(), previous); // in order, nothing twice
        previous = d["event_id"].GetInt64();
        types.emplace_back(d["type"].GetString());
        if (types.back() == "message.deleted") {
            EXPECT_EQ(d["data"]["id"].GetInt64(), gone);
        }
        if (types.back() == "message.updated") {
            EXPECT_STREQ(d["data"]["body"].GetString(), "before, edited");
        }
    }
    EXPECT_EQ(types, (std::vector<std::string>{"message.created", "message.updated", "message.deleted"}));
    auto live = second.wait_for("subscribed", 3s);
    ASSERT_TRUE(live);
    EXPECT_EQ((*live)["last_event_id"].GetInt64(), previous);
}

TEST_F(Cable, APluginSwitchedOffAnswers404WhileSocketsStayOpen) {
    WsClient ws;
    ASSERT_TRUE(open(ws, admin));
    ws.send_text(subscribe(room));
    ASSERT_TRUE(ws.wait_for("subscribed", 3s));

    auto off = admin.put("/api/plugins/rooms", R"({"enabled":false})");
    ASSERT_EQ(off.status, 200) << off.body;
    EXPECT_FALSE(off.json()["plugin"]["enabled"].GetBool());
    EXPECT_EQ(admin.get("/rooms").status, 404);
    EXPECT_FALSE(admin.get("/api/features").json()["features"]["rooms"]["enabled"].GetBool());
    ws.send_text(R"({"type":"ping"})");
    EXPECT_TRUE(ws.wait_for("pong", 3s)); // the socket is still open
    EXPECT_FALSE(ws.closed());

    ASSERT_EQ(admin.put("/api/plugins/rooms", R"({"enabled":true})").status, 200);
    EXPECT_EQ(admin.get("/rooms").status, 200);
    post(admin, room, "back again");
    EXPECT_TRUE(ws.wait_for("message.created", 3s)); // the same socket, still subscribed
}

TEST_F(Cable, OnlyAdministratorsSwitchPluginsAndTheChoiceSurvivesARestart) {
    HttpClient bea(server.port());
    sign_up(admin, bea, "Bea", "bea@example.com");
    EXPECT_EQ(bea.put("/api/plugins/rooms", R"({"enabled":false})").status, 403);
    EXPECT_EQ(admin.put("/api/plugins/nope", R"({"enabled":false})").status, 404);
    EXPECT_EQ(admin.put("/api/plugins/rooms", R"({"enabled":"no"})").status, 422);
    ASSERT_EQ(admin.put("/api/plugins/rooms", R"({"enabled":false})").status, 200);
    server.stop();
    server.start();
    EXPECT_EQ(admin.get("/rooms").status, 404);
}

TEST_F(Cable, BadFramesGetTheRightCloseCodes) {
    struct Case {
        std::string bytes;
        int code;
    };
    // Unmasked client frame -> 1002; invalid UTF-8 text -> 1007; 70 KB message -> 1009.
    std::string unmasked = std::string("\x81\x02", 2) + "hi";
    std::string bad_utf8 = std::string("\x81\x82\x00\x00\x00\x00\xC3\x28", 8);
    std::string huge = std::string("\x81\xFF", 2);
    uint64_t len = 70 * 1024;
    for (int i = 7; i >= 0; --i) huge.push_back(static_cast<char>((len >> (8 * i)) & 0xFF));
    huge += std::string("\0\0\0\0", 4) + std::string(len, 'a');
    for (const auto& c : {Case{unmasked, 1002}, Case{bad_utf8, 1007}, Case{huge, 1009}}) {
        WsClient ws;
        ASSERT_TRUE(open(ws, admin));
        ws.send_raw(c.bytes);
        for (int i = 0; i < 20 && !ws.closed(); ++i) ws.recv_text(200ms);
        EXPECT_EQ(ws.close_code(), c.code);
    }
    // The server is still fine.
    EXPECT_EQ(admin.get("/up").status, 200);
}

} // namespace
} // namespace cf::test
