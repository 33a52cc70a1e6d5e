// Integration tests for plugins/presence: Campfire's presence suppresses unread marks.
//  - a message marks All Talk unread for a member who is not present;
//  - presence.present makes the member connected (no unread mark for new messages), clears an
//    existing mark and sends room.read to every socket of that user;
//  - presence.absent undoes it (with per-membership counting over two tabs);
//  - a restart disconnects everyone (Campfire's Membership.disconnect_all at boot);
//  - non-members and bad input get an error, and the socket stays usable.
// The 60 s TTL itself is not waited for here (it would make the suite slow).
#include "tests/support/support.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

namespace cf::test {
namespace {

using namespace std::chrono_literals;

class Presence : public ::testing::Test {
protected:
  void SetUp() override {
    first_run(admin);
    sign_up(admin, bea, "Bea", "bea@example.com");
    room = room_id(admin);
  }

  std::string origin() const { return "http://127.0.0.1:" + std::to_string(server.port()); }

  void open(WsClient& ws) {
    ASSERT_TRUE(ws.connect(server.cable_port(), bea.cookie_header(), origin()));
    ASSERT_TRUE(ws.wait_for("welcome", 3s).has_value());
  }

  static std::string msg(std::string_view type, int64_t room_id) {
    return "{\"type\":\"" + std::string(type) + "\",\"room_id\":" + std::to_string(room_id) + "}";
  }

  // Sends presence.present and waits for the room.read that follows the committed write.
  void present(WsClient& ws) {
    ASSERT_TRUE(ws.send_text(msg("presence.present", room)));
    auto read = ws.wait_for("room.read", 3s);
    ASSERT_TRUE(read.has_value());
    ASSERT_EQ((*read)["data"]["room_id"].GetInt64(), room);
  }

  void post_from_admin(std::string_view body = "hi") {
    HttpResponse r = admin.post("/rooms/" + std::to_string(room) + "/messages",
                                "{\"message\":{\"body\":\"" + std::string(body) + "\"}}");
    ASSERT_EQ(r.status, 201) << r.body;
  }

  // Bea's "unread" for the room in GET /rooms.
  bool unread_for_bea() {
    HttpResponse r = bea.get("/rooms");
    EXPECT_EQ(r.status, 200) << r.body;
    rapidjson::Document doc = r.json();
    if (!doc.HasMember("rooms") || !doc["rooms"].IsArray()) {
      ADD_FAILURE() << r.body;
      return false;
    }
    for (const auto& item : doc["rooms"].GetArray())
      if (item["id"].GetInt64() == room) return item["unread"].GetBool();
    ADD_FAILURE() << "room " << room << " not in " << r.body;
    return false;
  }

  // Posts until the room turns unread for Bea (the absent write has no acknowledgement).
  bool becomes_unread_within(std::chrono::milliseconds limit) {
    auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
      post_from_admin("again");
      if (unread_for_bea()) return true;
      std::this_thread::sleep_for(50ms);
    }
    return false;
  }

  ServerProcess server;
  HttpClient admin{server.port()};
  HttpClient bea{server.port()};
  int64_t room = 0;
};

TEST_F(Presence, AMessageMarksTheRoomUnreadForAnAbsentMember) {
  EXPECT_FALSE(unread_for_bea());
  post_from_admin();
  EXPECT_TRUE(unread_for_bea());
}

TEST_F(Presence, APresentMemberIsNotMarkedUnread) {
  WsClient ws;
  open(ws);
  present(ws);
  post_from_admin();
  EXPECT_FALSE(unread_for_bea());
}

TEST_F(Presence, PresentClearsTheUnreadMarkAndTellsTheOtherTabs) {
  post_from_admin();
  ASSERT_TRUE(unread_for_bea());
  WsClient looking, other;
  open(looking);
  open(other);
  present(looking);
  auto read = other.wait_for("room.read", 3s);
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ((*read)["data"]["room_id"].GetInt64(), room);
  EXPECT_FALSE(unread_for_bea());
}

TEST_F(Presence, AfterAbsentMessagesMarkUnreadAgain) {
  WsClient ws;
  open(ws);
  present(ws);
  ASSERT_TRUE(ws.send_text(msg("presence.absent", room)));
  EXPECT_TRUE(becomes_unread_within(3s));
}

TEST_F(Presence, ConnectionsAreCountedPerMembership) {
  WsClient a, b;
  open(a);
  open(b);
  present(a);
  present(b);
  ASSERT_TRUE(a.send_text(msg("presence.absent", room)));
  std::this_thread::sleep_for(300ms);  // the absent write; b still counts
  post_from_admin();
  EXPECT_FALSE(unread_for_bea());
  ASSERT_TRUE(b.send_text(msg("presence.absent", room)));
  EXPECT_TRUE(becomes_unread_within(3s));
}

// A tab flipping visibility sends present/absent in quick succession: the server applies one
// socket's messages in the order sent, so the count ends at exactly one connection.
TEST_F(Presence, ABurstOfTogglesFromOneSocketEndsInTheLastState) {
  WsClient ws;
  open(ws);
  constexpr int kPairs = 20;
  for (int i = 0; i < kPairs; ++i) {
    ASSERT_TRUE(ws.send_text(msg("presence.present", room)));
    ASSERT_TRUE(ws.send_text(msg("presence.absent", room)));
  }
  ASSERT_TRUE(ws.send_text(msg("presence.present", room)));
  for (int i = 0; i <= kPairs; ++i) ASSERT_TRUE(ws.wait_for("room.read", 5s).has_value()) << "room.read " << i;
  post_from_admin();
  EXPECT_FALSE(unread_for_bea()) << "the last message was present";
  ASSERT_TRUE(ws.send_text(msg("presence.absent", room)));
  EXPECT_TRUE(becomes_unread_within(3s)) << "one absent undoes the one connection left";
}

TEST_F(Presence, ExtraAbsentsStopAtZero) {
  WsClient ws;
  open(ws);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(ws.send_text(msg("presence.absent", room)));
  std::this_thread::sleep_for(300ms);
  present(ws);  // one connection again, not -2
  post_from_admin();
  EXPECT_FALSE(unread_for_bea());
}

TEST_F(Presence, RefreshKeepsTheMemberConnected) {
  WsClient ws;
  open(ws);
  present(ws);
  ASSERT_TRUE(ws.send_text(msg("presence.refresh", room)));
  ASSERT_TRUE(ws.send_text(R"({"type":"ping"})"));
  ASSERT_TRUE(ws.wait_for("pong", 3s).has_value());
  post_from_admin();
  EXPECT_FALSE(unread_for_bea());
}

TEST_F(Presence, ARestartDisconnectsEveryone) {
  {
    WsClient ws;
    open(ws);
    present(ws);
  }  // the socket goes without saying absent
  server.stop();
  server.start();
  post_from_admin();
  EXPECT_TRUE(unread_for_bea());
}

TEST_F(Presence, ANonMemberCannotMarkAClosedRoomPresent) {
  HttpResponse created = admin.post("/rooms/closeds", R"({"room":{"name":"Secret"},"user_ids":[]})");
  ASSERT_EQ(created.status, 201) << created.body;
  int64_t secret = created.json()["id"].GetInt64();
  WsClient ws, other;
  open(ws);
  open(other);
  ASSERT_TRUE(ws.send_text(msg("presence.present", secret)));
  auto error = ws.wait_for("error", 3s);
  ASSERT_TRUE(error.has_value());
  EXPECT_STREQ((*error)["data"]["error"].GetString(), "not a member");
  EXPECT_EQ((*error)["data"]["room_id"].GetInt64(), secret);
  EXPECT_FALSE(other.wait_for("room.read", 300ms).has_value());
  // The room stays invisible to Bea.
  EXPECT_EQ(bea.get("/rooms/" + std::to_string(secret)).status, 404);
}

TEST_F(Presence, BadInputIsAnsweredWithAnErrorAndTheSocketStaysUsable) {
  WsClient ws;
  open(ws);
  for (const char* bad : {R"({"type":"presence.present"})", R"({"type":"presence.present","room_id":"x"})",
                          R"({"type":"presence.absent","room_id":-1})", R"({"type":"presence.refresh","room_id":1.5})",
                          R"({"type":"presence.present","room_id":99999999999999999999})"}) {
    ASSERT_TRUE(ws.send_text(bad));
    auto error = ws.wait_for("error", 3s);
    ASSERT_TRUE(error.has_value()) << bad;
    EXPECT_STREQ((*error)["data"]["error"].GetString(), "room_id must be a positive integer") << bad;
  }
  ASSERT_TRUE(ws.send_text(msg("presence.present", 987654)));
  auto missing = ws.wait_for("error", 3s);
  ASSERT_TRUE(missing.has_value());
  EXPECT_STREQ((*missing)["data"]["error"].GetString(), "not a member");
  present(ws);  // still works
}

}  // namespace
}  // namespace cf::test
