// Integration tests for plugins/rooms, messages: paging with before/after, idempotent sends
// (also 16 racing retries), validation errors, edits and deletions, and the live
// message.created / message.updated / message.deleted events.
#include "tests/support/support.h"

#include <gtest/gtest.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <set>
#include <thread>
#include <vector>

namespace cf::test {
namespace {

using namespace std::chrono_literals;

std::string message_json(std::string_view body, std::string_view client_message_id = {}) {
  rapidjson::StringBuffer out;
  rapidjson::Writer<rapidjson::StringBuffer> w(out);
  w.StartObject();
  w.Key("message");
  w.StartObject();
  w.Key("body");
  w.String(body.data(), static_cast<rapidjson::SizeType>(body.size()));
  if (!client_message_id.empty()) {
    w.Key("client_message_id");
    w.String(client_message_id.data(), static_cast<rapidjson::SizeType>(client_message_id.size()));
  }
  w.EndObject();
  w.EndObject();
  return out.GetString();
}

class RoomsMessages : public ::testing::Test {
protected:
  void SetUp() override {
    first_run(http);
    room = room_id(http, "All Talk");
    base = "/rooms/" + std::to_string(room) + "/messages";
  }
  HttpResponse post(std::string_view body, std::string_view cmid = {}) { return http.post(base, message_json(body, cmid)); }

  ServerProcess server;
  HttpClient http{server.port()};
  int64_t room = 0;
  std::string base;
};

std::vector<int64_t> ids_of(const HttpResponse& r) {
  std::vector<int64_t> ids;
  rapidjson::Document doc = r.json();
  EXPECT_TRUE(doc.HasMember("messages") && doc["messages"].IsArray()) << r.body;
  if (!doc.HasMember("messages") || !doc["messages"].IsArray()) return ids;
  for (const auto& m : doc["messages"].GetArray()) ids.push_back(m["id"].GetInt64());
  return ids;
}

TEST_F(RoomsMessages, PostReturnsTheMessageJson) {
  HttpResponse r = post("hello", "cm-1");
  ASSERT_EQ(r.status, 201) << r.body;
  rapidjson::Document m = r.json();
  EXPECT_TRUE(m["id"].IsInt64());
  EXPECT_EQ(m["room_id"].GetInt64(), room);
  EXPECT_EQ(std::string(m["body"].GetString()), "hello");
  EXPECT_EQ(std::string(m["client_message_id"].GetString()), "cm-1");
  EXPECT_EQ(std::string(m["content_type"].GetString()), "text");
  EXPECT_EQ(std::string(m["creator"]["name"].GetString()), "Admin");
  EXPECT_EQ(m["creator"]["id"].GetInt64(), m["creator_id"].GetInt64());
  std::string created = m["created_at"].GetString();
  EXPECT_EQ(created.size(), 24u) << created; // 2026-11-23T06:41:41.317Z
  EXPECT_EQ(created.back(), 'Z');

  // Reading it back gives the same message; reads also run message.present, where plugins add
  // fields (the boosts plugin's "boosts"), so compare what the post answered.
  HttpResponse shown = http.get(base + "/" + std::to_string(m["id"].GetInt64()));
  EXPECT_EQ(shown.status, 200);
  rapidjson::Document read_back = shown.json();
  for (const auto& field : m.GetObject()) {
    const char* name = field.name.GetString();
    ASSERT_TRUE(read_back.HasMember(name)) << name;
    EXPECT_TRUE(read_back[name] == field.value) << name;
  }

  // A generated client_message_id when none is given.
  HttpResponse anon = post("no id");
  ASSERT_EQ(anon.status, 201) << anon.body;
  EXPECT_EQ(std::string(anon.json()["client_message_id"].GetString()).size(), 36u);
}

TEST_F(RoomsMessages, PagesOfFortyWithBeforeAndAfter) {
  std::vector<int64_t> all;
  for (int i = 0; i < 95; ++i) {
    HttpResponse r = post("m" + std::to_string(i));
    ASSERT_EQ(r.status, 201) << r.body;
    all.push_back(r.json()["id"].GetInt64());
  }
  auto latest = ids_of(http.get(base));
  ASSERT_EQ(latest.size(), 40u);
  EXPECT_EQ(latest, std::vector<int64_t>(all.end() - 40, all.end())); // ascending, the newest 40

  auto older = ids_of(http.get(base + "?before=" + std::to_string(latest.front())));
  EXPECT_EQ(older, std::vector<int64_t>(all.end() - 80, all.end() - 40));
  auto oldest = ids_of(http.get(base + "?before=" + std::to_string(older.front())));
  EXPECT_EQ(oldest, std::vector<int64_t>(all.begin(), all.begin() + 15));

  auto newer = ids_of(http.get(base + "?after=" + std::to_string(all[4])));
  EXPECT_EQ(newer, std::vector<int64_t>(all.begin() + 5, all.begin() + 45));
  EXPECT_TRUE(ids_of(http.get(base + "?after=" + std::to_string(all.back()))).empty());

  EXPECT_EQ(http.get(base + "?before=abc").status, 400);
  EXPECT_EQ(http.get(base + "?after=-3").status, 400);
  EXPECT_EQ(http.get(base + "?after=1&before=9").status, 400);
}

TEST_F(RoomsMessages, RetryWithSameClientMessageIdStoresOnce) {
  HttpResponse first = post("once", "retry-me");
  ASSERT_EQ(first.status, 201) << first.body;
  HttpResponse again = post("once (edited by the client)", "retry-me");
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.json()["id"].GetInt64(), first.json()["id"].GetInt64());
  EXPECT_EQ(std::string(again.json()["body"].GetString()), "once");
  EXPECT_EQ(ids_of(http.get(base)).size(), 1u);
}

TEST_F(RoomsMessages, SixteenRacingRetriesMakeOneMessage) {
  constexpr int kClients = 16;
  std::vector<HttpResponse> answers = post_concurrently(http, base, message_json("racing", "same-cmid"), kClients);
  std::set<int64_t> ids;
  int created = 0;
  for (const auto& a : answers) {
    ASSERT_TRUE(a.status == 201 || a.status == 200) << a.status << " " << a.body;
    created += a.status == 201;
    ids.insert(a.json()["id"].GetInt64());
  }
  EXPECT_EQ(created, 1);
  EXPECT_EQ(ids.size(), 1u);
  EXPECT_EQ(ids_of(http.get(base)).size(), 1u);
}

TEST_F(RoomsMessages, HostileInputIsA4xx) {
  EXPECT_EQ(http.post(base, R"({"message":{"body":"   \n "}})").status, 422);
  EXPECT_EQ(http.post(base, R"({"message":{"body":12}})").status, 400);
  EXPECT_EQ(http.post(base, R"({"message":"text"})").status, 400);
  EXPECT_EQ(http.post(base, R"({})").status, 422);
  EXPECT_EQ(http.post(base, R"({"message":{"body":"x","client_message_id":7}})").status, 400);
  EXPECT_EQ(post("x", std::string(65, 'c')).status, 422);
  EXPECT_EQ(post(std::string(64 * 1024 + 1, 'b')).status, 422);
  EXPECT_EQ(post(std::string(64 * 1024, 'b')).status, 201);
  EXPECT_EQ(http.post("/rooms/999999/messages", message_json("x")).status, 404);
  EXPECT_EQ(http.post("/rooms/nope/messages", message_json("x")).status, 404);
  EXPECT_EQ(http.get(base + "/999999").status, 404);
  EXPECT_EQ(http.put(base + "/999999", message_json("x")).status, 404);
  // Form bodies: the kernel converts message[body]=... to JSON with string values.
  HttpResponse form = http.request("POST", base, "message%5Bbody%5D=from+a+form",
                                   {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(form.status, 201) << form.body;
}

TEST_F(RoomsMessages, EditAndDeleteAsCreatorWithLiveEvents) {
  WsClient ws;
  ASSERT_TRUE(ws.connect(server.cable_port(), http.cookie_header(), "http://127.0.0.1:" + std::to_string(server.port())));
  ASSERT_TRUE(ws.wait_for("welcome", 5s));
  ws.send_text(R"({"type":"subscribe","room_id":)" + std::to_string(room) + "}");
  ASSERT_TRUE(ws.wait_for("subscribed", 5s));

  HttpResponse r = post("draft", "live-1");
  ASSERT_EQ(r.status, 201);
  int64_t id = r.json()["id"].GetInt64();
  auto created = ws.wait_for("message.created", 2s);
  ASSERT_TRUE(created);
  EXPECT_EQ((*created)["data"]["message"]["id"].GetInt64(), id);
  EXPECT_EQ((*created)["data"]["room"]["id"].GetInt64(), room);
  EXPECT_STREQ((*created)["data"]["room"]["name"].GetString(), "All Talk");
  EXPECT_EQ((*created)["room_id"].GetInt64(), room);
  EXPECT_TRUE((*created)["event_id"].IsInt64());

  std::string path = base + "/" + std::to_string(id);
  HttpResponse edited = http.patch(path, message_json("final"));
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(std::string(edited.json()["body"].GetString()), "final");
  auto updated = ws.wait_for("message.updated", 2s);
  ASSERT_TRUE(updated);
  EXPECT_EQ(std::string((*updated)["data"]["body"].GetString()), "final");
  EXPECT_EQ(http.put(path, message_json(" ")).status, 422);

  EXPECT_EQ(http.del(path).status, 204);
  auto deleted = ws.wait_for("message.deleted", 2s);
  ASSERT_TRUE(deleted);
  EXPECT_EQ((*deleted)["data"]["id"].GetInt64(), id);
  EXPECT_EQ(std::string((*deleted)["data"]["client_message_id"].GetString()), "live-1");
  EXPECT_EQ(http.get(path).status, 404);
  EXPECT_EQ(http.del(path).status, 404);
}

TEST_F(RoomsMessages, OnlyCreatorOrAdministratorEditsOrDeletes) {
  HttpClient bob(server.port());
  sign_up(http, bob, "Bob", "bob@example.com");
  HttpResponse mine = post("admin's");
  ASSERT_EQ(mine.status, 201);
  std::string admin_path = base + "/" + std::to_string(mine.json()["id"].GetInt64());
  EXPECT_EQ(bob.patch(admin_path, message_json("hijack")).status, 403);
  EXPECT_EQ(bob.del(admin_path).status, 403);

  HttpResponse bobs = bob.post(base, message_json("bob's"));
  ASSERT_EQ(bobs.status, 201) << bobs.body;
  std::string bob_path = base + "/" + std::to_string(bobs.json()["id"].GetInt64());
  EXPECT_EQ(bob.put(bob_path, message_json("bob's, edited")).status, 200);
  EXPECT_EQ(http.patch(bob_path, message_json("moderated")).status, 200); // an administrator may
  EXPECT_EQ(http.del(bob_path).status, 204);

  // client_message_id is unique per creator: the same one from two users makes two messages.
  HttpResponse a = post("from admin", "shared-cmid");
  HttpResponse b = bob.post(base, message_json("from bob", "shared-cmid"));
  EXPECT_EQ(a.status, 201);
  EXPECT_EQ(b.status, 201);
  EXPECT_NE(a.json()["id"].GetInt64(), b.json()["id"].GetInt64());
}

} // namespace
} // namespace cf::test
