// plugins/webhooks, the bot API exactly as Campfire's (CAMPFIRE.md §4): posting a raw body,
// listing with X-Total-Count and Link, editing and deleting its own messages, boosts, and the key
// rules (302 for a bad key, 403 for a key anywhere else, 404 for a room the bot is not in).
#include "tests/integration/bots_support.h"

#include <gtest/gtest.h>

namespace cf::test {
namespace {

using bots::bot_path;
using bots::create_bot;

class BotApi : public ::testing::Test {
protected:
  void SetUp() override {
    first_run(admin);
    room = room_id(admin);
    bot = create_bot(admin, "Helper");
    path = bot_path(room, bot.key);
  }

  // A bot is a script with curl: no cookies, no Origin.
  HttpResponse as_bot(std::string_view method, const std::string& target, std::string_view body,
                      std::string_view content_type = "text/plain") {
    return client.request(method, target, body, {{"Content-Type", std::string(content_type)}});
  }
  int64_t posted_id(const HttpResponse& r) {
    std::string location = r.header("location");
    EXPECT_EQ(location.rfind("/messages/", 0), 0u) << location;
    return std::stoll(location.substr(10));
  }

  ServerProcess server;
  HttpClient admin{server.port()};
  HttpClient client{server.port()};
  int64_t room = 0;
  bots::BotRef bot;
  std::string path;
};

TEST_F(BotApi, PostsTheRawBodyAndAnswersCreatedWithALocation) {
  HttpResponse r = as_bot("POST", path, "Hello! 100% sure & <b>bold</b>");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_TRUE(r.body.empty()) << r.body;
  int64_t id = posted_id(r);
  HttpResponse shown = admin.get("/rooms/" + std::to_string(room) + "/messages/" + std::to_string(id));
  ASSERT_EQ(shown.status, 200) << shown.body;
  rapidjson::Document m = shown.json();
  EXPECT_EQ(m["creator_id"].GetInt64(), bot.id);
  EXPECT_STREQ(m["creator"]["name"].GetString(), "Helper");
  EXPECT_NE(std::string(m["body"].GetString()).find("Hello! 100% sure"), std::string::npos) << m["body"].GetString();

  // curl -d 'Hello!' sends a form content type; the raw body is still the message.
  r = as_bot("POST", path, "Hi+there!", "application/x-www-form-urlencoded");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_TRUE(bots::has_message_by(admin, room, bot.id, "Hi+there!"));
  // JSON-looking text is text too.
  r = as_bot("POST", path, R"({"text":"not parsed"})", "application/json");
  ASSERT_EQ(r.status, 201) << r.body;

  EXPECT_EQ(as_bot("POST", path, "   ").status, 422);
  EXPECT_EQ(as_bot("POST", path, "").status, 422);
  EXPECT_EQ(as_bot("POST", path, std::string("bad \xff utf8"), "application/octet-stream").status, 400);
}

TEST_F(BotApi, ListsMessagesWithTotalCountAndLink) {
  std::vector<int64_t> ids;
  for (int i = 0; i < 45; ++i) ids.push_back(bots::post_message(admin, room, "message " + std::to_string(i)));

  HttpResponse r = as_bot("GET", path, "");
  ASSERT_EQ(r.status, 200) << r.body;
  rapidjson::Document list = r.json();
  ASSERT_TRUE(list.IsArray());
  ASSERT_EQ(list.Size(), 40u);
  EXPECT_EQ(list[0]["id"].GetInt64(), ids[5]);
  EXPECT_EQ(list[39]["id"].GetInt64(), ids[44]);
  EXPECT_EQ(r.header("x-total-count"), "45");
  EXPECT_EQ(r.header("link"), "<" + path + "?before=" + std::to_string(ids[5]) + ">; rel=\"next\"");

  // Campfire's message JSON.
  const auto& m = list[39];
  EXPECT_STREQ(m["body"]["plain_text"].GetString(), "message 44");
  EXPECT_NE(std::string(m["body"]["html"].GetString()).find("message 44"), std::string::npos);
  EXPECT_EQ(m["creator"]["id"].GetInt64(), bots::my_id(admin));
  EXPECT_STREQ(m["creator"]["name"].GetString(), "Admin");
  EXPECT_STREQ(m["creator"]["role"].GetString(), "administrator");
  EXPECT_TRUE(m["creator"]["avatar_url"].IsString());
  EXPECT_EQ(m["room"]["id"].GetInt64(), room);
  EXPECT_EQ(std::string(m["url"].GetString()), "/rooms/" + std::to_string(room) + "/messages/" + std::to_string(ids[44]));
  EXPECT_EQ(std::string(m["created_at"].GetString()).size(), 24u);

  r = as_bot("GET", path + "?before=" + std::to_string(ids[5]), "");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.json().Size(), 5u);
  EXPECT_EQ(r.header("link"), "");  // nothing older
  EXPECT_EQ(r.header("x-total-count"), "45");

  r = as_bot("GET", path + "?after=" + std::to_string(ids[2]), "");
  ASSERT_EQ(r.status, 200);
  list = r.json();
  ASSERT_EQ(list.Size(), 40u);
  EXPECT_EQ(list[0]["id"].GetInt64(), ids[3]);
  EXPECT_EQ(r.header("link"), "<" + path + "?after=" + std::to_string(ids[42]) + ">; rel=\"next\"");

  EXPECT_EQ(as_bot("GET", path + "?before=x", "").status, 400);
  EXPECT_EQ(as_bot("GET", path + "?before=1&after=2", "").status, 400);
}

TEST_F(BotApi, EditsAndDeletesOnlyItsOwnMessages) {
  int64_t own = posted_id(as_bot("POST", path, "first draft"));
  int64_t theirs = bots::post_message(admin, room, "a human wrote this");

  HttpResponse r = as_bot("PUT", path + "/" + std::to_string(own), "second draft");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_STREQ(r.json()["body"]["plain_text"].GetString(), "second draft");
  EXPECT_STREQ(r.json()["creator"]["role"].GetString(), "bot");
  EXPECT_EQ(as_bot("PATCH", path + "/" + std::to_string(own), "third draft").status, 200);
  EXPECT_TRUE(bots::has_message_by(admin, room, bot.id, "third draft"));

  EXPECT_EQ(as_bot("PUT", path + "/" + std::to_string(theirs), "hijacked").status, 403);
  EXPECT_EQ(as_bot("DELETE", path + "/" + std::to_string(theirs), "").status, 403);
  EXPECT_EQ(as_bot("PUT", path + "/999999", "nobody").status, 404);
  EXPECT_EQ(as_bot("PUT", path + "/abc", "nobody").status, 404);
  EXPECT_EQ(as_bot("DELETE", path + "/" + std::to_string(own), "").status, 204);
  EXPECT_EQ(as_bot("DELETE", path + "/" + std::to_string(own), "").status, 404);
  EXPECT_TRUE(bots::has_message_by(admin, room, bots::my_id(admin), "a human wrote this"));
}

TEST_F(BotApi, ARoomTheBotIsNotInIsNotFound) {
  HttpResponse closed = admin.post("/rooms/closeds", R"({"room":{"name":"Secret"},"user_ids":[]})");
  ASSERT_EQ(closed.status, 201) << closed.body;
  int64_t secret = closed.json()["id"].GetInt64();
  int64_t message = bots::post_message(admin, secret, "private");
  std::string secret_path = bot_path(secret, bot.key);
  EXPECT_EQ(as_bot("POST", secret_path, "peek").status, 404);
  EXPECT_EQ(as_bot("GET", secret_path, "").status, 404);
  EXPECT_EQ(as_bot("PUT", secret_path + "/" + std::to_string(message), "x").status, 404);
  EXPECT_EQ(as_bot("DELETE", secret_path + "/" + std::to_string(message), "").status, 404);
  EXPECT_EQ(as_bot("POST", secret_path + "/" + std::to_string(message) + "/boosts", "+1").status, 404);
  EXPECT_EQ(as_bot("POST", bot_path(999999, bot.key), "nowhere").status, 404);
  // The same message through a room the bot is in: still not found.
  EXPECT_EQ(as_bot("PUT", path + "/" + std::to_string(message), "x").status, 404);
  EXPECT_EQ(as_bot("POST", path + "/" + std::to_string(message) + "/boosts", "+1").status, 404);

  // Added to the room, it may post.
  ASSERT_EQ(admin.put("/rooms/closeds/" + std::to_string(secret), "{\"user_ids\":[" + std::to_string(bot.id) + "]}").status, 200);
  EXPECT_EQ(as_bot("POST", secret_path, "now I am in").status, 201);
}

TEST_F(BotApi, ABadKeyRedirectsToSignInAndAKeyElsewhereIsForbidden) {
  std::string wrong = std::to_string(bot.id) + "-AAAAAAAAAAAA";
  for (const std::string& key : {wrong, std::string("nonsense"), std::to_string(bots::my_id(admin)) + "-x"}) {
    HttpResponse r = as_bot("POST", bot_path(room, key), "hello");
    EXPECT_EQ(r.status, 302) << key;
    EXPECT_EQ(r.header("location"), "/session/new");
    EXPECT_EQ(as_bot("GET", bot_path(room, key), "").status, 302);
  }
  // Campfire's deny_bots: the key on any other route is refused.
  EXPECT_EQ(client.get("/rooms/" + std::to_string(room) + "/messages?bot_key=" + bot.key).status, 403);
  EXPECT_EQ(client.post("/rooms/" + std::to_string(room) + "/messages?bot_key=" + bot.key, R"({"message":{"body":"x"}})").status, 403);
  EXPECT_EQ(client.get("/rooms?bot_key=" + bot.key).status, 403);
}

TEST_F(BotApi, MultipartWithoutAnAttachmentIsRefused) {
  std::string body = "--XyZ\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nvalue\r\n--XyZ--\r\n";
  EXPECT_EQ(as_bot("POST", path, body, "multipart/form-data; boundary=XyZ").status, 422);
  EXPECT_EQ(as_bot("POST", path, "--XyZ\r\nbroken", "multipart/form-data; boundary=XyZ").status, 400);
}

TEST_F(BotApi, AnAttachmentIsForwardedToTheRoomsRoute) {
  std::string body =
      "--XyZ\r\nContent-Disposition: form-data; name=\"attachment\"; filename=\"notes.txt\"\r\n"
      "Content-Type: text/plain\r\n\r\nsome notes\r\n--XyZ--\r\n";
  HttpResponse r = as_bot("POST", path, body, "multipart/form-data; boundary=XyZ");
  ASSERT_EQ(r.status, 201) << r.body;
  int64_t id = posted_id(r);
  HttpResponse shown = admin.get("/rooms/" + std::to_string(room) + "/messages/" + std::to_string(id));
  ASSERT_EQ(shown.status, 200);
  rapidjson::Document m = shown.json();
  EXPECT_STREQ(m["content_type"].GetString(), "attachment");
  EXPECT_STREQ(m["attachment"]["filename"].GetString(), "notes.txt");
}

TEST_F(BotApi, BoostsGoThroughTheBoostsPlugin) {
  int64_t message = bots::post_message(admin, room, "boost me");
  EXPECT_EQ(as_bot("POST", path + "/" + std::to_string(message) + "/boosts", "  ").status, 422);
  EXPECT_EQ(as_bot("POST", path + "/999999/boosts", "+1").status, 404);
  EXPECT_EQ(as_bot("DELETE", path + "/999999/boosts/1", "").status, 404);
  ASSERT_TRUE(admin.get("/api/features").json()["features"].HasMember("boosts"));

  HttpResponse r = as_bot("POST", path + "/" + std::to_string(message) + "/boosts", "🎉");
  ASSERT_EQ(r.status, 201) << r.body;
  rapidjson::Document boost = r.json();
  int64_t boost_id = boost["id"].GetInt64();
  EXPECT_STREQ(boost["content"].GetString(), "🎉");
  EXPECT_EQ(boost["booster"]["id"].GetInt64(), bot.id);
  EXPECT_STREQ(boost["booster"]["role"].GetString(), "bot");
  EXPECT_EQ(boost["message"]["id"].GetInt64(), message);
  EXPECT_TRUE(boost["created_at"].IsString());

  // Someone else's boost is not the bot's to remove.
  HttpResponse human = admin.post("/messages/" + std::to_string(message) + "/boosts", R"({"boost":{"content":"+1"}})");
  ASSERT_EQ(human.status, 201) << human.body;
  rapidjson::Document hb = human.json();
  int64_t human_boost = hb.HasMember("boost") ? hb["boost"]["id"].GetInt64() : hb["id"].GetInt64();
  EXPECT_EQ(as_bot("DELETE", path + "/" + std::to_string(message) + "/boosts/" + std::to_string(human_boost), "").status, 404);
  EXPECT_EQ(as_bot("DELETE", path + "/" + std::to_string(message) + "/boosts/" + std::to_string(boost_id), "").status, 204);
}

}  // namespace
}  // namespace cf::test
