// Integration tests for room administration (plugins/rooms shared_rooms.cpp, direct_rooms.cpp,
// rooms_routes.cpp, creation_policy.cpp, lifecycle_hooks.cpp): who may rename, convert, revise
// and delete (member, creator, administrator, non-member → 404); the account setting that
// restricts room creation to administrators; bad input; and the kernel's user.deactivated and
// user.banned hooks (skipped while the kernel has no such routes).
#include "tests/integration/room_people.h"

#include <set>

namespace cf::test {
namespace {

class RoomAdmin : public RoomPeople {};

TEST_F(RoomAdmin, PermissionMatrixForSharedRooms) {
  // Bob's closed room with Ann (an administrator) and Cy; a second one without Ann.
  int64_t room = closed_room(bob, "Bob's", {ann_id, cy_id});
  int64_t hidden = closed_room(bob, "Hidden", {cy_id});
  std::string id = std::to_string(room);

  // A member who is neither creator nor administrator: reads, may not edit.
  EXPECT_EQ(cy.get("/rooms/" + id).status, 200);
  expect_json_error(cy.patch("/rooms/closeds/" + id, R"({"room":{"name":"Cy's"}})"), 403);
  expect_json_error(cy.put("/rooms/opens/" + id, "{}"), 403);
  expect_json_error(cy.del("/rooms/" + id), 403);
  expect_json_error(cy.del("/rooms/directs/" + id), 404); // not a direct room

  // The creator and a member administrator may.
  EXPECT_EQ(bob.patch("/rooms/closeds/" + id, R"({"room":{"name":"Bob's 2"}})").status, 200);
  HttpResponse renamed = ann.patch("/rooms/closeds/" + id, R"({"room":{"name":"Ann's"}})");
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(str_of(renamed.json(), "name"), "Ann's");

  // A non-member, administrator or not, sees nothing: 404 as for a missing room.
  HttpResponse missing = ann.get("/rooms/999999");
  for (HttpResponse r : {ann.get(path("/rooms/", hidden)), ann.patch(path("/rooms/closeds/", hidden), "{}"),
                         ann.put(path("/rooms/opens/", hidden), "{}"), ann.del(path("/rooms/", hidden)),
                         ann.get(path("/rooms/", hidden, "/involvement"))}) {
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(r.body, missing.body);
  }

  // Deletion: the member administrator may; then it is gone for everyone.
  EXPECT_EQ(ann.del("/rooms/" + id).status, 204);
  for (HttpClient* who : {&ann, &bob, &cy}) EXPECT_EQ(who->get("/rooms/" + id).status, 404);
  EXPECT_EQ(bob.del(path("/rooms/", hidden)).status, 204); // and the creator
}

TEST_F(RoomAdmin, AnyMemberDeletesADirectRoomAndNobodyElse) {
  int64_t dm = direct_room(bob, {cy_id});
  expect_json_error(ann.del(path("/rooms/", dm)), 404);
  expect_json_error(ann.del(path("/rooms/directs/", dm)), 404);
  expect_json_error(cy.put(path("/rooms/opens/", dm), "{}"), 422); // direct rooms keep their type
  EXPECT_EQ(cy.del(path("/rooms/", dm)).status, 204);             // Cy did not create it
  EXPECT_EQ(bob.get(path("/rooms/", dm)).status, 404);
}

TEST_F(RoomAdmin, OnlyAdministratorsCreateRoomsWhenTheAccountSaysSo) {
  auto restrict_creation = [&](bool on) {
    HttpResponse r = ann.patch("/account", std::string(R"({"account":{"settings":{"restrict_room_creation_to_administrators":)") +
                                               (on ? "true" : "false") + "}}}");
    ASSERT_EQ(r.status, 200) << r.body;
  };
  restrict_creation(true);
  expect_json_error(bob.post("/rooms/opens", R"({"room":{"name":"Mine"}})"), 403);
  expect_json_error(bob.post("/rooms/closeds", R"({"room":{"name":"Mine"}})"), 403);
  EXPECT_EQ(bob.post("/rooms/directs", R"({"user_ids":[)" + std::to_string(cy_id) + "]}").status, 201); // DMs stay free
  EXPECT_EQ(ann.post("/rooms/opens", R"({"room":{"name":"Ann's"}})").status, 201);
  EXPECT_FALSE(bob.get("/users/me/sidebar").json()["can_create_rooms"].GetBool());
  EXPECT_TRUE(ann.get("/users/me/sidebar").json()["can_create_rooms"].GetBool());

  restrict_creation(false);
  EXPECT_EQ(bob.post("/rooms/opens", R"({"room":{"name":"Mine"}})").status, 201);
  EXPECT_TRUE(bob.get("/users/me/sidebar").json()["can_create_rooms"].GetBool());
  // Settings written some other way: a string "true" counts; unreadable JSON is Campfire's default.
  with_server_stopped(R"(UPDATE accounts SET settings = '{"restrict_room_creation_to_administrators":"true"}')");
  expect_json_error(bob.post("/rooms/closeds", R"({"room":{"name":"Mine too"}})"), 403);
  with_server_stopped("UPDATE accounts SET settings = 'not json'");
  EXPECT_EQ(bob.post("/rooms/closeds", R"({"room":{"name":"Mine too"}})").status, 201);
}

TEST_F(RoomAdmin, BadInputIsA4xxWithAnError) {
  int64_t room = closed_room(ann, "Club", {bob_id});
  std::string id = std::to_string(room);
  expect_json_error(ann.post("/rooms/opens", R"({"room":{"name":")" + std::string(256, 'x') + R"("}})"), 422);
  expect_json_error(ann.post("/rooms/opens", R"({"room":"Lounge"})"), 422);
  expect_json_error(ann.post("/rooms/closeds", R"({"user_ids":{"a":1}})"), 400);
  expect_json_error(ann.post("/rooms/closeds", R"({"user_ids":[-3]})"), 400);
  expect_json_error(ann.put("/rooms/closeds/" + id, R"({"user_ids":[1.5]})"), 400);
  expect_json_error(ann.put("/rooms/closeds/" + id, R"({"user_ids":[987654]})"), 422);
  expect_json_error(ann.put("/rooms/closeds/" + id, R"({"room":{"name":"a\u0001b"}})"), 422);
  expect_json_error(ann.post("/rooms/directs", R"({"user_ids":"nobody"})"), 400);
  expect_json_error(ann.del("/rooms/0"), 404);
  expect_json_error(ann.del("/rooms/-1"), 404);
  // Nothing changed.
  rapidjson::Document d = ann.get("/rooms/" + id).json();
  EXPECT_EQ(str_of(d, "name"), "Club");
  EXPECT_EQ(d["members"].Size(), 2u);
}

TEST_F(RoomAdmin, ARevokedMemberLosesTheRoomsStreamAtOnce) {
  int64_t club = closed_room(ann, "Club", {bob_id, cy_id});
  WsClient bob_ws, cy_ws;
  open(bob_ws, bob);
  open(cy_ws, cy);
  subscribe(bob_ws, club);
  subscribe(cy_ws, club);
  post(ann, club, "before");
  ASSERT_TRUE(bob_ws.wait_for("message.created", 5s).has_value());

  ASSERT_EQ(ann.put(path("/rooms/closeds/", club), R"({"user_ids":[)" + std::to_string(cy_id) + "]}").status, 200);
  post(ann, club, "after");
  ASSERT_TRUE(cy_ws.wait_for("message.created", 5s).has_value()); // the broadcast went out...
  EXPECT_FALSE(bob_ws.wait_for("message.created", 300ms).has_value()); // ...but not to Bob
  ASSERT_TRUE(bob_ws.send_text(R"({"type":"subscribe","room_id":)" + std::to_string(club) + "}"));
  EXPECT_TRUE(bob_ws.wait_for("error", 5s).has_value()); // and he cannot come back
}

// The kernel's deactivation (DELETE /account/users/:id) and ban (POST /users/:id/ban) run the
// user.deactivated and user.banned hooks. Skipped if a kernel without those routes answers 404/405.

TEST_F(RoomAdmin, DeactivationRemovesSharedMembershipsOnly) {
  int64_t club = closed_room(ann, "Club", {bob_id});
  int64_t dm = direct_room(ann, {bob_id});
  post(bob, club, "Bob's words stay");
  WsClient bob_ws;
  open(bob_ws, bob);
  subscribe(bob_ws, club);

  HttpResponse r = ann.del(path("/account/users/", bob_id));
  ASSERT_TRUE(r.status >= 200 && r.status < 300) << r.status << " " << r.body;

  auto members = [&](int64_t room) {
    std::vector<int64_t> ids;
    rapidjson::Document detail = ann.get(path("/rooms/", room)).json();
    for (const auto& m : detail["members"].GetArray()) ids.push_back(id_in(m));
    return ids;
  };
  EXPECT_EQ(members(club), (std::vector<int64_t>{ann_id}));
  EXPECT_EQ(members(all_talk), (std::vector<int64_t>{ann_id, cy_id}));
  EXPECT_EQ(members(dm).size(), 2u); // direct rooms keep the deactivated member
  HttpResponse messages = ann.get(path("/rooms/", club, "/messages"));
  EXPECT_NE(messages.body.find("Bob's words stay"), std::string::npos);
  // Bob's socket is closed by the kernel, or at least cut off the club.
  post(ann, club, "after Bob");
  EXPECT_FALSE(bob_ws.wait_for("message.created", 300ms).has_value());
}

TEST_F(RoomAdmin, BanDeletesEveryMessageOfTheUserLive) {
  int64_t dm = direct_room(ann, {bob_id});
  post(bob, all_talk, "spam one");
  post(bob, dm, "spam two");
  post(cy, all_talk, "Cy stays");
  WsClient ann_ws;
  open(ann_ws, ann);
  subscribe(ann_ws, all_talk);
  subscribe(ann_ws, dm);

  HttpResponse r = ann.post(path("/users/", bob_id, "/ban"), "{}");
  ASSERT_TRUE(r.status >= 200 && r.status < 300) << r.status << " " << r.body;

  std::set<int64_t> deleted_rooms;
  for (int i = 0; i < 2; ++i) {
    auto deleted = ann_ws.wait_for("message.deleted", 5s);
    ASSERT_TRUE(deleted.has_value());
    deleted_rooms.insert(id_in((*deleted)["data"], "room_id"));
    EXPECT_TRUE((*deleted)["data"].HasMember("client_message_id"));
  }
  EXPECT_EQ(deleted_rooms, (std::set<int64_t>{all_talk, dm}));
  std::string all = ann.get(path("/rooms/", all_talk, "/messages")).body;
  EXPECT_EQ(all.find("spam one"), std::string::npos);
  EXPECT_NE(all.find("Cy stays"), std::string::npos);
  EXPECT_EQ(ann.get(path("/rooms/", dm, "/messages")).body.find("spam two"), std::string::npos);
}

}  // namespace
}  // namespace cf::test
