// plugins/webhooks, outgoing webhooks against a receiver in the test process (127.0.0.1, allowed
// through WEBHOOK_ALLOWED_HOSTS): Campfire's payload and trigger rules, reply posting, the timeout
// message, and our opt-in signature, envelope, retries and reply URL; then the SSRF refusal.
#include "tests/integration/bots_support.h"
#include "tests/support/webhook_receiver.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstdlib>
#include <ctime>
#include <regex>
#include <thread>

namespace cf::test {
namespace {

using namespace std::chrono_literals;
using bots::create_bot;
using bots::mention;

std::string hmac_hex(std::string_view key, std::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), mac, &len);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < len; ++i) {
    out.push_back(hex[mac[i] >> 4]);
    out.push_back(hex[mac[i] & 15]);
  }
  return out;
}

rapidjson::Document parse(const std::string& body) {
  rapidjson::Document doc;
  doc.Parse(body.c_str());
  return doc;
}

std::vector<std::pair<std::string, std::string>> receiver_env(const WebhookReceiver& receiver, std::string timeout_ms) {
  return {{"WEBHOOK_ALLOWED_HOSTS", "example.invalid, 127.0.0.1:" + std::to_string(receiver.port())},
          {"CF_WEBHOOK_TIMEOUT_MS", std::move(timeout_ms)},
          {"CF_WEBHOOK_BACKOFF_MS", "50"}};
}

// A server whose bots may reach the receiver, with a short timeout (ms) and 50 ms backoff.
class WebhookBase : public ::testing::Test {
protected:
  explicit WebhookBase(std::string timeout_ms) : server{receiver_env(receiver, std::move(timeout_ms))} {}
  void SetUp() override {
    first_run(admin);
    admin_id = bots::my_id(admin);
    room = room_id(admin);
  }

  // The bot's last_delivery as administrators see it (null until a delivery ends).
  rapidjson::Document bot_json(int64_t bot_id) { return admin.get("/account/bots/" + std::to_string(bot_id)).json(); }
  std::string last_status(int64_t bot_id) {
    rapidjson::Document doc = bot_json(bot_id);
    const auto& d = doc["bot"]["last_delivery"];
    return d.IsObject() ? d["status"].GetString() : "";
  }

  WebhookReceiver receiver;
  ServerProcess server;
  HttpClient admin{server.port()};
  int64_t admin_id = 0;
  int64_t room = 0;
};

class Webhook : public WebhookBase {
protected:
  Webhook() : WebhookBase("1500") {}
};

TEST_F(Webhook, AMentionDeliversCampfiresPayload) {
  auto bot = create_bot(admin, "Helper", receiver.url("/hook?token=abc"));
  int64_t message = bots::post_message(admin, room, mention(bot.id) + " what is the weather?");
  ASSERT_TRUE(receiver.wait_for(1));
  auto req = receiver.requests()[0];
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.target, "/hook?token=abc");
  EXPECT_EQ(req.header("content-type"), "application/json");
  EXPECT_EQ(req.header("host"), "127.0.0.1:" + std::to_string(receiver.port()));
  EXPECT_EQ(req.header("x-campfire-signature"), "");  // not asked for
  rapidjson::Document p = parse(req.body);
  ASSERT_TRUE(p.IsObject()) << req.body;
  EXPECT_EQ(p.MemberCount(), 3u) << req.body;  // exactly user, room, message
  EXPECT_EQ(p["user"]["id"].GetInt64(), admin_id);
  EXPECT_STREQ(p["user"]["name"].GetString(), "Admin");
  EXPECT_EQ(p["room"]["id"].GetInt64(), room);
  EXPECT_STREQ(p["room"]["name"].GetString(), "All Talk");
  EXPECT_EQ(std::string(p["room"]["path"].GetString()), bots::bot_path(room, bot.key));
  EXPECT_EQ(p["message"]["id"].GetInt64(), message);
  EXPECT_STREQ(p["message"]["body"]["plain"].GetString(), "what is the weather?");
  EXPECT_NE(std::string(p["message"]["body"]["html"].GetString()).find("what is the weather?"), std::string::npos);
  EXPECT_EQ(std::string(p["message"]["path"].GetString()), "/rooms/" + std::to_string(room) + "/@" + std::to_string(message));

  // The admin sees the outcome.
  ASSERT_TRUE(bots::eventually([&] { return last_status(bot.id) == "delivered"; })) << bot_json(bot.id)["bot"]["last_delivery"].IsNull();
  EXPECT_EQ(bot_json(bot.id)["bot"]["last_delivery"]["http_status"].GetInt64(), 200);
}

TEST_F(Webhook, FiresOnlyForMentionsDirectRoomsAndOthersMessages) {
  auto helper = create_bot(admin, "Helper", receiver.url("/helper"));
  auto other = create_bot(admin, "Other", receiver.url("/other"));
  HttpClient bot_client{server.port()};
  // Not triggers: a plain message in a shared room; the bot mentioning itself; "@Helper" as text.
  bots::post_message(admin, room, "just chatting");
  ASSERT_EQ(bot_client.request("POST", bots::bot_path(room, helper.key), mention(helper.id) + " talking to myself",
                               {{"Content-Type", "text/html"}}).status, 201);
  bots::post_message(admin, room, "@Helper are you there?");
  // Triggers: the bot API mentioning another bot; a direct message with the bot.
  ASSERT_EQ(bot_client.request("POST", bots::bot_path(room, helper.key), "hey " + mention(other.id),
                               {{"Content-Type", "text/html"}}).status, 201);
  ASSERT_TRUE(receiver.wait_for(1));
  int64_t dm = bots::direct_room(admin, {helper.id});
  bots::post_message(admin, dm, "a private word");
  ASSERT_TRUE(receiver.wait_for(2));
  std::this_thread::sleep_for(300ms);  // anything wrongly queued would arrive meanwhile
  auto got = receiver.requests();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].target, "/other");
  rapidjson::Document first = parse(got[0].body);
  EXPECT_EQ(first["user"]["id"].GetInt64(), helper.id);  // the author was the other bot
  EXPECT_STREQ(first["message"]["body"]["plain"].GetString(), "hey");
  EXPECT_EQ(got[1].target, "/helper");
  rapidjson::Document second = parse(got[1].body);
  EXPECT_EQ(second["room"]["id"].GetInt64(), dm);
  EXPECT_TRUE(second["room"]["name"].IsNull());
  EXPECT_STREQ(second["message"]["body"]["plain"].GetString(), "a private word");
  // A bot without a webhook, or a deactivated one, hears nothing; two mentions, one delivery.
  auto silent = create_bot(admin, "Silent");
  ASSERT_EQ(admin.del("/account/bots/" + std::to_string(other.id)).status, 204);
  bots::post_message(admin, room, "again " + mention(helper.id) + mention(helper.id) + mention(other.id) + mention(silent.id));
  ASSERT_TRUE(receiver.wait_for(3));
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(receiver.count(), 3u);
}

TEST_F(Webhook, TextAndHtmlRepliesArePostedAsTheBot) {
  auto bot = create_bot(admin, "Helper", receiver.url());
  receiver.push_reply({200, "text/plain; charset=utf-8", "pong from the bot", 0ms});
  receiver.push_reply({200, "text/html", "<strong>bold</strong> answer", 0ms});
  bots::post_message(admin, room, mention(bot.id) + " ping");
  ASSERT_TRUE(bots::eventually([&] { return bots::has_message_by(admin, room, bot.id, "pong from the bot"); }));
  bots::post_message(admin, room, mention(bot.id) + " again");
  ASSERT_TRUE(bots::eventually([&] { return bots::has_message_by(admin, room, bot.id, "answer"); }));
  // Other answers post nothing: a JSON 201, an empty 200, a 404.
  receiver.set_default_reply({201, "text/plain", "created?", 0ms});
  bots::post_message(admin, room, mention(bot.id) + " three");
  ASSERT_TRUE(receiver.wait_for(3));
  ASSERT_TRUE(bots::eventually([&] {
    rapidjson::Document doc = bot_json(bot.id);
    const auto& d = doc["bot"]["last_delivery"];
    return d.IsObject() && d["http_status"].IsInt64() && d["http_status"].GetInt64() == 201;
  }));
  EXPECT_STREQ(bot_json(bot.id)["bot"]["last_delivery"]["detail"].GetString(), "no reply");
  EXPECT_FALSE(bots::has_message_by(admin, room, bot.id, "created?"));
}

TEST_F(Webhook, RepliesNeverTriggerWebhooks) {
  // Two bots in one direct room that always answer: without the rule they would talk forever.
  auto a = create_bot(admin, "Alpha", receiver.url("/a"));
  auto b = create_bot(admin, "Beta", receiver.url("/b"));
  receiver.set_default_reply({200, "text/plain", "I heard you", 0ms});
  int64_t dm = bots::direct_room(admin, {a.id, b.id});
  bots::post_message(admin, dm, "hello both");
  ASSERT_TRUE(receiver.wait_for(2));
  ASSERT_TRUE(bots::eventually([&] {
    return bots::has_message_by(admin, dm, a.id, "I heard you") && bots::has_message_by(admin, dm, b.id, "I heard you");
  }));
  std::this_thread::sleep_for(400ms);
  EXPECT_EQ(receiver.count(), 2u);
}

TEST_F(Webhook, NoAnswerInTimePostsTheTimeoutMessage) {
  auto bot = create_bot(admin, "Sleepy", receiver.url());
  receiver.push_reply({200, "text/plain", "too late", 2500ms});
  bots::post_message(admin, room, mention(bot.id) + " wake up");
  ASSERT_TRUE(bots::eventually([&] { return bots::has_message_by(admin, room, bot.id, "Failed to respond within 2 seconds"); }));
  EXPECT_EQ(last_status(bot.id), "timeout");
  EXPECT_FALSE(bots::has_message_by(admin, room, bot.id, "too late"));
}

TEST_F(Webhook, SignedRequestsCarryAVerifiableSignature) {
  auto bot = create_bot(admin, "Signer", receiver.url(), "\"sign_requests\":true");
  bots::post_message(admin, room, mention(bot.id) + " sign this");
  ASSERT_TRUE(receiver.wait_for(1));
  auto req = receiver.requests()[0];
  std::string timestamp = req.header("x-campfire-timestamp");
  ASSERT_TRUE(std::regex_match(timestamp, std::regex("[0-9]{10}"))) << timestamp;
  int64_t skew = std::llabs(std::stoll(timestamp) - static_cast<int64_t>(std::time(nullptr)));
  EXPECT_LT(skew, 60);
  EXPECT_EQ(req.header("x-campfire-signature"), "sha256=" + hmac_hex(bot.signing_secret, timestamp + "." + req.body));
  EXPECT_NE(req.header("x-campfire-signature"), "sha256=" + hmac_hex("another secret", timestamp + "." + req.body));
  EXPECT_EQ(parse(req.body).MemberCount(), 3u);  // signing does not change the payload
}

TEST_F(Webhook, TheEnvelopeAndReplyUrlAreOptIn) {
  auto bot = create_bot(admin, "Wrapped", receiver.url(), "\"envelope\":true,\"include_reply_url\":true");
  int64_t message = bots::post_message(admin, room, mention(bot.id) + " wrap it");
  ASSERT_TRUE(receiver.wait_for(1));
  auto req = receiver.requests()[0];
  rapidjson::Document e = parse(req.body);
  ASSERT_TRUE(e.IsObject()) << req.body;
  std::string id = e["id"].GetString();
  EXPECT_TRUE(std::regex_match(id, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"))) << id;
  EXPECT_EQ(req.header("x-campfire-delivery"), id);
  EXPECT_STREQ(e["type"].GetString(), "message.created");
  EXPECT_EQ(std::string(e["created_at"].GetString()).size(), 24u);
  EXPECT_EQ(e["data"]["message"]["id"].GetInt64(), message);
  std::string reply_url = e["data"]["reply_url"].GetString();
  EXPECT_EQ(reply_url, bots::bot_path(room, bot.key));

  // Answering later through the reply URL is the bot API.
  HttpClient later{server.port()};
  ASSERT_EQ(later.request("POST", reply_url, "an answer, later", {{"Content-Type", "text/plain"}}).status, 201);
  EXPECT_TRUE(bots::has_message_by(admin, room, bot.id, "an answer, later"));
}

TEST_F(Webhook, RetriesBackOffOnServerErrorsAndTimeouts) {
  auto bot = create_bot(admin, "Persistent", receiver.url(), "\"retries\":true,\"envelope\":true");
  receiver.push_reply({503, "text/plain", "busy", 0ms});
  receiver.push_reply({200, "text/plain", "sleeping", 2000ms});  // times out
  receiver.push_reply({200, "text/plain", "third time lucky", 0ms});
  bots::post_message(admin, room, mention(bot.id) + " are you up?");
  ASSERT_TRUE(bots::eventually([&] { return bots::has_message_by(admin, room, bot.id, "third time lucky"); }));
  auto got = receiver.requests();
  ASSERT_EQ(got.size(), 3u);
  for (const auto& r : got) {
    EXPECT_EQ(r.body, got[0].body);  // the same delivery each time
    EXPECT_EQ(r.header("x-campfire-delivery"), got[0].header("x-campfire-delivery"));
  }
  EXPECT_FALSE(bots::has_message_by(admin, room, bot.id, "Failed to respond"));
  EXPECT_FALSE(bots::has_message_by(admin, room, bot.id, "busy"));

  // Without retries a 5xx is final, stored for the admin, and posts nothing.
  auto once = create_bot(admin, "Once", receiver.url("/once"));
  receiver.push_reply({500, "text/html", "<h1>oops</h1>", 0ms});
  bots::post_message(admin, room, mention(once.id) + " fail");
  ASSERT_TRUE(bots::eventually([&] { return last_status(once.id) == "failed"; }));
  EXPECT_EQ(bot_json(once.id)["bot"]["last_delivery"]["http_status"].GetInt64(), 500);
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(receiver.count(), 4u);
}

// A bot that never answers in time, with retries: four attempts, then one timeout message.
class WebhookRetryTimeout : public WebhookBase {
protected:
  WebhookRetryTimeout() : WebhookBase("300") {}
};

TEST_F(WebhookRetryTimeout, TheTimeoutMessageFollowsOnlyTheLastAttempt) {
  auto bot = create_bot(admin, "Asleep", receiver.url(), "\"retries\":true");
  receiver.set_default_reply({200, "text/plain", "zzz", 1000ms});
  bots::post_message(admin, room, mention(bot.id) + " hello?");
  ASSERT_TRUE(bots::eventually([&] { return bots::has_message_by(admin, room, bot.id, "Failed to respond"); }, 20s));
  EXPECT_EQ(receiver.count(), 4u);
  rapidjson::Document doc = bots::room_messages(admin, room);
  int timeouts = 0;
  for (const auto& m : doc["messages"].GetArray())
    if (m["creator_id"].GetInt64() == bot.id) ++timeouts;
  EXPECT_EQ(timeouts, 1);
}

// Campfire's own numbers: 7 s, and its exact words. The one slow test of the suite.
class WebhookDefaultTimeout : public ::testing::Test {
protected:
  WebhookReceiver receiver;
  ServerProcess server{{{"WEBHOOK_ALLOWED_HOSTS", "127.0.0.1:" + std::to_string(receiver.port())}}};
  HttpClient admin{server.port()};
};

TEST_F(WebhookDefaultTimeout, PostsCampfiresTextAfterSevenSeconds) {
  first_run(admin);
  int64_t room = room_id(admin);
  auto bot = create_bot(admin, "Slow", receiver.url());
  receiver.push_reply({200, "text/plain", "too late", 7600ms});
  auto started = std::chrono::steady_clock::now();
  bots::post_message(admin, room, mention(bot.id) + " hurry");
  ASSERT_TRUE(bots::eventually([&] { return bots::has_message_by(admin, room, bot.id, "Failed to respond within 7 seconds"); }, 15s));
  EXPECT_GE(std::chrono::steady_clock::now() - started, 6900ms);
}

// Without an allow-list entry, a webhook on this machine is never contacted.
class WebhookSsrf : public ::testing::Test {
protected:
  WebhookReceiver receiver;
  ServerProcess server;
  HttpClient admin{server.port()};
};

TEST_F(WebhookSsrf, RefusesLoopbackAndPrivateAddresses) {
  first_run(admin);
  int64_t room = room_id(admin);
  auto local = create_bot(admin, "Local", receiver.url());
  auto v6 = create_bot(admin, "Mapped", "http://[::ffff:127.0.0.1]:" + std::to_string(receiver.port()) + "/hook");
  auto meta = create_bot(admin, "Metadata", "http://169.254.169.254/latest/meta-data/");
  auto lan = create_bot(admin, "Lan", "http://10.1.2.3/hook");
  bots::post_message(admin, room, mention(local.id) + mention(v6.id) + mention(meta.id) + mention(lan.id) + " hi");
  for (const auto& [bot, word] : {std::pair{local, "loopback"}, std::pair{v6, "loopback"}, std::pair{meta, "link-local"},
                                  std::pair{lan, "private"}}) {
    std::string status, detail;
    std::string path = "/account/bots/" + std::to_string(bot.id);
    ASSERT_TRUE(bots::eventually([&] {
      rapidjson::Document doc = admin.get(path).json();
      const auto& d = doc["bot"]["last_delivery"];
      if (!d.IsObject()) return false;
      status = d["status"].GetString();
      detail = d["detail"].GetString();
      return true;
    }));
    EXPECT_EQ(status, "refused");
    EXPECT_NE(detail.find(word), std::string::npos) << detail;
  }
  EXPECT_EQ(receiver.count(), 0u);
  EXPECT_FALSE(bots::has_message_by(admin, room, local.id, "Failed"));
  rapidjson::Document stats = admin.get("/account/webhooks/stats").json();
  EXPECT_EQ(stats["refused"].GetInt64(), 4);
  EXPECT_EQ(stats["delivered"].GetInt64(), 0);
}

}  // namespace
}  // namespace cf::test
