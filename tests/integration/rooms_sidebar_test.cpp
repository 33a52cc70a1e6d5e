// Integration tests for the sidebar (plugins/rooms sidebar_routes.cpp, sidebar_notices.cpp,
// unread_notices.cpp, autocomplete.cpp): GET /users/me/sidebar's lists, order and placeholders;
// the live sidebar.* events each member gets when rooms are created, edited and deleted; the
// per-user room.unread; and @mention autocomplete. Real server, three people, real sockets.
#include "tests/integration/room_people.h"

#include <set>

namespace cf::test {
namespace {

class RoomsSidebar : public RoomPeople {
protected:
  rapidjson::Document sidebar(HttpClient& who) {
    HttpResponse r = who.get("/users/me/sidebar");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }
  static std::vector<std::string> names(const rapidjson::Value& list) {
    std::vector<std::string> out;
    for (const auto& item : list.GetArray()) out.push_back(str_of(item, "name"));
    return out;
  }
  static const rapidjson::Value* find(const rapidjson::Value& list, int64_t id) {
    for (const auto& item : list.GetArray())
      if (id_in(item) == id) return &item;
    return nullptr;
  }
};

TEST_F(RoomsSidebar, ListsDirectRoomsByActivitySharedRoomsByNameAndPlaceholders) {
  rapidjson::Document first = sidebar(ann);
  EXPECT_EQ(first["direct_rooms"].Size(), 0u);
  EXPECT_EQ(names(first["shared_rooms"]), (std::vector<std::string>{"All Talk"}));
  EXPECT_EQ(names(first["direct_placeholders"]), (std::vector<std::string>{"Bob", "Cy"})); // never yourself
  EXPECT_EQ(str_of(first["direct_placeholders"][0], "avatar_url"), "/users/" + std::to_string(bob_id) + "/avatar");
  EXPECT_TRUE(first["can_create_rooms"].GetBool());

  closed_room(ann, "beta", {});
  closed_room(ann, "Alpha", {bob_id});
  int64_t with_bob = direct_room(ann, {bob_id});
  int64_t with_cy = direct_room(ann, {cy_id});
  direct_room(ann, {bob_id, cy_id}); // a group DM is not a one-to-one DM
  post(ann, with_bob);               // the most recent activity puts it first

  rapidjson::Document d = sidebar(ann);
  EXPECT_EQ(names(d["shared_rooms"]), (std::vector<std::string>{"All Talk", "Alpha", "beta"}));
  EXPECT_EQ(names(d["direct_rooms"]), (std::vector<std::string>{"Bob", "Bob and Cy", "Cy"}));
  EXPECT_EQ(id_in(d["direct_rooms"][0]), with_bob);
  EXPECT_EQ(id_in(d["direct_rooms"][2]), with_cy);
  EXPECT_EQ(str_of(d["direct_rooms"][0], "involvement"), "everything");
  EXPECT_TRUE(d["direct_rooms"][0]["users"].IsArray());
  EXPECT_EQ(d["direct_placeholders"].Size(), 0u); // Ann has a one-to-one DM with everyone

  // Bob sees the DM under Ann's name, unread (Ann wrote while he was away), and Cy as a placeholder.
  rapidjson::Document b = sidebar(bob);
  const rapidjson::Value* dm = find(b["direct_rooms"], with_bob);
  ASSERT_NE(dm, nullptr);
  EXPECT_EQ(str_of(*dm, "name"), "Ann");
  EXPECT_TRUE((*dm)["unread"].GetBool());
  EXPECT_EQ(names(b["shared_rooms"]), (std::vector<std::string>{"All Talk", "Alpha"})); // not Ann's "beta"
  EXPECT_EQ(names(b["direct_placeholders"]), (std::vector<std::string>{"Cy"}));

  // An invisible room leaves the sidebar.
  ASSERT_EQ(bob.put(path("/rooms/", all_talk, "/involvement"), R"({"involvement":"invisible"})").status, 200);
  EXPECT_EQ(names(sidebar(bob)["shared_rooms"]), (std::vector<std::string>{"Alpha"}));
  EXPECT_EQ(HttpClient(server.port()).get("/users/me/sidebar").status, 401);
}

TEST_F(RoomsSidebar, PlaceholdersAreTwentyActivePeopleWithoutBots) {
  std::string sql =
      "INSERT INTO users(name, email_address, role, status, created_at, updated_at) VALUES "
      "('Zed the bot', NULL, 2, 0, 'now', 'now'), ('Aaron gone', 'gone@example.com', 0, 1, 'now', 'now'), "
      "('Abe banned', 'banned@example.com', 0, 2, 'now', 'now')";
  for (int i = 1; i <= 25; ++i) {
    char name[16];
    std::snprintf(name, sizeof name, "Person %02d", i);
    sql += std::string(", ('") + name + "', 'p" + std::to_string(i) + "@example.com', 0, 0, 'now', 'now')";
  }
  with_server_stopped(sql);
  rapidjson::Document d = sidebar(cy);
  std::vector<std::string> got = names(d["direct_placeholders"]);
  ASSERT_EQ(got.size(), 20u);
  EXPECT_EQ(got[0], "Ann");
  EXPECT_EQ(got[1], "Bob");
  EXPECT_EQ(got[2], "Person 01");
  EXPECT_EQ(got[19], "Person 18");
}

TEST_F(RoomsSidebar, RoomsAppearChangeAndLeaveEachMembersSidebarLive) {
  WsClient bob_ws, cy_ws;
  open(bob_ws, bob);
  open(cy_ws, cy);

  // A closed room reaches its members only; Cy's next sidebar event is the open room after it.
  int64_t club = closed_room(ann, "Club", {bob_id});
  rapidjson::Document added = expect_next(bob_ws, "sidebar.", "sidebar.room_added", club);
  EXPECT_EQ(str_of(added, "name"), "Club");
  EXPECT_EQ(str_of(added, "involvement"), "mentions");
  int64_t lounge = created(ann.post("/rooms/opens", R"({"room":{"name":"Lounge"}})"));
  expect_next(cy_ws, "sidebar.", "sidebar.room_added", lounge);
  expect_next(bob_ws, "sidebar.", "sidebar.room_added", lounge);

  // Renamed: an update for every member.
  ASSERT_EQ(ann.patch(path("/rooms/closeds/", club), R"({"room":{"name":"Club 2"}})").status, 200);
  EXPECT_EQ(str_of(expect_next(bob_ws, "sidebar.", "sidebar.room_updated", club), "name"), "Club 2");

  // Members revised: Cy granted, Bob revoked (and cut off the room's stream at once).
  subscribe(bob_ws, club);
  ASSERT_EQ(ann.put(path("/rooms/closeds/", club), R"({"user_ids":[)" + std::to_string(cy_id) + "]}").status, 200);
  expect_next(cy_ws, "sidebar.", "sidebar.room_added", club);
  rapidjson::Document removed = expect_next(bob_ws, "sidebar.", "sidebar.room_removed", club);
  EXPECT_FALSE(removed.HasMember("involvement"));
  post(ann, club, "not for Bob");
  EXPECT_FALSE(bob_ws.wait_for("message.created", 300ms).has_value());

  // Converted to open: Bob is granted again, Cy's room is updated.
  ASSERT_EQ(ann.put(path("/rooms/opens/", club), "{}").status, 200);
  EXPECT_EQ(str_of(expect_next(bob_ws, "sidebar.", "sidebar.room_added", club), "type"), "open");
  EXPECT_EQ(str_of(expect_next(cy_ws, "sidebar.", "sidebar.room_updated", club), "type"), "open");

  // A direct room is named from each member's side.
  int64_t dm = direct_room(bob, {cy_id});
  EXPECT_EQ(str_of(expect_next(bob_ws, "sidebar.", "sidebar.room_added", dm), "name"), "Cy");
  EXPECT_EQ(str_of(expect_next(cy_ws, "sidebar.", "sidebar.room_added", dm), "name"), "Bob");
  EXPECT_EQ(direct_room(cy, {bob_id}), dm); // found, not created: no second event
  ASSERT_EQ(cy.del(path("/rooms/directs/", dm)).status, 204);
  EXPECT_EQ(str_of(expect_next(bob_ws, "sidebar.", "sidebar.room_removed", dm), "name"), "Cy");
  expect_next(cy_ws, "sidebar.", "sidebar.room_removed", dm);

  ASSERT_EQ(ann.del(path("/rooms/", club)).status, 204);
  expect_next(bob_ws, "sidebar.", "sidebar.room_removed", club);
  expect_next(cy_ws, "sidebar.", "sidebar.room_removed", club);
}

TEST_F(RoomsSidebar, UnreadGoesOnlyToTheMembersAMessageMarked) {
  WsClient ann_ws, bob_ws, cy_ws;
  open(ann_ws, ann);
  open(bob_ws, bob);
  open(cy_ws, cy);
  int64_t club = closed_room(ann, "Club", {bob_id});

  post(ann, club, "private");
  expect_next(bob_ws, "room.unread", "room.unread", club);
  // Cy is not in the club and Ann wrote it: their first room.unread is All Talk's, posted after.
  post(bob, all_talk, "public");
  expect_next(cy_ws, "room.unread", "room.unread", all_talk);
  expect_next(ann_ws, "room.unread", "room.unread", all_talk);

  // Present in the room: no unread. Invisible: none either.
  ASSERT_TRUE(bob_ws.send_text(R"({"type":"presence.present","room_id":)" + std::to_string(club) + "}"));
  ASSERT_TRUE(bob_ws.wait_for("room.read", 5s).has_value());
  ASSERT_EQ(cy.put(path("/rooms/", all_talk, "/involvement?involvement=invisible"), "").status, 200);
  post(ann, club, "Bob is here");
  post(ann, all_talk, "Cy does not look");
  int64_t dm = direct_room(ann, {bob_id, cy_id});
  post(ann, dm, "to both");
  expect_next(bob_ws, "room.unread", "room.unread", all_talk); // not the club he is looking at
  expect_next(bob_ws, "room.unread", "room.unread", dm);
  expect_next(cy_ws, "room.unread", "room.unread", dm); // not the invisible All Talk
}

class RoomsSidebarAutocomplete : public RoomPeople {
protected:
  std::vector<std::string> suggest(HttpClient& who, int64_t room, std::string_view query) {
    HttpResponse r = who.get("/autocompletable/users?room_id=" + std::to_string(room) + "&query=" + std::string(query));
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> out;
    rapidjson::Document d = r.json();
    if (!d.IsArray()) return out;
    for (const auto& u : d.GetArray()) out.push_back(str_of(u, "name"));
    return out;
  }
};

TEST_F(RoomsSidebarAutocomplete, MatchesActiveMembersByNameBotsIncluded) {
  // A bot (in All Talk like every open room's member), a deactivated member, and names with LIKE's wildcards.
  with_server_stopped(
      "INSERT INTO users(id, name, role, status, created_at, updated_at) VALUES "
      "(100, 'Bobot', 2, 0, 'now', 'now'), (101, 'Bobby gone', 0, 1, 'now', 'now'), "
      "(102, '100% Bo', 0, 0, 'now', 'now'), (103, 'Bo_x', 0, 0, 'now', 'now');"
      "INSERT INTO memberships(room_id, user_id) SELECT id, u FROM rooms, "
      "(SELECT 100 AS u UNION SELECT 101 UNION SELECT 102 UNION SELECT 103) WHERE type = 'open'");
  EXPECT_EQ(suggest(cy, all_talk, "bo"), (std::vector<std::string>{"100% Bo", "Bo_x", "Bob", "Bobot"}));
  EXPECT_EQ(suggest(cy, all_talk, "BOB"), (std::vector<std::string>{"Bob", "Bobot"}));
  EXPECT_EQ(suggest(cy, all_talk, "%25"), (std::vector<std::string>{"100% Bo"})); // a literal %
  EXPECT_EQ(suggest(cy, all_talk, "o_"), (std::vector<std::string>{"Bo_x"}));     // a literal _
  EXPECT_EQ(suggest(cy, all_talk, "").size(), 6u);                                // everyone active

  HttpResponse one = cy.get("/autocompletable/users?room_id=" + std::to_string(all_talk) + "&query=ann");
  rapidjson::Document d = one.json();
  ASSERT_TRUE(d.IsArray() && d.Size() == 1) << one.body;
  EXPECT_EQ(id_in(d[0]), ann_id);
  EXPECT_EQ(id_in(d[0], "value"), ann_id);
  EXPECT_EQ(str_of(d[0], "avatar_url"), "/users/" + std::to_string(ann_id) + "/avatar");

  // Only a closed room's members, and only to its members.
  int64_t club = closed_room(ann, "Club", {bob_id});
  EXPECT_EQ(suggest(ann, club, ""), (std::vector<std::string>{"Ann", "Bob"}));
  HttpResponse missing = cy.get("/autocompletable/users?room_id=999999");
  expect_json_error(missing, 404);
  HttpResponse hidden = cy.get("/autocompletable/users?room_id=" + std::to_string(club));
  expect_json_error(hidden, 404);
  EXPECT_EQ(hidden.body, missing.body);
  expect_json_error(cy.get("/autocompletable/users?room_id=abc"), 404);
  expect_json_error(cy.get("/autocompletable/users?query=bo"), 400);
  expect_json_error(cy.get("/autocompletable/users?room_id=" + std::to_string(all_talk) + "&query=" + std::string(101, 'x')), 422);
}

TEST_F(RoomsSidebarAutocomplete, AnswersAtMostTwentySortedByName) {
  std::string sql = "INSERT INTO users(id, name, role, status, created_at, updated_at) VALUES ";
  for (int i = 0; i < 30; ++i)
    sql += (i ? "," : "") + std::string("(") + std::to_string(200 + i) + ", 'member " + std::string(1, char('z' - i % 26)) +
           std::to_string(i) + "', 0, 0, 'now', 'now')";
  sql += ";INSERT INTO memberships(room_id, user_id) SELECT r.id, u.id FROM rooms r, users u WHERE r.type = 'open' AND u.id >= 200";
  with_server_stopped(sql);
  std::vector<std::string> got = suggest(ann, all_talk, "MEMBER");
  ASSERT_EQ(got.size(), 20u);
  EXPECT_TRUE(std::is_sorted(got.begin(), got.end()));
  EXPECT_EQ(got[0], "member a25");
}

}  // namespace
}  // namespace cf::test
