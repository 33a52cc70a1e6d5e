// plugins/webhooks, bot administration (/account/bots): the bot JSON, validation, the permission
// matrix, key regeneration and deactivation (Campfire's Accounts::BotsController, CAMPFIRE.md §4).
#include "tests/integration/bots_support.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <regex>

namespace cf::test {
namespace {

using bots::create_bot;

class BotAdmin : public ::testing::Test {
protected:
  void SetUp() override {
    first_run(admin);
    sign_up(admin, member, "Bea", "bea@example.com");
    room = room_id(admin);
  }

  ServerProcess server;
  HttpClient admin{server.port()};
  HttpClient member{server.port()};
  int64_t room = 0;
};

TEST_F(BotAdmin, CreatesABotWithCampfiresFields) {
  HttpResponse r = admin.post("/account/bots", R"({"user":{"name":"  Helper  ","webhook_url":"https://bots.example.com/hook?x=1"}})");
  ASSERT_EQ(r.status, 201) << r.body;
  rapidjson::Document doc = r.json();
  const auto& bot = doc["bot"];
  int64_t id = bot["id"].GetInt64();
  EXPECT_STREQ(bot["name"].GetString(), "Helper");
  EXPECT_STREQ(bot["webhook_url"].GetString(), "https://bots.example.com/hook?x=1");
  std::string key = bot["bot_key"].GetString();
  EXPECT_TRUE(std::regex_match(key, std::regex(std::to_string(id) + "-[A-Za-z0-9]{12}"))) << key;
  EXPECT_EQ(std::string(bot["avatar_url"].GetString()), "/users/" + std::to_string(id) + "/avatar");
  EXPECT_EQ(std::string(bot["created_at"].GetString()).size(), 24u);
  EXPECT_FALSE(bot["sign_requests"].GetBool());
  EXPECT_FALSE(bot["envelope"].GetBool());
  EXPECT_FALSE(bot["retries"].GetBool());
  EXPECT_FALSE(bot["include_reply_url"].GetBool());
  EXPECT_EQ(std::string(bot["signing_secret"].GetString()).size(), 64u);
  EXPECT_TRUE(bot["last_delivery"].IsNull());

  // A kernel user with the bot role: it has a public profile, and it joined the open room.
  HttpResponse profile = admin.get("/users/" + std::to_string(id));
  ASSERT_EQ(profile.status, 200) << profile.body;
  EXPECT_STREQ(profile.json()["user"]["role"].GetString(), "bot");
  HttpResponse listed = admin.get(bots::bot_path(room, key));
  EXPECT_EQ(listed.status, 200) << listed.body;

  // Listed, shown; a webhook is optional.
  create_bot(admin, "Another");
  HttpResponse all = admin.get("/account/bots");
  ASSERT_EQ(all.status, 200);
  rapidjson::Document list = all.json();
  ASSERT_EQ(list["bots"].Size(), 2u);
  EXPECT_STREQ(list["bots"][0]["name"].GetString(), "Another");  // by name
  EXPECT_TRUE(list["bots"][0]["webhook_url"].IsNull());
  EXPECT_STREQ(list["bots"][1]["bot_key"].GetString(), key.c_str());
  HttpResponse shown = admin.get("/account/bots/" + std::to_string(id));
  ASSERT_EQ(shown.status, 200);
  EXPECT_STREQ(shown.json()["bot"]["name"].GetString(), "Helper");
}

TEST_F(BotAdmin, UpdatesOnlyTheFieldsGiven) {
  auto bot = create_bot(admin, "Helper", "http://bots.example.com/a");
  std::string path = "/account/bots/" + std::to_string(bot.id);
  HttpResponse r = admin.patch(path, R"({"user":{"name":"Renamed","sign_requests":true,"envelope":"1"}})");
  ASSERT_EQ(r.status, 200) << r.body;
  rapidjson::Document doc = r.json();
  EXPECT_STREQ(doc["bot"]["name"].GetString(), "Renamed");
  EXPECT_STREQ(doc["bot"]["webhook_url"].GetString(), "http://bots.example.com/a");
  EXPECT_TRUE(doc["bot"]["sign_requests"].GetBool());
  EXPECT_TRUE(doc["bot"]["envelope"].GetBool());
  EXPECT_FALSE(doc["bot"]["retries"].GetBool());

  r = admin.put(path, R"({"user":{"webhook_url":null,"retries":true,"include_reply_url":true}})");
  ASSERT_EQ(r.status, 200) << r.body;
  doc = r.json();
  EXPECT_TRUE(doc["bot"]["webhook_url"].IsNull());
  EXPECT_STREQ(doc["bot"]["name"].GetString(), "Renamed");
  EXPECT_TRUE(doc["bot"]["retries"].GetBool());
  EXPECT_TRUE(doc["bot"]["include_reply_url"].GetBool());

  r = admin.put(path, R"({"user":{"webhook_url":"https://b.example.org"}})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_STREQ(r.json()["bot"]["webhook_url"].GetString(), "https://b.example.org");
  // Campfire's form shape works too.
  r = admin.request("PATCH", path, "user%5Bname%5D=Formed", {{"Content-Type", "application/x-www-form-urlencoded"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_STREQ(r.json()["bot"]["name"].GetString(), "Formed");
}

TEST_F(BotAdmin, ValidatesNamesUrlsAndFlags) {
  auto status_of = [&](std::string_view user) { return admin.post("/account/bots", "{\"user\":" + std::string(user) + "}").status; };
  EXPECT_EQ(status_of(R"({"name":"   "})"), 422);
  EXPECT_EQ(status_of(R"({"webhook_url":"https://x.example"})"), 422);  // no name
  EXPECT_EQ(status_of("{\"name\":" + bots::quoted(std::string(101, 'a')) + "}"), 422);
  EXPECT_EQ(status_of(R"({"name":"a\u0007b"})"), 422);
  EXPECT_EQ(status_of(R"({"name":5})"), 400);
  EXPECT_EQ(admin.post("/account/bots", R"({"user":"Helper"})").status, 400);
  for (const char* url : {"ftp://example.com/hook", "javascript:alert(1)", "http://", "http://user:pw@example.com/",
                          "https://exa mple.com/", "//example.com/hook", "http://example.com:0/", "http://example.com:99999/",
                          "http://[::1/"})
    EXPECT_EQ(status_of("{\"name\":\"B\",\"webhook_url\":" + bots::quoted(url) + "}"), 422) << url;
  EXPECT_EQ(status_of("{\"name\":\"B\",\"webhook_url\":" + bots::quoted("https://example.com/" + std::string(2048, 'a')) + "}"), 422);
  EXPECT_EQ(status_of(R"({"name":"B","webhook_url":7})"), 400);
  EXPECT_EQ(status_of(R"({"name":"B","envelope":"maybe"})"), 422);
  EXPECT_EQ(status_of(R"({"name":"B","webhook_url":"http://[2001:db8::1]:8080/x"})"), 201);
  EXPECT_EQ(status_of(R"({"name":"B2","webhook_url":""})"), 201);  // empty: no webhook

  // Ids: not a number, a person, nobody.
  EXPECT_EQ(admin.get("/account/bots/abc").status, 404);
  EXPECT_EQ(admin.get("/account/bots/" + std::to_string(bots::my_id(admin))).status, 404);
  EXPECT_EQ(admin.patch("/account/bots/999999", R"({"user":{"name":"X"}})").status, 404);
  EXPECT_EQ(admin.del("/account/bots/999999").status, 404);
  EXPECT_EQ(admin.put("/account/bots/999999/key").status, 404);
  // Nothing half-made: only the two valid bots exist.
  EXPECT_EQ(admin.get("/account/bots").json()["bots"].Size(), 2u);
}

TEST_F(BotAdmin, OnlyAdministratorsManageBots) {
  auto bot = create_bot(admin, "Helper");
  std::string one = "/account/bots/" + std::to_string(bot.id);
  HttpClient anonymous{server.port()};
  struct Call {
    const char* method;
    std::string path;
    const char* body;
  };
  std::vector<Call> calls = {{"GET", "/account/bots", ""},
                             {"POST", "/account/bots", R"({"user":{"name":"Mine"}})"},
                             {"GET", one, ""},
                             {"PUT", one, R"({"user":{"name":"Mine"}})"},
                             {"PATCH", one, R"({"user":{"name":"Mine"}})"},
                             {"DELETE", one, ""},
                             {"PUT", one + "/key", ""},
                             {"PATCH", one + "/key", ""},
                             {"GET", "/account/webhooks/stats", ""}};
  for (const auto& c : calls) {
    EXPECT_EQ(member.request(c.method, c.path, c.body).status, 403) << c.method << " " << c.path;
    EXPECT_EQ(anonymous.request(c.method, c.path, c.body).status, 401) << c.method << " " << c.path;
    // A bot key does not open them either.
    EXPECT_EQ(anonymous.request(c.method, c.path + "?bot_key=" + bot.key, c.body).status, 403) << c.method << " " << c.path;
  }
  HttpResponse after = admin.get(one);
  ASSERT_EQ(after.status, 200);
  EXPECT_STREQ(after.json()["bot"]["name"].GetString(), "Helper");
  EXPECT_EQ(admin.get("/account/bots").json()["bots"].Size(), 1u);
  EXPECT_EQ(admin.get("/account/webhooks/stats").status, 200);
}

TEST_F(BotAdmin, RegeneratingTheKeyRetiresTheOldOne) {
  auto bot = create_bot(admin, "Helper");
  HttpClient client{server.port()};
  ASSERT_EQ(bots::bot_post(client, bots::bot_path(room, bot.key), "before").status, 201);
  HttpResponse r = admin.put("/account/bots/" + std::to_string(bot.id) + "/key");
  ASSERT_EQ(r.status, 200) << r.body;
  rapidjson::Document doc = r.json();
  std::string fresh = doc["bot"]["bot_key"].GetString();
  EXPECT_NE(fresh, bot.key);
  EXPECT_NE(std::string(doc["bot"]["signing_secret"].GetString()), bot.signing_secret);
  EXPECT_EQ(bots::bot_post(client, bots::bot_path(room, bot.key), "old key").status, 302);
  EXPECT_EQ(bots::bot_post(client, bots::bot_path(room, fresh), "new key").status, 201);
  EXPECT_EQ(admin.patch("/account/bots/" + std::to_string(bot.id) + "/key").status, 200);
  EXPECT_EQ(bots::bot_post(client, bots::bot_path(room, fresh), "again").status, 302);
}

TEST_F(BotAdmin, DeactivatingABotRetiresItEverywhere) {
  auto bot = create_bot(admin, "Helper");
  HttpClient client{server.port()};
  ASSERT_EQ(bots::bot_post(client, bots::bot_path(room, bot.key), "hello").status, 201);
  ASSERT_EQ(admin.del("/account/bots/" + std::to_string(bot.id)).status, 204);
  EXPECT_EQ(admin.get("/account/bots/" + std::to_string(bot.id)).status, 404);
  EXPECT_EQ(admin.get("/account/bots").json()["bots"].Size(), 0u);
  EXPECT_EQ(admin.del("/account/bots/" + std::to_string(bot.id)).status, 404);
  EXPECT_EQ(bots::bot_post(client, bots::bot_path(room, bot.key), "still here?").status, 302);
  // The kernel's user.deactivated hook ran, so the rooms plugin took it out of the open room, as
  // it does for a person the kernel deactivates (checked first: older rooms plugins kept both).
  auto members = [&] {
    std::vector<int64_t> ids;
    rapidjson::Document detail = admin.get("/rooms/" + std::to_string(room)).json();
    for (const auto& m : detail["members"].GetArray()) ids.push_back(m["id"].GetInt64());
    return ids;
  };
  int64_t bea = bots::my_id(member);
  ASSERT_EQ(admin.del("/account/users/" + std::to_string(bea)).status, 204);
  auto ids = members();
  bool rooms_handles_deactivation = std::find(ids.begin(), ids.end(), bea) == ids.end();
  if (rooms_handles_deactivation) {
    EXPECT_EQ(std::find(ids.begin(), ids.end(), bot.id), ids.end());
  }
  // Its messages stay (Campfire keeps a deactivated user's messages).
  EXPECT_TRUE(bots::has_message_by(admin, room, bot.id, "hello"));
}

}  // namespace
}  // namespace cf::test
