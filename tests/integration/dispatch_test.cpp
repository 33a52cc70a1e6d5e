// cf_dispatch (SDK level 2), through the example plugin's relay: an in-process request runs the
// rooms plugin's own route as the caller, with every rule of that route applied.
#include "tests/support/support.h"

#include <gtest/gtest.h>

#include <string>

namespace cf::test {
namespace {

class Dispatch : public ::testing::Test {
protected:
  void SetUp() override {
    first_run(admin);
    sign_up(admin, bea, "Bea", "bea@example.com");
    room = room_id(admin);
  }

  std::string relay_body(int64_t room_id, std::string_view text) const {
    return "{\"room_id\":" + std::to_string(room_id) + ",\"body\":\"" + std::string(text) + "\"}";
  }

  ServerProcess server;
  HttpClient admin{server.port()};
  HttpClient bea{server.port()};
  int64_t room = 0;
};

TEST_F(Dispatch, RunsTheRoomsRouteAsTheCaller) {
  HttpResponse r = bea.post("/api/example/relay", relay_body(room, "relayed hello"));
  ASSERT_EQ(r.status, 201) << r.body;
  auto doc = r.json();
  EXPECT_STREQ(doc["body"].GetString(), "relayed hello");
  EXPECT_STREQ(doc["creator"]["name"].GetString(), "Bea");

  HttpResponse list = admin.get("/rooms/" + std::to_string(room) + "/messages");
  EXPECT_NE(list.body.find("relayed hello"), std::string::npos) << list.body;
}

TEST_F(Dispatch, TheInnerRoutesRulesApply) {
  // A closed room Bea is not in: the rooms plugin answers 404 to the inner request.
  HttpResponse closed = admin.post("/rooms/closeds", R"({"room":{"name":"Secret"},"user_ids":[]})");
  ASSERT_EQ(closed.status, 201) << closed.body;
  int64_t secret = closed.json()["id"].GetInt64();
  EXPECT_EQ(bea.post("/api/example/relay", relay_body(secret, "peek")).status, 404);
  // Hooks run too: the example's own veto refuses the relayed text.
  EXPECT_EQ(bea.post("/api/example/relay", relay_body(room, "#blocked-by-example")).status, 422);
  EXPECT_EQ(bea.post("/api/example/relay", R"({"room_id":"x"})").status, 400);
  HttpClient anonymous{server.port()};
  EXPECT_EQ(anonymous.post("/api/example/relay", relay_body(room, "hi")).status, 401);
}

}  // namespace
}  // namespace cf::test
