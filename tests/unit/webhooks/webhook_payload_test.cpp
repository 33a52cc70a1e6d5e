// Payloads, plain text and mentions (plugins/webhooks/webhook_payload), Campfire's JSON shapes
// (campfire_json), secrets and UTF-8 helpers.
#include "campfire_json.hpp"
#include "secrets.hpp"
#include "webhook_payload.hpp"

#include <gtest/gtest.h>

#include <regex>

namespace webhooks {
namespace {

rapidjson::Document parse(const std::string& text) {
  rapidjson::Document doc;
  doc.Parse(text.c_str());
  return doc;
}

TEST(WebhookPayload, HasCampfiresShape) {
  PayloadFields f{7, "Ann", 3, std::nullopt, "9-abcDEF123456", 42, "<p>hi</p>", "hi", std::nullopt};
  rapidjson::Document p = parse(campfire_payload(f));
  EXPECT_EQ(p.MemberCount(), 3u);
  EXPECT_EQ(p["user"]["id"].GetInt64(), 7);
  EXPECT_STREQ(p["user"]["name"].GetString(), "Ann");
  EXPECT_EQ(p["room"]["id"].GetInt64(), 3);
  EXPECT_TRUE(p["room"]["name"].IsNull());
  EXPECT_STREQ(p["room"]["path"].GetString(), "/rooms/3/9-abcDEF123456/messages");
  EXPECT_EQ(p["message"]["id"].GetInt64(), 42);
  EXPECT_STREQ(p["message"]["body"]["html"].GetString(), "<p>hi</p>");
  EXPECT_STREQ(p["message"]["body"]["plain"].GetString(), "hi");
  EXPECT_STREQ(p["message"]["path"].GetString(), "/rooms/3/@42");

  f.room_name = "All Talk";
  f.reply_url = "https://chat.example.com/rooms/3/9-abcDEF123456/messages";
  p = parse(campfire_payload(f));
  EXPECT_STREQ(p["room"]["name"].GetString(), "All Talk");
  EXPECT_STREQ(p["reply_url"].GetString(), "https://chat.example.com/rooms/3/9-abcDEF123456/messages");

  rapidjson::Document e = parse(envelope("d-1", "message.created", "2026-11-23T06:41:41.317Z", campfire_payload(f)));
  EXPECT_STREQ(e["id"].GetString(), "d-1");
  EXPECT_STREQ(e["type"].GetString(), "message.created");
  EXPECT_EQ(e["data"]["message"]["id"].GetInt64(), 42);
}

TEST(WebhookPayload, PlainTextLosesTheBotsMentionAndSpace) {
  EXPECT_EQ(plain_for_bot("@Helper what's up?", "Helper"), "what's up?");
  EXPECT_EQ(plain_for_bot("hey @Helper, and @Helper again", "Helper"), "hey , and  again");
  EXPECT_EQ(plain_for_bot("\xC2\xA0\xE3\x80\x80 @Helper\n\t hi \xE2\x80\x83", "Helper"), "hi");
  EXPECT_EQ(plain_for_bot("@Helperish", "Helper"), "ish");  // Campfire's gsub is textual too
  EXPECT_EQ(plain_for_bot("  ", "Helper"), "");
  EXPECT_EQ(plain_for_bot("@Ann hi", ""), "@Ann hi");
}

TEST(WebhookPayload, FindsMentionAttachments) {
  std::string body =
      "Hi <action-text-attachment content-type=\"application/vnd.campfire.mention\" user-id=\"7\">@Ann</action-text-attachment>"
      " and <ACTION-TEXT-ATTACHMENT user-id='12' content-type='application/vnd.campfire.mention'/>"
      " not <action-text-attachment content-type=\"image/png\" user-id=\"9\"></action-text-attachment>"
      " again <action-text-attachment content-type=\"application/vnd.campfire.mention\" user-id=\"7\"></action-text-attachment>"
      " bad <action-text-attachment content-type=\"application/vnd.campfire.mention\" data-user-id=\"5\" user-id=\"x\">";
  EXPECT_EQ(mentioned_user_ids(body), (std::vector<int64_t>{7, 12}));
  std::string text = mentions_as_text(body, [](int64_t id) -> std::optional<std::string> {
    if (id == 7) return "Ann";
    if (id == 12) return "Bo";
    return std::nullopt;
  });
  EXPECT_EQ(text.substr(0, 17), "Hi @Ann and @Bo n");
  EXPECT_EQ(mentioned_user_ids("no mentions <b>here</b>"), std::vector<int64_t>{});
  EXPECT_EQ(mentioned_user_ids("<action-text-attachment content-type=\"application/vnd.campfire.mention\" user-id=\"3\""),
            std::vector<int64_t>{});  // unterminated
}

TEST(WebhookPayload, CampfireMessageAndBoostJson) {
  rapidjson::Document m = parse(R"({"id":5,"room_id":2,"creator":{"id":3,"name":"Ann"},"creator_id":3,
      "body":"<b>hi</b>","plain_body":"hi","created_at":"2026-11-23T06:41:41.317Z"})");
  RoleOf role = [](int64_t id) { return id == 3 ? std::string("administrator") : std::string("bot"); };
  cf::Json j;
  ASSERT_TRUE(write_bot_message(j, m, role, "https://chat.example.com"));
  rapidjson::Document out = parse(std::string(j.text()));
  EXPECT_EQ(out["id"].GetInt64(), 5);
  EXPECT_STREQ(out["body"]["plain_text"].GetString(), "hi");
  EXPECT_STREQ(out["body"]["html"].GetString(), "<b>hi</b>");
  EXPECT_STREQ(out["creator"]["role"].GetString(), "administrator");
  EXPECT_STREQ(out["creator"]["avatar_url"].GetString(), "https://chat.example.com/users/3/avatar");
  EXPECT_EQ(out["room"]["id"].GetInt64(), 2);
  EXPECT_STREQ(out["url"].GetString(), "https://chat.example.com/rooms/2/messages/5");

  rapidjson::Document b = parse(R"({"id":9,"content":"+1","booster":{"id":4,"name":"Bot"},"created_at":"x"})");
  cf::Json jb;
  ASSERT_TRUE(write_bot_boost(jb, b, 2, 5, role, ""));
  rapidjson::Document ob = parse(std::string(jb.text()));
  EXPECT_STREQ(ob["booster"]["role"].GetString(), "bot");
  EXPECT_STREQ(ob["message"]["url"].GetString(), "/rooms/2/messages/5");

  cf::Json bad;
  EXPECT_FALSE(write_bot_message(bad, parse(R"({"id":5})"), role, ""));
}

TEST(WebhookSecrets, TokensUuidsAndHmac) {
  std::string token = random_alphanumeric(12);
  EXPECT_TRUE(std::regex_match(token, std::regex("[A-Za-z0-9]{12}"))) << token;
  EXPECT_NE(token, random_alphanumeric(12));
  EXPECT_TRUE(std::regex_match(random_uuid(), std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));
  EXPECT_EQ(random_hex(32).size(), 64u);
  // RFC 4231, test case 2.
  EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

}  // namespace
}  // namespace webhooks
