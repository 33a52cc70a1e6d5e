// The boosts plugin against the real binary: create, list and delete with the live
// boost.created / boost.deleted events; only the booster may take a boost back; a message in a
// room you are not in answers exactly like a missing one; content rules (16 code points, not
// blank, no control characters); a message's boosts go with it; the runtime switch; and boosts
// on every message the rooms plugin returns (message.present).
#include "tests/support/support.h"

#include <gtest/gtest.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <string>

namespace cf::test {
namespace {

using namespace std::chrono_literals;

std::string boost_body(std::string_view content) {
    rapidjson::StringBuffer out;
    rapidjson::Writer<rapidjson::StringBuffer> w(out);
    w.StartObject();
    w.Key("boost");
    w.StartObject();
    w.Key("content");
    w.String(content.data(), static_cast<rapidjson::SizeType>(content.size()));
    w.EndObject();
    w.EndObject();
    return out.GetString();
}

std::string repeat(std::string_view s, int times) {
    std::string out;
    for (int i = 0; i < times; ++i) out += s;
    return out;
}

class Boosts : public ::testing::Test {
protected:
    void SetUp() override {
        first_run(admin);
        sign_up(admin, bea, "Bea", "bea@example.com");
        room = room_id(admin);
        message = post_message(admin, room, "boost me");
    }

    static int64_t post_message(HttpClient& who, int64_t in_room, std::string_view body) {
        auto r = who.post("/rooms/" + std::to_string(in_room) + "/messages",
                          std::string(R"({"message":{"body":")") + std::string(body) + "\"}}");
        EXPECT_EQ(r.status, 201) << r.body;
        return r.json()["id"].GetInt64();
    }
    static std::string boosts_path(int64_t message_id) { return "/messages/" + std::to_string(message_id) + "/boosts"; }
    HttpResponse boost(HttpClient& who, std::string_view content, int64_t on = 0) {
        return who.post(boosts_path(on ? on : message), boost_body(content));
    }
    bool watch(WsClient& ws, HttpClient& who) {
        if (!ws.connect(server.cable_port(), who.cookie_header(), "http://127.0.0.1:" + std::to_string(server.port())))
            return false;
        if (!ws.wait_for("welcome", 3s)) return false;
        ws.send_text(R"({"type":"subscribe","room_id":)" + std::to_string(room) + "}");
        return ws.wait_for("subscribed", 3s).has_value();
    }
    size_t count(HttpClient& who, int64_t on) {
        auto r = who.get(boosts_path(on));
        EXPECT_EQ(r.status, 200) << r.body;
        return r.json()["boosts"].Size();
    }

    ServerProcess server;
    HttpClient admin{server.port()};
    HttpClient bea{server.port()};
    int64_t room = 0;
    int64_t message = 0;
};

TEST_F(Boosts, CreateListDeleteWithLiveEvents) {
    WsClient watcher;
    ASSERT_TRUE(watch(watcher, admin));

    auto created = boost(bea, "👍");
    ASSERT_EQ(created.status, 201) << created.body;
    auto b = created.json();
    int64_t id = b["id"].GetInt64();
    EXPECT_GT(id, 0);
    EXPECT_EQ(b["message_id"].GetInt64(), message);
    EXPECT_STREQ(b["content"].GetString(), "👍");
    EXPECT_STREQ(b["booster"]["name"].GetString(), "Bea");
    EXPECT_GT(b["booster"]["id"].GetInt64(), 0);
    EXPECT_EQ(std::string(b["created_at"].GetString()).size(), 24u);

    auto ev = watcher.wait_for("boost.created", 3s);
    ASSERT_TRUE(ev);
    EXPECT_TRUE((*ev)["event_id"].IsInt64()); // stored in the room's stream: replayable
    const auto& data = (*ev)["data"];
    EXPECT_EQ(data["id"].GetInt64(), id);
    EXPECT_EQ(data["message_id"].GetInt64(), message);
    EXPECT_EQ(data["room_id"].GetInt64(), room);
    EXPECT_STREQ(data["content"].GetString(), "👍");
    EXPECT_STREQ(data["booster"]["name"].GetString(), "Bea");

    ASSERT_EQ(boost(admin, "nice one").status, 201);
    auto listed = bea.get(boosts_path(message));
    ASSERT_EQ(listed.status, 200) << listed.body;
    auto list = listed.json();
    ASSERT_EQ(list["boosts"].Size(), 2u);
    EXPECT_EQ(list["boosts"][0]["id"].GetInt64(), id); // oldest first
    EXPECT_STREQ(list["boosts"][1]["content"].GetString(), "nice one");
    EXPECT_STREQ(list["boosts"][1]["booster"]["name"].GetString(), "Admin");

    auto deleted = bea.del(boosts_path(message) + "/" + std::to_string(id));
    EXPECT_EQ(deleted.status, 204) << deleted.body;
    auto gone = watcher.wait_for("boost.deleted", 3s);
    ASSERT_TRUE(gone);
    EXPECT_EQ((*gone)["data"]["id"].GetInt64(), id);
    EXPECT_EQ((*gone)["data"]["message_id"].GetInt64(), message);
    EXPECT_EQ((*gone)["data"]["room_id"].GetInt64(), room);
    EXPECT_EQ(count(bea, message), 1u);
}

TEST_F(Boosts, OnlyTheBoosterMayDeleteIt) {
    auto created = boost(bea, "🎉");
    ASSERT_EQ(created.status, 201);
    std::string path = boosts_path(message) + "/" + std::to_string(created.json()["id"].GetInt64());
    auto by_admin = admin.del(path); // administrators too: a boost is its booster's
    EXPECT_EQ(by_admin.status, 403) << by_admin.body;
    EXPECT_EQ(count(admin, message), 1u);
    EXPECT_EQ(bea.del(path).status, 204);
    EXPECT_EQ(bea.del(path).status, 404); // already gone
    int64_t other = post_message(admin, room, "another");
    auto again = boost(bea, "🎉");
    ASSERT_EQ(again.status, 201);
    // The boost exists, but not on that message.
    EXPECT_EQ(bea.del(boosts_path(other) + "/" + std::to_string(again.json()["id"].GetInt64())).status, 404);
    EXPECT_EQ(bea.del(boosts_path(message) + "/nope").status, 404);
}

TEST_F(Boosts, NonMembersGetTheSameAnswerAsForAMissingMessage) {
    auto closed = admin.post("/rooms/closeds", R"({"room":{"name":"Secret"},"user_ids":[]})");
    ASSERT_EQ(closed.status, 201) << closed.body;
    int64_t secret = post_message(admin, closed.json()["id"].GetInt64(), "hush");
    auto mine = boost(admin, "🤫", secret);
    ASSERT_EQ(mine.status, 201) << mine.body;
    std::string mine_path = boosts_path(secret) + "/" + std::to_string(mine.json()["id"].GetInt64());

    auto missing = bea.get(boosts_path(999999));
    EXPECT_EQ(missing.status, 404);
    for (const auto& r : {bea.get(boosts_path(secret)), bea.post(boosts_path(secret), boost_body("👀")), bea.del(mine_path)}) {
        EXPECT_EQ(r.status, 404);
        EXPECT_EQ(r.body, missing.body); // nothing tells a hidden message from a missing one
    }
    EXPECT_EQ(bea.get("/messages/abc/boosts").status, 404);
    EXPECT_EQ(bea.get("/messages/-1/boosts").status, 404);
    EXPECT_EQ(count(admin, secret), 1u);

    HttpClient stranger{server.port()}; // signed out
    EXPECT_EQ(stranger.get(boosts_path(message)).status, 401);
}

TEST_F(Boosts, ContentIsAtMostSixteenCharactersAndNotBlank) {
    EXPECT_EQ(boost(bea, "abcdefghijklmnop").status, 201);
    auto too_long = boost(bea, "abcdefghijklmnopq");
    EXPECT_EQ(too_long.status, 422);
    EXPECT_NE(too_long.body.find("16"), std::string::npos) << too_long.body;
    // Characters are code points: 16 four-byte emoji fit, 17 do not.
    EXPECT_EQ(boost(bea, repeat("🔥", 16)).status, 201);
    EXPECT_EQ(boost(bea, repeat("🔥", 17)).status, 422);
    EXPECT_EQ(boost(bea, repeat("é", 16)).status, 201);
    EXPECT_EQ(boost(bea, repeat("é", 17)).status, 422);

    for (const char* blank : {"", "   ", "\u00a0\u3000", "\u200b"}) EXPECT_EQ(boost(bea, blank).status, 422) << blank;
    for (const char* control : {"a\u0007b", "tab\there", "line\nbreak", "\u0085x", "a\u2028b"})
        EXPECT_EQ(boost(bea, control).status, 422) << control;
    EXPECT_EQ(boost(bea, repeat(" ", 300) + "x").status, 422); // bounded before anything else

    auto trimmed = boost(bea, "  yay  ");
    ASSERT_EQ(trimmed.status, 201);
    EXPECT_STREQ(trimmed.json()["content"].GetString(), "yay");
    auto spaced = boost(bea, " " + repeat("a", 16) + " "); // white space around does not count
    EXPECT_EQ(spaced.status, 201) << spaced.body;

    EXPECT_EQ(bea.post(boosts_path(message), R"({"boost":{"content":7}})").status, 400);
    EXPECT_EQ(bea.post(boosts_path(message), R"({"boost":"yay"})").status, 400);
    EXPECT_EQ(bea.post(boosts_path(message), R"({"boost":{}})").status, 422);
    EXPECT_EQ(bea.post(boosts_path(message), "{}").status, 422);
    // A form body, as Campfire's boost form sends it.
    auto form = bea.request("POST", boosts_path(message), "boost%5Bcontent%5D=%F0%9F%91%8F",
                            {{"Content-Type", "application/x-www-form-urlencoded"}});
    ASSERT_EQ(form.status, 201) << form.body;
    EXPECT_STREQ(form.json()["content"].GetString(), "👏");
}

TEST_F(Boosts, OnePersonCannotPileUpBoostsWithoutEnd) {
    for (int i = 0; i < 20; ++i) ASSERT_EQ(boost(bea, "+" + std::to_string(i)).status, 201) << i;
    EXPECT_EQ(boost(bea, "one more").status, 422);
    EXPECT_EQ(boost(admin, "mine").status, 201); // others still can
}

TEST_F(Boosts, AMessagesBoostsGoWithIt) {
    ASSERT_EQ(boost(bea, "bye").status, 201);
    auto del = admin.del("/rooms/" + std::to_string(room) + "/messages/" + std::to_string(message));
    ASSERT_EQ(del.status, 204) << del.body;
    EXPECT_EQ(bea.get(boosts_path(message)).status, 404);
    // The next message gets a new id (the rooms plugin never reuses one) and starts with no boosts.
    int64_t next = post_message(admin, room, "fresh");
    ASSERT_GT(next, message);
    EXPECT_EQ(count(bea, next), 0u);
}

TEST_F(Boosts, BanningSomeoneTakesTheBoostsOfTheirMessages) {
    int64_t beas = post_message(bea, room, "from bea");
    ASSERT_EQ(boost(admin, "👍", beas).status, 201);
    ASSERT_EQ(boost(bea, "👋").status, 201); // on the admin's message
    auto users = admin.get("/account/users");
    int64_t bea_id = 0;
    auto people = users.json(); // kept alive: the loop below borrows from it
    for (const auto& u : people["users"].GetArray())
        if (std::string(u["name"].GetString()) == "Bea") bea_id = u["id"].GetInt64();
    ASSERT_GT(bea_id, 0) << users.body;
    auto banned = admin.post("/users/" + std::to_string(bea_id) + "/ban");
    ASSERT_EQ(banned.status, 200) << banned.body;
    // Their messages go (rooms plugin) and their boosts with them; while the message still
    // exists, it has none left.
    auto left = admin.get(boosts_path(beas));
    EXPECT_TRUE(left.status == 404 || (left.status == 200 && left.json()["boosts"].Size() == 0)) << left.body;
    EXPECT_EQ(count(admin, message), 1u); // what they gave others stays, as in Campfire
}

TEST_F(Boosts, BoostsOfMessagesDeletedWhileDisabledNeverReappear) {
    ASSERT_EQ(boost(bea, "stale").status, 201);
    ASSERT_EQ(admin.put("/api/plugins/boosts", R"({"enabled":false})").status, 200);
    ASSERT_EQ(admin.del("/rooms/" + std::to_string(room) + "/messages/" + std::to_string(message)).status, 204);
    int64_t next = post_message(admin, room, "new message");
    ASSERT_EQ(admin.put("/api/plugins/boosts", R"({"enabled":true})").status, 200);
    EXPECT_EQ(bea.get(boosts_path(message)).status, 404);
    EXPECT_EQ(count(bea, next), 0u);
}

TEST_F(Boosts, DisabledAtRuntimeItsRoutesAnswer404) {
    ASSERT_EQ(boost(bea, "before").status, 201);
    ASSERT_EQ(admin.put("/api/plugins/boosts", R"({"enabled":false})").status, 200);
    EXPECT_EQ(boost(bea, "during").status, 404);
    EXPECT_EQ(bea.get(boosts_path(message)).status, 404);
    auto page = bea.get("/rooms/" + std::to_string(room) + "/messages");
    ASSERT_EQ(page.status, 200);
    auto doc = page.json();
    for (const auto& m : doc["messages"].GetArray()) EXPECT_FALSE(m.HasMember("boosts"));
    ASSERT_EQ(admin.put("/api/plugins/boosts", R"({"enabled":true})").status, 200);
    EXPECT_EQ(count(bea, message), 1u); // kept while off
    EXPECT_EQ(boost(bea, "after").status, 201);
}

// The rooms plugin runs the message.present hook on its read paths; the boosts plugin adds its field.
TEST_F(Boosts, MessagesCarryTheirBoosts) {
    int64_t plain = post_message(admin, room, "no boosts here");
    ASSERT_EQ(boost(bea, "👍").status, 201);
    ASSERT_EQ(boost(admin, "🔥").status, 201);
    auto page = bea.get("/rooms/" + std::to_string(room) + "/messages");
    ASSERT_EQ(page.status, 200);
    auto doc = page.json();
    bool saw_boosted = false, saw_plain = false;
    for (const auto& m : doc["messages"].GetArray()) {
        ASSERT_TRUE(m.HasMember("boosts") && m["boosts"].IsArray()) << page.body;
        if (m["id"].GetInt64() == message) {
            saw_boosted = true;
            ASSERT_EQ(m["boosts"].Size(), 2u);
            EXPECT_STREQ(m["boosts"][0]["content"].GetString(), "👍");
            EXPECT_STREQ(m["boosts"][0]["booster"]["name"].GetString(), "Bea");
            EXPECT_STREQ(m["boosts"][1]["content"].GetString(), "🔥");
        }
        if (m["id"].GetInt64() == plain) {
            saw_plain = true;
            EXPECT_EQ(m["boosts"].Size(), 0u);
        }
    }
    EXPECT_TRUE(saw_boosted && saw_plain);
    auto one = bea.get("/rooms/" + std::to_string(room) + "/messages/" + std::to_string(message));
    ASSERT_EQ(one.status, 200);
    auto shown = one.json();
    ASSERT_TRUE(shown.HasMember("boosts") && shown["boosts"].IsArray()) << one.body;
    EXPECT_EQ(shown["boosts"].Size(), 2u) << one.body;
}

}  // namespace
}  // namespace cf::test
