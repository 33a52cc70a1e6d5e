// Integration tests for involvement (plugins/rooms involvement.cpp): the four levels with their
// defaults, labels and bell cycles; the direct-room restriction; bad input; and that going
// invisible and back removes and adds the room in every tab of that user, live.
#include "tests/integration/room_people.h"

namespace cf::test {
namespace {

class Involvement : public RoomPeople {
protected:
  rapidjson::Document involvement(HttpClient& who, int64_t room) {
    HttpResponse r = who.get(path("/rooms/", room, "/involvement"));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }
  HttpResponse set(HttpClient& who, int64_t room, std::string_view level) {
    return who.put(path("/rooms/", room, "/involvement"), R"({"involvement":")" + std::string(level) + R"("})");
  }
};

TEST_F(Involvement, DefaultsLabelsAndTheBellCycles) {
  rapidjson::Document shared = involvement(bob, all_talk);
  EXPECT_EQ(id_in(shared, "room_id"), all_talk);
  EXPECT_EQ(str_of(shared, "involvement"), "mentions");
  EXPECT_EQ(str_of(shared, "label"), "Notifying about @ mentions");
  EXPECT_EQ(str_of(shared, "next"), "everything");

  // Shared rooms: mentions → everything → nothing → invisible → mentions, following "next".
  const std::vector<std::pair<std::string, std::string>> cycle = {
      {"everything", "Notifying about all messages"},
      {"nothing", "Notifications are off"},
      {"invisible", "Notifications are off and room invisible in sidebar"},
      {"mentions", "Notifying about @ mentions"},
  };
  std::string next = str_of(shared, "next");
  for (const auto& [level, label] : cycle) {
    EXPECT_EQ(next, level);
    HttpResponse r = set(bob, all_talk, next);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(str_of(r.json(), "involvement"), level);
    EXPECT_EQ(str_of(r.json(), "label"), label);
    rapidjson::Document shown = involvement(bob, all_talk);
    EXPECT_EQ(str_of(shown, "involvement"), level);
    next = str_of(shown, "next");
  }

  // Direct rooms: everything ⇄ nothing.
  int64_t dm = direct_room(bob, {cy_id});
  rapidjson::Document direct = involvement(cy, dm);
  EXPECT_EQ(str_of(direct, "involvement"), "everything");
  EXPECT_EQ(str_of(direct, "next"), "nothing");
  ASSERT_EQ(cy.patch(path("/rooms/", dm, "/involvement?involvement=nothing"), "").status, 200);
  EXPECT_EQ(str_of(involvement(cy, dm), "next"), "everything");
  EXPECT_EQ(str_of(involvement(bob, dm), "involvement"), "everything"); // Bob's own is untouched
  // A form body works too.
  HttpResponse form = cy.request("PUT", path("/rooms/", dm, "/involvement"), "involvement=everything",
                                 {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(form.status, 200) << form.body;
  EXPECT_EQ(str_of(involvement(cy, dm), "involvement"), "everything");
}

TEST_F(Involvement, BadInputIsA4xxWithAnError) {
  int64_t dm = direct_room(bob, {cy_id});
  int64_t club = closed_room(ann, "Club", {});
  expect_json_error(bob.put(path("/rooms/", all_talk, "/involvement"), "{}"), 422);
  expect_json_error(set(bob, all_talk, "loud"), 422);
  expect_json_error(set(bob, all_talk, "Mentions"), 422);
  expect_json_error(bob.put(path("/rooms/", all_talk, "/involvement"), R"({"involvement":3})"), 400);
  expect_json_error(bob.put(path("/rooms/", all_talk, "/involvement?involvement="), ""), 422);
  expect_json_error(set(bob, dm, "mentions"), 422);
  expect_json_error(set(bob, dm, "invisible"), 422);
  EXPECT_EQ(str_of(involvement(bob, dm), "involvement"), "everything");
  EXPECT_EQ(str_of(involvement(bob, all_talk), "involvement"), "mentions");

  // Not a member: exactly the answer for a room that does not exist.
  HttpResponse missing = bob.get("/rooms/999999/involvement");
  expect_json_error(missing, 404);
  for (HttpResponse r : {bob.get(path("/rooms/", club, "/involvement")), set(bob, club, "nothing"),
                         bob.patch(path("/rooms/", club, "/involvement?involvement=nothing"), "")}) {
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(r.body, missing.body);
  }
  expect_json_error(set(cy, dm + 1000, "nothing"), 404);
  expect_json_error(bob.get("/rooms/abc/involvement"), 404);
  EXPECT_EQ(HttpClient(server.port()).get(path("/rooms/", all_talk, "/involvement")).status, 401);
}

TEST_F(Involvement, InvisibleLeavesTheSidebarInEveryTabAndComesBack) {
  WsClient tab1, tab2;
  open(tab1, bob);
  open(tab2, bob);

  ASSERT_EQ(set(bob, all_talk, "invisible").status, 200);
  for (WsClient* tab : {&tab1, &tab2}) expect_next(*tab, "sidebar.", "sidebar.room_removed", all_talk);
  HttpResponse list = bob.get("/rooms");
  EXPECT_EQ(list.body.find("All Talk"), std::string::npos) << list.body;

  ASSERT_EQ(set(bob, all_talk, "everything").status, 200);
  for (WsClient* tab : {&tab1, &tab2}) {
    rapidjson::Document back = expect_next(*tab, "sidebar.", "sidebar.room_added", all_talk);
    EXPECT_EQ(str_of(back, "involvement"), "everything");
    EXPECT_EQ(str_of(back, "name"), "All Talk");
  }
  ASSERT_EQ(set(bob, all_talk, "nothing").status, 200);
  EXPECT_EQ(str_of(expect_next(tab1, "sidebar.", "sidebar.room_updated", all_talk), "involvement"), "nothing");
  ASSERT_EQ(set(bob, all_talk, "nothing").status, 200); // unchanged: nothing to tell

  // Direct rooms send none (Campfire skips them); the next event is the shared room's.
  int64_t dm = direct_room(cy, {bob_id});
  expect_next(tab1, "sidebar.", "sidebar.room_added", dm);
  ASSERT_EQ(set(bob, dm, "nothing").status, 200);
  ASSERT_EQ(set(bob, all_talk, "mentions").status, 200);
  EXPECT_EQ(str_of(expect_next(tab1, "sidebar.", "sidebar.room_updated", all_talk), "involvement"), "mentions");
}

}  // namespace
}  // namespace cf::test
