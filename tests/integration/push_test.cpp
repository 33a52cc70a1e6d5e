// Integration tests for plugins/push (CAMPFIRE.md §6), against a stand-in push service on
// 127.0.0.1 (allowed through CF_PUSH_ALLOWED_HOSTS) that decrypts what it receives with the
// subscription's private key, as a browser would, and checks the VAPID header as a push service
// would:
//  - subscriptions: create, touch, list, delete, validation, bounds, who may touch which (404/401);
//  - VAPID keys: generated once and kept across restarts, or taken from the environment;
//  - the test notification; the payload of a direct and a shared room's message and its badge;
//  - who is pushed: never the author, never someone looking at the room (presence), involvement
//    "mentions" only when mentioned, "everything" always, "nothing" and "invisible" never;
//  - a 410 from the push service deletes the subscription; a 500 does not;
//  - signing out with push_subscription_endpoint deletes that browser's subscription; deactivating
//    or banning a user deletes all of theirs.
// Absence is checked after GET /push/stats says the message was seen and nothing is pending.
#include "tests/support/push_receiver.h"
#include "tests/support/support.h"
#include "tests/support/web_push_browser.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

namespace cf::test {
namespace {

using namespace std::chrono_literals;

constexpr auto kWait = 5s;

std::string str(const rapidjson::Value& v) { return v.IsString() ? std::string(v.GetString()) : std::string(); }

class WebPush : public ::testing::Test {
protected:
  explicit WebPush(std::vector<std::pair<std::string, std::string>> env = {}) : server(with_allow_list(env)) {}

  static std::vector<std::pair<std::string, std::string>> with_allow_list(
      std::vector<std::pair<std::string, std::string>> env) {
    env.emplace_back("CF_PUSH_ALLOWED_HOSTS", "127.0.0.1");
    return env;
  }

  void SetUp() override {
    first_run(admin);
    sign_up(admin, bea, "Bea", "bea@example.com");
    admin_id = user_id(admin);
    bea_id = user_id(bea);
    all_talk = room_id(admin);
  }

  static int64_t user_id(HttpClient& http) {
    HttpResponse r = http.get("/users/me/profile");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json()["user"]["id"].GetInt64();
  }

  std::string origin() const { return "http://127.0.0.1:" + std::to_string(server.port()); }

  // Subscribes `browser` at receiver path `path` for `http`'s user; the subscription's id.
  int64_t subscribe(HttpClient& http, const BrowserSubscription& browser, const std::string& path) {
    HttpResponse r = http.post("/users/me/push_subscriptions", browser.subscribe_json(receiver.url(path)));
    EXPECT_EQ(r.status, 200) << r.body;
    rapidjson::Document d = r.json();
    return d.HasMember("id") ? d["id"].GetInt64() : 0;
  }

  std::string vapid_key() {
    HttpResponse r = admin.get("/push/vapid_public_key");
    EXPECT_EQ(r.status, 200) << r.body;
    return str(r.json()["vapid_public_key"]);
  }

  int64_t direct_room_with_bea() {
    HttpResponse r = admin.post("/rooms/directs", "{\"user_ids\":[" + std::to_string(bea_id) + "]}");
    EXPECT_TRUE(r.status == 201 || r.status == 200) << r.body;
    return r.json()["id"].GetInt64();
  }

  rapidjson::Document post(HttpClient& http, int64_t room, const std::string& body_json_string) {
    HttpResponse r =
        http.post("/rooms/" + std::to_string(room) + "/messages", "{\"message\":{\"body\":" + body_json_string + "}}");
    EXPECT_EQ(r.status, 201) << r.body;
    ++messages_posted;
    return r.json();
  }

  rapidjson::Document stats() { return admin.get("/push/stats").json(); }

  // Until every posted message has been seen by the plugin and no push is queued or in flight.
  void settle() {
    auto end = std::chrono::steady_clock::now() + kWait;
    while (std::chrono::steady_clock::now() < end) {
      rapidjson::Document s = stats();
      if (s.HasMember("messages") && s["messages"].GetInt64() >= messages_posted && s["pending"].GetInt64() == 0)
        return;
      std::this_thread::sleep_for(20ms);
    }
    ADD_FAILURE() << "pushes did not settle";
  }

  // The one push at `path` (waited for), decrypted by `browser` and parsed.
  rapidjson::Document push_at(const std::string& path, const BrowserSubscription& browser, size_t nth = 1) {
    auto got = receiver.wait_for(path, nth, kWait);
    rapidjson::Document d;
    if (got.size() < nth) {
      ADD_FAILURE() << "no push " << nth << " at " << path;
      d.SetObject();
      return d;
    }
    const ReceivedPush& p = got[nth - 1];
    std::string error;
    auto plain = browser.decrypt(p.body, &error);
    if (!plain) {
      ADD_FAILURE() << "push does not decrypt: " << error;
      d.SetObject();
      return d;
    }
    d.Parse(plain->c_str());
    EXPECT_TRUE(d.IsObject()) << *plain;
    if (!d.IsObject()) d.SetObject();
    return d;
  }

  // PUT /rooms/:id/involvement (the sidebar's route); false when this build does not have it.
  bool set_involvement(HttpClient& http, int64_t room, const std::string& involvement) {
    HttpResponse r = http.put("/rooms/" + std::to_string(room) + "/involvement?involvement=" + involvement,
                              "{\"involvement\":\"" + involvement + "\"}");
    if (r.status == 404 || r.status == 405) return false;
    EXPECT_TRUE(r.status >= 200 && r.status < 300) << r.status << " " << r.body;
    return true;
  }

  std::string mention(int64_t user) const {
    return "\"Hi <action-text-attachment content-type=\\\"application/vnd.campfire.mention\\\" user-id=\\\"" +
           std::to_string(user) + "\\\"></action-text-attachment>!\"";
  }

  PushReceiver receiver;
  ServerProcess server;
  HttpClient admin{server.port()};
  HttpClient bea{server.port()};
  int64_t admin_id = 0, bea_id = 0, all_talk = 0;
  int64_t messages_posted = 0;
};

// ---- subscriptions ----------------------------------------------------------------------------

TEST_F(WebPush, SubscribingTwiceTouchesOneRowThatListsAndDeletes) {
  BrowserSubscription browser;
  HttpResponse first = bea.request("POST", "/users/me/push_subscriptions", browser.subscribe_json(receiver.url("/b")),
                                   {{"User-Agent", "Firefox/140.0"}});
  ASSERT_EQ(first.status, 200) << first.body;
  rapidjson::Document made = first.json();
  EXPECT_EQ(str(made["endpoint"]), receiver.url("/b"));
  EXPECT_EQ(str(made["p256dh_key"]), browser.p256dh_key());
  EXPECT_EQ(str(made["auth_key"]), browser.auth_key());
  EXPECT_EQ(str(made["user_agent"]), "Firefox/140.0");
  int64_t id = made["id"].GetInt64();

  std::this_thread::sleep_for(5ms);
  HttpResponse again = bea.post("/users/me/push_subscriptions", browser.subscribe_json(receiver.url("/b")));
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json()["id"].GetInt64(), id);
  EXPECT_GT(str(again.json()["updated_at"]), str(made["updated_at"]));

  rapidjson::Document list = bea.get("/users/me/push_subscriptions").json();
  ASSERT_EQ(list["push_subscriptions"].Size(), 1u);
  EXPECT_EQ(list["push_subscriptions"][0]["id"].GetInt64(), id);
  EXPECT_EQ(admin.get("/users/me/push_subscriptions").json()["push_subscriptions"].Size(), 0u);

  EXPECT_EQ(bea.del("/users/me/push_subscriptions/" + std::to_string(id)).status, 204);
  EXPECT_EQ(bea.get("/users/me/push_subscriptions").json()["push_subscriptions"].Size(), 0u);
  EXPECT_EQ(bea.del("/users/me/push_subscriptions/" + std::to_string(id)).status, 404);
}

TEST_F(WebPush, NewKeysForTheSameEndpointReplaceTheOldOnes) {
  BrowserSubscription before, after;
  int64_t id = subscribe(bea, before, "/b");
  HttpResponse r = bea.post("/users/me/push_subscriptions", after.subscribe_json(receiver.url("/b")));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["id"].GetInt64(), id);
  EXPECT_EQ(str(r.json()["p256dh_key"]), after.p256dh_key());
  EXPECT_EQ(bea.get("/users/me/push_subscriptions").json()["push_subscriptions"].Size(), 1u);
}

TEST_F(WebPush, OnlyTheOwnerSeesDeletesOrTestsASubscription) {
  BrowserSubscription browser;
  int64_t id = subscribe(bea, browser, "/b");
  std::string path = "/users/me/push_subscriptions/" + std::to_string(id);
  EXPECT_EQ(admin.del(path).status, 404);
  EXPECT_EQ(admin.post(path + "/test_notifications").status, 404);
  EXPECT_EQ(bea.del("/users/me/push_subscriptions/abc").status, 404);
  EXPECT_EQ(bea.post("/users/me/push_subscriptions/999999/test_notifications").status, 404);

  HttpClient anonymous(server.port());
  EXPECT_EQ(anonymous.get("/users/me/push_subscriptions").status, 401);
  EXPECT_EQ(anonymous.post("/users/me/push_subscriptions", browser.subscribe_json(receiver.url("/x"))).status, 401);
  EXPECT_EQ(anonymous.del(path).status, 401);
  EXPECT_EQ(anonymous.post(path + "/test_notifications").status, 401);
  EXPECT_EQ(anonymous.get("/push/stats").status, 401);
  EXPECT_EQ(bea.get("/push/stats").status, 403);
  EXPECT_EQ(bea.get("/users/me/push_subscriptions").json()["push_subscriptions"].Size(), 1u);
}

TEST_F(WebPush, RefusesBadKeysAndEndpoints) {
  BrowserSubscription browser;
  auto body = [&](const std::string& endpoint, const std::string& p256dh, const std::string& auth) {
    return R"({"push_subscription":{"endpoint":")" + endpoint + R"(","p256dh_key":")" + p256dh + R"(","auth_key":")" +
           auth + R"("}})";
  };
  std::string ok_url = receiver.url("/b");
  std::string point = *unbase64url(browser.p256dh_key());
  std::string off_curve = point;
  off_curve[64] = static_cast<char>(off_curve[64] ^ 1);
  const std::pair<std::string, int> cases[] = {
      {body(ok_url, base64url(point.substr(0, 33)), browser.auth_key()), 422},  // compressed/short
      {body(ok_url, base64url(off_curve), browser.auth_key()), 422},            // not on the curve
      {body(ok_url, "!!notbase64!!", browser.auth_key()), 422},
      {body(ok_url, browser.p256dh_key(), base64url("fifteen bytes!!")), 422},  // 15 bytes
      {body(ok_url, browser.p256dh_key(), ""), 422},
      {body("http://push.example.com/x", browser.p256dh_key(), browser.auth_key()), 422},  // http, not allowed
      {body("https://localhost/x", browser.p256dh_key(), browser.auth_key()), 422},
      {body("https://10.0.0.7/x", browser.p256dh_key(), browser.auth_key()), 422},
      {body("https://169.254.169.254/latest", browser.p256dh_key(), browser.auth_key()), 422},
      {body("http://127.0.0.2:1/x", browser.p256dh_key(), browser.auth_key()), 422},  // not in the allow-list
      {body("javascript:alert(1)", browser.p256dh_key(), browser.auth_key()), 422},
      {R"({"push_subscription":{"endpoint":")" + ok_url + R"(","p256dh_key":7,"auth_key":"x"}})", 422},
      {R"({"push_subscription":"x"})", 400},
      {R"({})", 400},
  };
  for (const auto& [request, status] : cases) {
    HttpResponse r = bea.post("/users/me/push_subscriptions", request);
    EXPECT_EQ(r.status, status) << request << " -> " << r.body;
    EXPECT_TRUE(r.json().HasMember("error")) << r.body;
  }
  EXPECT_EQ(bea.get("/users/me/push_subscriptions").json()["push_subscriptions"].Size(), 0u);
  EXPECT_EQ(bea.post("/users/me/push_subscriptions", body(ok_url, browser.p256dh_key(), browser.auth_key())).status, 200);
}

TEST_F(WebPush, AUserKeepsABoundedNumberOfSubscriptions) {
  BrowserSubscription browser;
  int64_t first = subscribe(bea, browser, "/b0");
  for (int i = 1; i <= 25; ++i) subscribe(bea, browser, "/b" + std::to_string(i));
  rapidjson::Document list = bea.get("/users/me/push_subscriptions").json();
  ASSERT_EQ(list["push_subscriptions"].Size(), 25u);
  for (const auto& s : list["push_subscriptions"].GetArray()) EXPECT_NE(s["id"].GetInt64(), first);
}

// ---- VAPID keys and the test notification -----------------------------------------------------

TEST_F(WebPush, TheGeneratedKeyIsAPointAndSurvivesARestart) {
  std::string key = vapid_key();
  auto point = unbase64url(key);
  ASSERT_TRUE(point.has_value());
  EXPECT_EQ(point->size(), 65u);
  EXPECT_EQ((*point)[0], '\x04');
  HttpClient anonymous(server.port());
  EXPECT_EQ(str(anonymous.get("/push/vapid_public_key").json()["vapid_public_key"]), key);
  server.stop();
  server.start();
  HttpClient later(server.port());
  EXPECT_EQ(str(later.get("/push/vapid_public_key").json()["vapid_public_key"]), key);
}

TEST_F(WebPush, TheTestNotificationIsEncryptedAndSignedForThatBrowser) {
  BrowserSubscription browser;
  int64_t id = subscribe(bea, browser, "/bea-phone");
  HttpResponse r = bea.post("/users/me/push_subscriptions/" + std::to_string(id) + "/test_notifications");
  ASSERT_EQ(r.status, 202) << r.body;

  auto got = receiver.wait_for("/bea-phone", 1, kWait);
  ASSERT_EQ(got.size(), 1u);
  const ReceivedPush& p = got[0];
  EXPECT_EQ(p.method, "POST");
  EXPECT_EQ(p.header("content-encoding"), "aes128gcm");
  EXPECT_EQ(p.header("urgency"), "high");
  EXPECT_FALSE(p.header("ttl").empty());
  EXPECT_GT(std::stol(p.header("ttl")), 0);
  EXPECT_EQ(vapid_problem(p.header("authorization"), "http://127.0.0.1:" + std::to_string(receiver.port()),
                          vapid_key()),
            "");

  rapidjson::Document n = push_at("/bea-phone", browser);
  EXPECT_EQ(str(n["title"]), "Campfire Test");
  std::string uuid = str(n["options"]["body"]);
  EXPECT_EQ(uuid.size(), 36u) << uuid;
  EXPECT_EQ(uuid[8], '-');
  EXPECT_EQ(str(n["options"]["icon"]), "/account/logo");
  EXPECT_EQ(str(n["options"]["data"]["path"]), "/users/me/push_subscriptions");

  // Another browser's keys cannot read it.
  BrowserSubscription stranger;
  EXPECT_FALSE(stranger.decrypt(p.body).has_value());
}

class WebPushWithEnvironmentKeys : public WebPush {
protected:
  static inline VapidKeyText keys = generate_vapid_keys();
  WebPushWithEnvironmentKeys()
      : WebPush({{"VAPID_PRIVATE_KEY", keys.private_key}, {"VAPID_PUBLIC_KEY", keys.public_key}}) {}
};

TEST_F(WebPushWithEnvironmentKeys, PushesAreSignedWithTheConfiguredKey) {
  EXPECT_EQ(vapid_key(), keys.public_key);
  BrowserSubscription browser;
  int64_t id = subscribe(bea, browser, "/b");
  ASSERT_EQ(bea.post("/users/me/push_subscriptions/" + std::to_string(id) + "/test_notifications").status, 202);
  auto got = receiver.wait_for("/b", 1, kWait);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(vapid_problem(got[0].header("authorization"), "http://127.0.0.1:" + std::to_string(receiver.port()),
                          keys.public_key),
            "");
}

// ---- who is pushed, and what -------------------------------------------------------------------

TEST_F(WebPush, ADirectMessagePushesTheOtherMemberWithTheSenderAsTitle) {
  BrowserSubscription bea_browser, admin_browser;
  subscribe(bea, bea_browser, "/bea");
  subscribe(admin, admin_browser, "/admin");
  int64_t dm = direct_room_with_bea();
  post(admin, dm, "\"See you <b>at 5</b> & bring cake\"");

  rapidjson::Document n = push_at("/bea", bea_browser);
  EXPECT_EQ(str(n["title"]), "Admin");
  EXPECT_EQ(str(n["options"]["body"]), "See you at 5 & bring cake");
  EXPECT_EQ(str(n["options"]["icon"]), "/account/logo");
  EXPECT_EQ(str(n["options"]["data"]["path"]), "/rooms/" + std::to_string(dm));
  EXPECT_EQ(n["options"]["data"]["badge"].GetInt64(), 1);  // the DM is Bea's one unread room

  settle();
  EXPECT_TRUE(receiver.received("/admin").empty()) << "the author was pushed";
}

TEST_F(WebPush, TheBadgeCountsEveryUnreadRoom) {
  BrowserSubscription browser;
  subscribe(bea, browser, "/bea");
  int64_t dm = direct_room_with_bea();
  post(admin, all_talk, "\"morning all\"");  // unread for Bea, no push (mentions only)
  post(admin, dm, "\"psst\"");
  rapidjson::Document n = push_at("/bea", browser);
  EXPECT_EQ(n["options"]["data"]["badge"].GetInt64(), 2);
  settle();
  EXPECT_EQ(receiver.received("/bea").size(), 1u);
}

TEST_F(WebPush, SharedRoomsPushOnlyMentionsByDefault) {
  BrowserSubscription browser;
  subscribe(bea, browser, "/bea");
  post(admin, all_talk, "\"nothing for Bea here\"");
  settle();
  EXPECT_TRUE(receiver.received("/bea").empty());

  rapidjson::Document message = post(admin, all_talk, mention(bea_id));
  ASSERT_TRUE(message.HasMember("mentionee_ids")) << "the rooms plugin reports mentions";
  rapidjson::Document n = push_at("/bea", browser);
  EXPECT_EQ(str(n["title"]), "All Talk");
  EXPECT_EQ(str(n["options"]["body"]).rfind("Admin: Hi ", 0), 0u) << str(n["options"]["body"]);
  EXPECT_EQ(str(n["options"]["data"]["path"]), "/rooms/" + std::to_string(all_talk));
}

TEST_F(WebPush, EverythingGetsAllNothingAndInvisibleGetNone) {
  BrowserSubscription browser;
  subscribe(bea, browser, "/bea");
  ASSERT_TRUE(set_involvement(bea, all_talk, "everything"));
  post(admin, all_talk, "\"one\"");
  EXPECT_EQ(str(push_at("/bea", browser)["options"]["body"]), "Admin: one");

  for (const char* level : {"nothing", "invisible"}) {
    ASSERT_TRUE(set_involvement(bea, all_talk, level));
    post(admin, all_talk, mention(bea_id));
    settle();
    EXPECT_EQ(receiver.received("/bea").size(), 1u) << level;
  }
}

TEST_F(WebPush, NoPushWhileLookingAtTheRoom) {
  BrowserSubscription browser;
  subscribe(bea, browser, "/bea");
  int64_t dm = direct_room_with_bea();
  WsClient ws;
  ASSERT_TRUE(ws.connect(server.cable_port(), bea.cookie_header(), origin()));
  ASSERT_TRUE(ws.wait_for("welcome", 3s).has_value());
  std::string room = "\"room_id\":" + std::to_string(dm);
  ASSERT_TRUE(ws.send_text("{\"type\":\"presence.present\"," + room + "}"));
  ASSERT_TRUE(ws.wait_for("room.read", 3s).has_value());

  post(admin, dm, "\"are you there?\"");
  settle();
  EXPECT_TRUE(receiver.received("/bea").empty()) << "pushed while present";

  // Gone: the next message is pushed (the absent write has no acknowledgement: retry a little).
  ASSERT_TRUE(ws.send_text("{\"type\":\"presence.absent\"," + room + "}"));
  auto end = std::chrono::steady_clock::now() + kWait;
  while (receiver.received("/bea").empty() && std::chrono::steady_clock::now() < end) {
    post(admin, dm, "\"now?\"");
    settle();
  }
  EXPECT_EQ(str(push_at("/bea", browser)["options"]["body"]), "now?");
}

// ---- what the push service says ---------------------------------------------------------------

TEST_F(WebPush, AGoneSubscriptionIsDeletedAndAFailingOneKept) {
  BrowserSubscription gone, failing;
  receiver.answer("/gone", 410);
  receiver.answer("/failing", 500);
  subscribe(bea, gone, "/gone");
  subscribe(bea, failing, "/failing");
  post(admin, direct_room_with_bea(), "\"hello\"");
  ASSERT_EQ(receiver.wait_for("/gone", 1, kWait).size(), 1u);
  ASSERT_EQ(receiver.wait_for("/failing", 1, kWait).size(), 1u);
  settle();

  auto end = std::chrono::steady_clock::now() + kWait;
  rapidjson::Document list;
  do {
    list = bea.get("/users/me/push_subscriptions").json();
    if (list["push_subscriptions"].Size() == 1) break;
    std::this_thread::sleep_for(20ms);
  } while (std::chrono::steady_clock::now() < end);
  ASSERT_EQ(list["push_subscriptions"].Size(), 1u);
  EXPECT_EQ(str(list["push_subscriptions"][0]["endpoint"]), receiver.url("/failing"));
  rapidjson::Document s = stats();
  EXPECT_EQ(s["expired"].GetInt64(), 1);
  EXPECT_EQ(s["failed"].GetInt64(), 1);
}

TEST_F(WebPush, SwitchedOffItAnswersNothingAndPushesNothing) {
  BrowserSubscription browser;
  subscribe(bea, browser, "/bea");
  ASSERT_EQ(admin.put("/api/plugins/push", R"({"enabled":false})").status, 200);
  EXPECT_EQ(bea.get("/users/me/push_subscriptions").status, 404);
  post(admin, direct_room_with_bea(), "\"quiet\"");
  std::this_thread::sleep_for(300ms);  // room for a push that should not come
  EXPECT_TRUE(receiver.received("/bea").empty());
  ASSERT_EQ(admin.put("/api/plugins/push", R"({"enabled":true})").status, 200);
  EXPECT_EQ(bea.get("/users/me/push_subscriptions").status, 200);
}

// ---- subscriptions end with their browser or their user ---------------------------------------

TEST_F(WebPush, SigningOutDropsThatBrowsersSubscriptionOnly) {
  BrowserSubscription laptop, phone;
  subscribe(bea, laptop, "/laptop");
  subscribe(bea, phone, "/phone");
  HttpResponse out = bea.request("DELETE", "/session",
                                 "{\"push_subscription_endpoint\":\"" + receiver.url("/laptop") + "\"}");
  ASSERT_EQ(out.status, 204) << out.body;
  HttpResponse in = bea.post("/session", R"({"email_address":"bea@example.com","password":"secret-password"})");
  ASSERT_TRUE(in.status >= 200 && in.status < 400) << in.status << " " << in.body;
  rapidjson::Document list = bea.get("/users/me/push_subscriptions").json();
  ASSERT_EQ(list["push_subscriptions"].Size(), 1u);
  EXPECT_EQ(str(list["push_subscriptions"][0]["endpoint"]), receiver.url("/phone"));
}

TEST_F(WebPush, DeactivatingOrBanningAUserDropsAllTheirSubscriptions) {
  HttpClient cy(server.port());
  sign_up(admin, cy, "Cy", "cy@example.com");
  int64_t cy_id = user_id(cy);
  BrowserSubscription a, b, c, d;
  subscribe(bea, a, "/bea-1");
  subscribe(bea, b, "/bea-2");
  subscribe(cy, c, "/cy");
  subscribe(admin, d, "/admin");
  EXPECT_EQ(stats()["subscriptions"].GetInt64(), 4);

  ASSERT_EQ(admin.del("/account/users/" + std::to_string(bea_id)).status, 204);
  EXPECT_EQ(stats()["subscriptions"].GetInt64(), 2);
  ASSERT_EQ(admin.post("/users/" + std::to_string(cy_id) + "/ban").status, 200);
  EXPECT_EQ(stats()["subscriptions"].GetInt64(), 1);
  EXPECT_EQ(admin.get("/users/me/push_subscriptions").json()["push_subscriptions"].Size(), 1u);
}

}  // namespace
}  // namespace cf::test
