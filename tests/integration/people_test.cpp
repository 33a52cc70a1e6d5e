// Integration tests for the kernel's people and account routes (CAMPFIRE.md §2, §7):
// profile edits, transfer links (single use), roles, deactivation, IP bans, account settings.
#include "tests/support/support.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace cf::test {
namespace {

using namespace std::chrono_literals;

constexpr const char* kBeaIp = "203.0.113.7";

class People : public ::testing::Test {
protected:
  void SetUp() override {
    first_run(admin);
    // Bea joins from a public address (trusted X-Forwarded-For from loopback), so a ban has one.
    HttpResponse account = admin.get("/account");
    ASSERT_EQ(account.status, 200) << account.body;
    join_code = account.json()["account"]["join_code"].GetString();
    HttpResponse r = bea.request("POST", "/join/" + join_code, user_json("Bea", "bea@example.com", "secret-password"),
                                 {{"X-Forwarded-For", kBeaIp}});
    ASSERT_EQ(r.status, 201) << r.body;
    bea_id = r.json()["user"]["id"].GetInt64();
  }

  std::string origin() const { return "http://127.0.0.1:" + std::to_string(server.port()); }
  std::string bea_path(std::string_view prefix, std::string_view suffix = "") const {
    return std::string(prefix) + std::to_string(bea_id) + std::string(suffix);
  }

  int sign_in(HttpClient& http, std::string_view email, std::string_view password) {
    return http.post("/session", "{\"email_address\":\"" + std::string(email) + "\",\"password\":\"" +
                                     std::string(password) + "\"}")
        .status;
  }

  ServerProcess server;
  HttpClient admin{server.port()};
  HttpClient bea{server.port()};
  std::string join_code;
  int64_t bea_id = 0;
};

TEST_F(People, ProfileUpdatesNameEmailBioAndPassword) {
  HttpResponse r = bea.patch("/users/me/profile",
                             R"({"user":{"name":"  Bea Smith ","email_address":"bea.smith@example.com",)"
                             R"("password":"another-password","bio":"Line one\nline two"}})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto doc = r.json();
  EXPECT_STREQ(doc["user"]["name"].GetString(), "Bea Smith");
  EXPECT_STREQ(doc["user"]["email_address"].GetString(), "bea.smith@example.com");
  EXPECT_STREQ(doc["user"]["bio"].GetString(), "Line one\nline two");

  HttpClient fresh{server.port()};
  EXPECT_EQ(sign_in(fresh, "bea@example.com", "secret-password"), 401);
  EXPECT_EQ(sign_in(fresh, "bea.smith@example.com", "secret-password"), 401);
  EXPECT_EQ(sign_in(fresh, "bea.smith@example.com", "another-password"), 201);

  // A blank password and missing fields leave things as they are.
  r = bea.put("/users/me/profile", R"({"user":{"password":"","bio":null}})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_STREQ(r.json()["user"]["bio"].GetString(), "Line one\nline two");
  HttpClient again{server.port()};
  EXPECT_EQ(sign_in(again, "bea.smith@example.com", "another-password"), 201);
}

TEST_F(People, ProfileRefusesBadInput) {
  EXPECT_EQ(bea.patch("/users/me/profile", R"({"name":"x"})").status, 400);
  EXPECT_EQ(bea.patch("/users/me/profile", R"({"user":{"name":7}})").status, 400);
  EXPECT_EQ(bea.patch("/users/me/profile", R"({"user":{"name":"   "}})").status, 422);
  EXPECT_EQ(bea.patch("/users/me/profile", R"({"user":{"email_address":"not-an-email"}})").status, 422);
  EXPECT_EQ(bea.patch("/users/me/profile", R"({"user":{"email_address":"ADMIN@example.com"}})").status, 422);
  EXPECT_EQ(bea.patch("/users/me/profile", R"({"user":{"password":"short"}})").status, 422);
  std::string bio(201, 'b');
  HttpResponse r = bea.patch("/users/me/profile", R"({"user":{"bio":")" + bio + "\"}}");
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_NE(r.json()["error"].GetString(), std::string());
  // 200 characters are fine even when each is several bytes.
  std::string hearts;
  for (int i = 0; i < 200; ++i) hearts += "\u2764";
  EXPECT_EQ(bea.patch("/users/me/profile", R"({"user":{"bio":")" + hearts + "\"}}").status, 200);
  HttpClient anonymous{server.port()};
  EXPECT_EQ(anonymous.patch("/users/me/profile", R"({"user":{"name":"x"}})").status, 401);
}

TEST_F(People, TransferLinkSignsInOnceOnly) {
  HttpResponse profile = bea.get("/users/me/profile");
  ASSERT_EQ(profile.status, 200) << profile.body;
  std::string url = profile.json()["user"]["transfer_url"].GetString();
  ASSERT_EQ(url.rfind("/session/transfers/", 0), 0u) << url;

  HttpClient phone{server.port()};
  HttpResponse check = phone.get(url);
  ASSERT_EQ(check.status, 200) << check.body;
  EXPECT_STREQ(check.json()["user"]["name"].GetString(), "Bea");
  HttpResponse used = phone.put(url);
  ASSERT_EQ(used.status, 200) << used.body;
  HttpResponse me = phone.get("/users/me/profile");
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.json()["user"]["id"].GetInt64(), bea_id);

  HttpClient thief{server.port()};
  EXPECT_EQ(thief.get(url).status, 400);
  EXPECT_EQ(thief.put(url).status, 400);
  EXPECT_EQ(thief.get("/users/me/profile").status, 401);

  std::string forged = url;
  forged[forged.size() - 1] = forged.back() == '0' ? '1' : '0';
  EXPECT_EQ(thief.put(forged).status, 400);
  EXPECT_EQ(thief.put("/session/transfers/nonsense").status, 400);
}

TEST_F(People, AdministratorsSeeTransferLinksAndEmailsOfOthers) {
  HttpResponse as_admin = admin.get(bea_path("/users/"));
  ASSERT_EQ(as_admin.status, 200) << as_admin.body;
  auto doc = as_admin.json();
  EXPECT_STREQ(doc["user"]["email_address"].GetString(), "bea@example.com");
  ASSERT_TRUE(doc["user"].HasMember("transfer_url"));

  HttpResponse admin_profile = admin.get("/users/me/profile");
  int64_t admin_id = admin_profile.json()["user"]["id"].GetInt64();
  HttpResponse as_member = bea.get("/users/" + std::to_string(admin_id));
  ASSERT_EQ(as_member.status, 200) << as_member.body;
  EXPECT_FALSE(as_member.json()["user"].HasMember("email_address"));
  EXPECT_FALSE(as_member.json()["user"].HasMember("transfer_url"));
  EXPECT_EQ(bea.get("/users/999999").status, 404);
  EXPECT_EQ(bea.get("/users/abc").status, 404);
}

TEST_F(People, RolesChangeButNeverYourOwn) {
  EXPECT_EQ(bea.patch("/account", R"({"account":{"name":"Mine"}})").status, 403);
  HttpResponse r = admin.patch(bea_path("/account/users/"), R"({"user":{"role":"administrator"}})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_STREQ(r.json()["user"]["role"].GetString(), "administrator");
  EXPECT_EQ(bea.patch("/account", R"({"account":{"name":"Ours"}})").status, 200);

  // Anything but "administrator" makes a member, as Campfire.
  r = admin.put(bea_path("/account/users/"), R"({"user":{"role":"owner"}})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_STREQ(r.json()["user"]["role"].GetString(), "member");
  EXPECT_EQ(bea.patch("/account", R"({"account":{"name":"Mine"}})").status, 403);

  int64_t admin_id = admin.get("/users/me/profile").json()["user"]["id"].GetInt64();
  EXPECT_EQ(admin.patch("/account/users/" + std::to_string(admin_id), R"({"user":{"role":"member"}})").status, 403);
  EXPECT_EQ(bea.patch("/account/users/" + std::to_string(admin_id), R"({"user":{"role":"member"}})").status, 403);
  EXPECT_EQ(admin.patch("/account/users/424242", R"({"user":{"role":"member"}})").status, 404);
  EXPECT_EQ(admin.patch(bea_path("/account/users/"), R"({"role":"member"})").status, 400);
}

TEST_F(People, DeactivationEndsSessionsAndSocketsFreesTheEmailAndKeepsMessages) {
  int64_t room = room_id(bea);
  HttpResponse posted = bea.post("/rooms/" + std::to_string(room) + "/messages", R"({"message":{"body":"still here"}})");
  ASSERT_EQ(posted.status, 201) << posted.body;
  WsClient ws;
  ASSERT_TRUE(ws.connect(server.cable_port(), bea.cookie_header(), origin()));
  ASSERT_TRUE(ws.wait_for("welcome", 3s).has_value());

  int64_t admin_id = admin.get("/users/me/profile").json()["user"]["id"].GetInt64();
  EXPECT_EQ(admin.del("/account/users/" + std::to_string(admin_id)).status, 403);
  EXPECT_EQ(bea.del("/account/users/" + std::to_string(admin_id)).status, 403);
  HttpResponse r = admin.del(bea_path("/account/users/"));
  ASSERT_EQ(r.status, 204) << r.body;

  auto until = std::chrono::steady_clock::now() + 3s;
  while (!ws.closed() && std::chrono::steady_clock::now() < until) ws.recv_text(100ms);
  EXPECT_EQ(ws.close_code(), 1008);
  EXPECT_EQ(bea.get("/users/me/profile").status, 401);
  HttpClient fresh{server.port()};
  EXPECT_EQ(sign_in(fresh, "bea@example.com", "secret-password"), 401);

  HttpResponse shown = admin.get(bea_path("/users/"));
  ASSERT_EQ(shown.status, 200);
  EXPECT_STREQ(shown.json()["user"]["status"].GetString(), "deactivated");
  auto messages = admin.get("/rooms/" + std::to_string(room) + "/messages");
  EXPECT_NE(messages.body.find("still here"), std::string::npos) << messages.body;
  EXPECT_EQ(admin.del(bea_path("/account/users/")).status, 404); // already gone

  // The address is free again: a new Bea can join with it.
  HttpClient newcomer{server.port()};
  HttpResponse joined = newcomer.post("/join/" + join_code, user_json("Bea again", "bea@example.com", "secret-password"));
  EXPECT_EQ(joined.status, 201) << joined.body;
  HttpResponse list = bea.get("/account/users");
  EXPECT_EQ(list.status, 401);
  list = admin.get("/account/users");
  EXPECT_EQ(list.body.find("\"Bea\""), std::string::npos) << list.body;
  EXPECT_NE(list.body.find("Bea again"), std::string::npos) << list.body;
}

TEST_F(People, BansBlockTheAddressUntilLifted) {
  WsClient ws;
  ASSERT_TRUE(ws.connect(server.cable_port(), bea.cookie_header(), origin()));
  ASSERT_TRUE(ws.wait_for("welcome", 3s).has_value());
  EXPECT_EQ(bea.post(bea_path("/users/", "/ban")).status, 403);

  HttpResponse r = admin.post(bea_path("/users/", "/ban"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_STREQ(r.json()["user"]["status"].GetString(), "banned");
  auto until = std::chrono::steady_clock::now() + 3s;
  while (!ws.closed() && std::chrono::steady_clock::now() < until) ws.recv_text(100ms);
  EXPECT_EQ(ws.close_code(), 1008);
  EXPECT_EQ(bea.get("/users/me/profile").status, 401);

  // Anyone behind that address may read but not write; other addresses are unaffected.
  HttpClient same_place{server.port()};
  HttpResponse blocked = same_place.request(
      "POST", "/session", R"({"email_address":"bea@example.com","password":"secret-password"})", {{"X-Forwarded-For", kBeaIp}});
  EXPECT_EQ(blocked.status, 429) << blocked.body;
  EXPECT_EQ(same_place.request("GET", "/up", "", {{"X-Forwarded-For", kBeaIp}}).status, 200);
  HttpClient elsewhere{server.port()};
  EXPECT_EQ(sign_in(elsewhere, "bea@example.com", "secret-password"), 401); // banned people cannot sign in

  // Admins still list banned people; members do not.
  HttpClient cy{server.port()};
  sign_up(admin, cy, "Cy", "cy@example.com");
  EXPECT_NE(admin.get("/account/users").body.find("\"banned\""), std::string::npos);
  EXPECT_EQ(cy.get("/account/users").body.find("\"Bea\""), std::string::npos);

  r = admin.del(bea_path("/users/", "/ban"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_STREQ(r.json()["user"]["status"].GetString(), "active");
  HttpClient back{server.port()};
  HttpResponse signed_in = back.request(
      "POST", "/session", R"({"email_address":"bea@example.com","password":"secret-password"})", {{"X-Forwarded-For", kBeaIp}});
  EXPECT_EQ(signed_in.status, 201) << signed_in.body;
}

TEST_F(People, AccountSettingsStylesAndJoinCode) {
  HttpResponse r = admin.patch("/account", R"({"account":{"name":"Team","custom_styles":"body{color:red}",)"
                                           R"("settings":{"restrict_room_creation_to_administrators":true}}})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto doc = r.json();
  EXPECT_STREQ(doc["account"]["name"].GetString(), "Team");
  EXPECT_STREQ(doc["account"]["custom_styles"].GetString(), "body{color:red}");
  EXPECT_TRUE(doc["account"]["settings"]["restrict_room_creation_to_administrators"].GetBool());
  HttpResponse seen = bea.get("/account");
  EXPECT_STREQ(seen.json()["account"]["name"].GetString(), "Team");

  EXPECT_EQ(admin.patch("/account", R"({"account":{"settings":{"nope":true}}})").status, 422);
  EXPECT_EQ(admin.patch("/account", R"({"account":{"name":""}})").status, 422);
  EXPECT_EQ(admin.patch("/account", R"({"account":{"custom_styles":")" + std::string(70000, 'a') + "\"}}").status, 422);
  EXPECT_EQ(bea.put("/account/custom_styles", R"({"account":{"custom_styles":""}})").status, 403);

  EXPECT_EQ(bea.post("/account/join_code").status, 403);
  r = admin.post("/account/join_code");
  ASSERT_EQ(r.status, 200) << r.body;
  std::string fresh_code = r.json()["account"]["join_code"].GetString();
  EXPECT_NE(fresh_code, join_code);
  HttpClient outsider{server.port()};
  EXPECT_EQ(outsider.get("/join/" + join_code).status, 404);
  EXPECT_EQ(outsider.get("/join/" + fresh_code).status, 200);
}

}  // namespace
}  // namespace cf::test
