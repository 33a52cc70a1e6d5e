// The authorization matrix: every user-facing route × administrator, member, non-member,
// deactivated, banned and a bot key × an open, a closed and a direct room. One server and one cast
// for the whole suite; each cell states the exact answer (or "some 2xx" where access is granted).
// Non-members must not learn that a room or message exists: their answer equals the answer for an
// id that does not exist, byte for byte.
#include "tests/integration/bots_support.h"
#include "tests/support/multipart_body.h"
#include "tests/support/support.h"

#include <gtest/gtest.h>

#include <array>
#include <functional>
#include <memory>
#include <set>
#include <string>

namespace cf::test {
namespace {

enum class Actor { Admin, Member, Outsider, Deactivated, Banned, BotKey };
enum class Kind { Open, Closed, Direct };

constexpr std::array kActors{Actor::Admin, Actor::Member, Actor::Outsider, Actor::Deactivated, Actor::Banned, Actor::BotKey};
constexpr std::array kKinds{Kind::Open, Kind::Closed, Kind::Direct};

const char* name_of(Actor a) {
  switch (a) {
    case Actor::Admin: return "administrator";
    case Actor::Member: return "member";
    case Actor::Outsider: return "non-member";
    case Actor::Deactivated: return "deactivated";
    case Actor::Banned: return "banned";
    case Actor::BotKey: return "bot key";
  }
  return "?";
}
const char* name_of(Kind k) { return k == Kind::Open ? "open" : k == Kind::Closed ? "closed" : "direct"; }

// Who a route lets in.
enum class Access {
  Anyone,   // any signed-in person
  Admin,    // administrators
  Member,   // members of the room
  Editor,   // the message's creator (the member) or an administrator in the room
  Manager,  // the room's creator (the administrator) or an administrator; any member of a direct room
};

constexpr int kGranted = 0;  // some 2xx

// The cast: Ann (administrator, creator of every room), Bob (member of every room, author of the
// messages), Cy (only in the open room), Dee (deactivated) and Eve (banned) with their old
// cookies, and a bot (in the open room only) whose key is tried on people's routes.
struct World {
  std::unique_ptr<ServerProcess> server;
  std::unique_ptr<HttpClient> ann, bob, cy, dee, eve, anonymous;
  int64_t bob_id = 0, cy_id = 0, fay_id = 0;
  bots::BotRef bot;
  std::array<int64_t, 3> room{};        // by Kind
  std::array<int64_t, 3> message{};     // Bob's message in each room
  std::array<int64_t, 3> attachment{};  // Bob's file in each room
};

World* world = nullptr;

int64_t id_in(const HttpResponse& r, const char* key = nullptr) {
  if (r.status < 200 || r.status > 299) throw std::runtime_error(std::to_string(r.status) + ": " + r.body);
  rapidjson::Document doc = r.json();
  const rapidjson::Value& v = key ? doc[key] : doc;
  return v["id"].GetInt64();
}

class AuthorizationMatrix : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    world = new World;
    World& w = *world;
    w.server = std::make_unique<ServerProcess>();
    auto client = [&] { return std::make_unique<HttpClient>(w.server->port()); };
    w.ann = client(), w.bob = client(), w.cy = client(), w.dee = client(), w.eve = client(), w.anonymous = client();
    first_run(*w.ann, "Ann", "ann@example.com");
    sign_up(*w.ann, *w.bob, "Bob", "bob@example.com");
    sign_up(*w.ann, *w.cy, "Cy", "cy@example.com");
    sign_up(*w.ann, *w.dee, "Dee", "dee@example.com");
    sign_up(*w.ann, *w.eve, "Eve", "eve@example.com");
    HttpClient fay(w.server->port());
    sign_up(*w.ann, fay, "Fay", "fay@example.com");
    w.fay_id = bots::my_id(fay);
    w.bob_id = bots::my_id(*w.bob);
    w.cy_id = bots::my_id(*w.cy);
    const int64_t dee_id = bots::my_id(*w.dee), eve_id = bots::my_id(*w.eve);
    w.bot = bots::create_bot(*w.ann, "Robo");

    w.room[0] = room_id(*w.ann, "All Talk");
    w.room[1] = id_in(w.ann->post("/rooms/closeds", R"({"room":{"name":"Inner"},"user_ids":[)" + std::to_string(w.bob_id) + "]}"));
    w.room[2] = bots::direct_room(*w.ann, {w.bob_id});
    for (size_t k = 0; k < 3; ++k) {
      w.message[k] = bots::post_message(*w.bob, w.room[k], std::string("secretword in the ") + name_of(kKinds[k]) + " room");
      FormPart file{"message[attachment]", "file bytes", "notes.txt", "text/plain"};
      w.attachment[k] = id_in(w.bob->request("POST", "/rooms/" + std::to_string(w.room[k]) + "/messages",
                                             multipart_body({file}), {{"Content-Type", multipart_type()}}));
    }
    // Dee and Eve keep the cookies of their (now deleted) sessions.
    if (w.ann->del("/account/users/" + std::to_string(dee_id)).status / 100 != 2) throw std::runtime_error("deactivate");
    if (w.ann->post("/users/" + std::to_string(eve_id) + "/ban", "{}").status / 100 != 2) throw std::runtime_error("ban");
  }
  static void TearDownTestSuite() {
    delete world;
    world = nullptr;
  }

  static HttpClient& client(Actor a) {
    World& w = *world;
    switch (a) {
      case Actor::Admin: return *w.ann;
      case Actor::Member: return *w.bob;
      case Actor::Outsider: return *w.cy;
      case Actor::Deactivated: return *w.dee;
      case Actor::Banned: return *w.eve;
      case Actor::BotKey: return *w.anonymous;
    }
    return *w.anonymous;
  }

  static bool in_room(Actor a, Kind k) {
    return a == Actor::Admin || a == Actor::Member || (a == Actor::Outsider && k == Kind::Open);
  }

  // The expected answer: kGranted, or the exact refusal.
  static int expected(Access access, Actor a, Kind k) {
    if (a == Actor::Deactivated || a == Actor::Banned) return 401;  // their sessions are gone
    if (a == Actor::BotKey) return 403;                             // bot keys work only on bot routes
    switch (access) {
      case Access::Anyone: return kGranted;
      case Access::Admin: return a == Actor::Admin ? kGranted : 403;
      case Access::Member: return in_room(a, k) ? kGranted : 404;
      case Access::Editor:
        if (!in_room(a, k)) return 404;
        return a == Actor::Admin || a == Actor::Member ? kGranted : 403;
      case Access::Manager:
        if (!in_room(a, k)) return 404;
        return a == Actor::Admin || k == Kind::Direct ? kGranted : 403;
    }
    return -1;
  }

  static HttpResponse call(Actor a, const std::string& method, std::string path, const std::string& body) {
    if (a == Actor::BotKey) path += (path.find('?') == std::string::npos ? "?bot_key=" : "&bot_key=") + world->bot.key;
    return client(a).request(method, path, body);
  }

  static void check(Actor a, Kind k, Access access, const std::string& method, const std::string& path,
                    const std::string& body = {}, const std::string& path_for_missing = {}) {
    SCOPED_TRACE(std::string(name_of(a)) + " × " + name_of(k) + " room: " + method + " " + path);
    HttpResponse r = call(a, method, path, body);
    int want = expected(access, a, k);
    if (want == kGranted) {
      EXPECT_EQ(r.status / 100, 2) << r.status << " " << r.body;
      return;
    }
    EXPECT_EQ(r.status, want) << r.body;
    EXPECT_TRUE(r.json().HasMember("error")) << r.body;
    if (want == 404 && !path_for_missing.empty()) {
      HttpResponse missing = call(a, method, path_for_missing, body);
      EXPECT_EQ(missing.status, r.status) << "a room's existence leaks";
      EXPECT_EQ(missing.body, r.body) << "a room's existence leaks";
    }
  }

  // Runs `cell` for every actor and room kind.
  static void every_cell(const std::function<void(Actor, Kind, size_t)>& cell) {
    for (Actor a : kActors)
      for (size_t k = 0; k < kKinds.size(); ++k) cell(a, kKinds[k], k);
  }
};

std::string room_path(int64_t room) { return "/rooms/" + std::to_string(room); }
constexpr int64_t kNoRoom = 987654321;
constexpr int64_t kNoMessage = 987654322;

TEST_F(AuthorizationMatrix, ReadingARoom) {
  every_cell([&](Actor a, Kind kind, size_t k) {
    const std::string r = room_path(world->room[k]), none = room_path(kNoRoom);
    const std::string m = std::to_string(world->message[k]);
    check(a, kind, Access::Member, "GET", r, {}, none);
    check(a, kind, Access::Member, "GET", r + "/messages", {}, none + "/messages");
    check(a, kind, Access::Member, "GET", r + "/messages?around=" + m, {}, none + "/messages?around=" + m);
    check(a, kind, Access::Member, "GET", r + "/messages/" + m, {}, none + "/messages/" + m);
    check(a, kind, Access::Member, "GET", r + "/refresh?since=0", {}, none + "/refresh?since=0");
    check(a, kind, Access::Member, "GET", r + "/involvement", {}, none + "/involvement");
    check(a, kind, Access::Member, "GET", "/autocompletable/users?room_id=" + std::to_string(world->room[k]), {},
          "/autocompletable/users?room_id=" + std::to_string(kNoRoom));
    const std::string file = r + "/messages/" + std::to_string(world->attachment[k]) + "/attachment";
    check(a, kind, Access::Member, "GET", file, {}, none + "/messages/" + std::to_string(world->attachment[k]) + "/attachment");
    check(a, kind, Access::Member, "GET", "/messages/" + m + "/boosts", {}, "/messages/" + std::to_string(kNoMessage) + "/boosts");
  });
}

TEST_F(AuthorizationMatrix, WritingInARoom) {
  every_cell([&](Actor a, Kind kind, size_t k) {
    const std::string r = room_path(world->room[k]), none = room_path(kNoRoom);
    const std::string m = std::to_string(world->message[k]);
    check(a, kind, Access::Member, "POST", r + "/messages", R"({"message":{"body":"hello"}})", none + "/messages");
    check(a, kind, Access::Member, "PUT", r + "/involvement", R"({"involvement":"everything"})", none + "/involvement");
    check(a, kind, Access::Member, "POST", "/messages/" + m + "/boosts", R"({"boost":{"content":"+1"}})",
          "/messages/" + std::to_string(kNoMessage) + "/boosts");
    check(a, kind, Access::Editor, "PUT", r + "/messages/" + m, R"({"message":{"body":"secretword, edited"}})",
          none + "/messages/" + m);
  });
}

TEST_F(AuthorizationMatrix, DeletingAMessage) {
  every_cell([&](Actor a, Kind kind, size_t k) {
    // A fresh message of Bob's for every attempt, since a granted delete uses it up.
    int64_t fresh = bots::post_message(*world->bob, world->room[k], "to delete");
    const std::string path = room_path(world->room[k]) + "/messages/" + std::to_string(fresh);
    check(a, kind, Access::Editor, "DELETE", path, {}, room_path(kNoRoom) + "/messages/" + std::to_string(fresh));
  });
}

TEST_F(AuthorizationMatrix, ManagingARoom) {
  every_cell([&](Actor a, Kind kind, size_t k) {
    if (kind == Kind::Direct) return;  // direct rooms have no name or type to edit
    const std::string type = kind == Kind::Open ? "opens" : "closeds";
    const std::string name = kind == Kind::Open ? "All Talk" : "Inner";
    check(a, kind, Access::Manager, "PUT", "/rooms/" + type + "/" + std::to_string(world->room[k]),
          R"({"room":{"name":")" + name + "\"}}", "/rooms/" + type + "/" + std::to_string(kNoRoom));
  });
}

TEST_F(AuthorizationMatrix, DeletingARoom) {
  every_cell([&](Actor a, Kind kind, size_t) {
    // A fresh room of that kind, made by Ann, with Bob (open rooms: everyone). The direct room is
    // Ann, Bob and Fay, not the suite's Ann-and-Bob room, which other tests use.
    World& w = *world;
    int64_t room = 0;
    if (kind == Kind::Open) room = id_in(w.ann->post("/rooms/opens", R"({"room":{"name":"Scratch"}})"));
    if (kind == Kind::Closed)
      room = id_in(w.ann->post("/rooms/closeds", R"({"room":{"name":"Scratch"},"user_ids":[)" + std::to_string(w.bob_id) + "]}"));
    if (kind == Kind::Direct) room = bots::direct_room(*w.ann, {w.bob_id, w.fay_id});
    check(a, kind, Access::Manager, "DELETE", room_path(room), {}, room_path(kNoRoom));
    if (w.ann->get(room_path(room)).status == 200) {
      ASSERT_EQ(w.ann->del(room_path(room)).status / 100, 2);
    }
  });
}

TEST_F(AuthorizationMatrix, AccountWideRoutes) {
  const std::string cy = std::to_string(world->cy_id);
  struct Route {
    Access access;
    std::string method, path, body;
  };
  const std::vector<Route> routes = {
      {Access::Anyone, "GET", "/rooms", ""},
      {Access::Anyone, "GET", "/users/me/sidebar", ""},
      {Access::Anyone, "GET", "/users/me/profile", ""},
      {Access::Anyone, "GET", "/users/" + cy, ""},
      {Access::Anyone, "GET", "/account", ""},
      {Access::Anyone, "GET", "/account/users", ""},
      {Access::Anyone, "GET", "/searches?q=secretword", ""},
      {Access::Anyone, "GET", "/searches/recent", ""},
      {Access::Anyone, "GET", "/sounds", ""},
      {Access::Anyone, "GET", "/users/me/push_subscriptions", ""},
      {Access::Anyone, "GET", "/api/commands", ""},
      {Access::Anyone, "POST", "/rooms/opens", R"({"room":{"name":"Made by anyone"}})"},
      {Access::Admin, "PUT", "/account", R"({"account":{"name":"Matrix Inc"}})"},
      {Access::Admin, "POST", "/account/join_code", ""},
      {Access::Admin, "GET", "/account/bots", ""},
      {Access::Admin, "PUT", "/account/users/" + cy, R"({"user":{"role":"member"}})"},
      {Access::Admin, "GET", "/account/webhooks/stats", ""},
      {Access::Admin, "GET", "/push/stats", ""},
      {Access::Admin, "GET", "/api/flags", ""},
      {Access::Admin, "GET", "/api/scripts", ""},
  };
  for (Actor a : kActors)
    for (const Route& route : routes) check(a, Kind::Open, route.access, route.method, route.path, route.body);
}

TEST_F(AuthorizationMatrix, SearchNeverShowsAnotherRoomsMessages) {
  // "secretword" is in Bob's message in every room; Cy is only in the open one.
  for (Actor a : {Actor::Admin, Actor::Member, Actor::Outsider}) {
    SCOPED_TRACE(name_of(a));
    HttpResponse r = client(a).get("/searches?q=secretword");
    ASSERT_EQ(r.status, 200) << r.body;
    rapidjson::Document doc = r.json();
    std::set<int64_t> rooms;
    for (const auto& m : doc["messages"].GetArray()) rooms.insert(m["room_id"].GetInt64());
    for (size_t k = 0; k < 3; ++k)
      EXPECT_EQ(rooms.count(world->room[k]), in_room(a, kKinds[k]) ? 1u : 0u) << name_of(kKinds[k]);
  }
}

TEST_F(AuthorizationMatrix, BotRoutesReachOnlyTheBotsRooms) {
  World& w = *world;
  for (size_t k = 0; k < 3; ++k) {
    SCOPED_TRACE(name_of(kKinds[k]));
    const std::string path = bots::bot_path(w.room[k], w.bot.key);
    HttpResponse posted = w.anonymous->request("POST", path, "from the bot", {{"Content-Type", "text/plain"}});
    HttpResponse listed = w.anonymous->get(path);
    if (kKinds[k] == Kind::Open) {
      EXPECT_EQ(posted.status, 201) << posted.body;
      EXPECT_FALSE(posted.header("Location").empty());
      EXPECT_EQ(listed.status, 200) << listed.body;
    } else {
      // The bot is not in closed or direct rooms it was not added to; same answer as no room.
      HttpResponse missing = w.anonymous->request("POST", bots::bot_path(kNoRoom, w.bot.key), "x", {{"Content-Type", "text/plain"}});
      EXPECT_EQ(posted.status, 404) << posted.body;
      EXPECT_EQ(posted.body, missing.body);
      EXPECT_EQ(listed.status, 404) << listed.body;
    }
    // A wrong key: to sign-in, as Campfire.
    std::string wrong = w.bot.key;
    wrong.back() = wrong.back() == 'a' ? 'b' : 'a';
    HttpResponse refused = w.anonymous->request("POST", bots::bot_path(w.room[k], wrong), "x", {{"Content-Type", "text/plain"}});
    EXPECT_EQ(refused.status, 302);
    EXPECT_NE(refused.header("Location").find("/session/new"), std::string::npos);
  }
}

}  // namespace
}  // namespace cf::test
