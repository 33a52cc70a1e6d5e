// The push payload (CAMPFIRE.md §6): exact JSON for direct and shared rooms and the test
// notification, the text a message contributes, and the size bound.
#include "notification.hpp"

#include <campfire/json.hpp>

#include <gtest/gtest.h>

namespace push {
namespace {

rapidjson::Document parse(std::string_view json) {
    rapidjson::Document d;
    EXPECT_TRUE(cf::parse_json(d, json)) << json;
    return d;
}

TEST(WebPushPayload, DirectRoomIsTitledWithTheSender) {
    auto n = message_notification({7, true, ""}, "Bea", "see you at 5", 3);
    EXPECT_EQ(notification_json(n, 4000),
              R"({"title":"Bea","options":{"body":"see you at 5","icon":"/account/logo","data":{"path":"/rooms/7","badge":3}}})");
}

TEST(WebPushPayload, SharedRoomIsTitledWithTheRoomAndNamesTheSender) {
    auto n = message_notification({1, false, "All Talk"}, "Bea", "hello \"all\"", 0);
    EXPECT_EQ(notification_json(n, 4000),
              R"({"title":"All Talk","options":{"body":"Bea: hello \"all\"","icon":"/account/logo","data":{"path":"/rooms/1","badge":0}}})");
}

TEST(WebPushPayload, TestNotificationPointsAtTheSubscriptionsPage) {
    auto d = parse(notification_json(test_notification("0f8fad5b-d9cb-469f-a165-70867728950e", 2), 4000));
    EXPECT_STREQ(d["title"].GetString(), "Campfire Test");
    EXPECT_STREQ(d["options"]["body"].GetString(), "0f8fad5b-d9cb-469f-a165-70867728950e");
    EXPECT_STREQ(d["options"]["data"]["path"].GetString(), "/users/me/push_subscriptions");
    EXPECT_EQ(d["options"]["data"]["badge"].GetInt64(), 2);
}

TEST(WebPushPayload, LongBodiesAreCutToFitOnACharacterBoundary) {
    std::string text;
    for (int i = 0; i < 3000; ++i) text += "\xC3\xA9\"";  // é and a quote (escaped: 2 bytes)
    auto n = message_notification({1, false, "Room"}, "Bea", text, 1);
    std::string json = notification_json(n, 3993);
    EXPECT_LE(json.size(), 3993u);
    EXPECT_GT(json.size(), 3900u);
    auto d = parse(json); // valid UTF-8 and JSON
    std::string body = d["options"]["body"].GetString();
    EXPECT_EQ(body.rfind("Bea: ", 0), 0u);
    EXPECT_EQ(body.substr(body.size() - 3), "\xE2\x80\xA6");
    EXPECT_EQ(notification_json(message_notification({1, false, "Room"}, "Bea", "short", 1), 3993).find("\xE2\x80\xA6"),
              std::string::npos);
}

TEST(WebPushPayload, MessageTextPrefersPlainBodyThenStrippedBodyThenFilename) {
    EXPECT_EQ(message_plain_text(parse(R"({"plain_body":"hi @Bea","body":"<p>ignored</p>"})")), "hi @Bea");
    EXPECT_EQ(message_plain_text(parse(R"({"body":"<div>Fish &amp; chips<br>at  <b>5</b></div>"})")), "Fish & chips at 5");
    EXPECT_EQ(message_plain_text(parse(R"({"plain_body":"","body":"","attachment":{"filename":"cat.png"}})")), "cat.png");
    EXPECT_EQ(message_plain_text(parse(R"({"body":"plain text"})")), "plain text");
}

TEST(WebPushPayload, NewMessagesAreReadBareOrWrapped) {
    auto bare = parse_new_message(
        R"({"id":9,"room_id":4,"creator":{"id":2,"name":"Bea"},"creator_id":2,"plain_body":"hi @Cy","mentionee_ids":[3,"x",5]})");
    ASSERT_TRUE(bare.has_value());
    EXPECT_EQ(bare->room_id, 4);
    EXPECT_EQ(bare->creator_id, 2);
    EXPECT_EQ(bare->creator_name, "Bea");
    EXPECT_EQ(bare->text, "hi @Cy");
    EXPECT_EQ(bare->mentionees, "[3,5]");

    auto wrapped = parse_new_message(
        R"({"room":{"id":4,"type":"open","name":"All Talk"},"message":{"room_id":4,"creator":{"id":2,"name":"Bea"},"body":"<p>yo</p>"}})");
    ASSERT_TRUE(wrapped.has_value());
    EXPECT_EQ(wrapped->creator_id, 2);
    EXPECT_EQ(wrapped->text, "yo");
    EXPECT_EQ(wrapped->mentionees, "[]");

    EXPECT_FALSE(parse_new_message(R"({"room_id":4})").has_value());
    EXPECT_FALSE(parse_new_message("not json").has_value());
    EXPECT_FALSE(parse_new_message(R"({"room_id":"4","creator_id":2})").has_value());
}

} // namespace
} // namespace push
