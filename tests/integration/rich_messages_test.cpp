// Integration tests for rich messages (plugins/rooms, CAMPFIRE.md §8): sanitised HTML bodies
// through a real POST, mentions (canonical markup, plain "@Name", mentionee_ids), emoji-only
// detection, file attachments (multipart upload, member-only download), permalink pages
// (?around=), refresh (created/updated since), edits sanitising again, and hostile input.
#include "tests/support/support.h"

#include <gtest/gtest.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <ctime>
#include <thread>

namespace cf::test {
namespace {

using namespace std::chrono_literals;

std::string body_json(std::string_view body) {
  rapidjson::StringBuffer out;
  rapidjson::Writer<rapidjson::StringBuffer> w(out);
  w.StartObject();
  w.Key("message");
  w.StartObject();
  w.Key("body");
  w.String(body.data(), static_cast<rapidjson::SizeType>(body.size()));
  w.EndObject();
  w.EndObject();
  return out.GetString();
}

std::string mention(int64_t user_id, std::string_view inner = "") {
  return "<action-text-attachment content-type=\"application/vnd.campfire.mention\" user-id=\"" +
         std::to_string(user_id) + "\">" + std::string(inner) + "</action-text-attachment>";
}

struct FilePart {
  std::string filename;
  std::string content_type;
  std::string data;
};

const std::string kBoundary = "----campfire-test-boundary-7MA4YWxkTrZu0gW";

std::string multipart(const std::vector<std::pair<std::string, std::string>>& fields, const FilePart* file) {
  std::string out;
  for (const auto& [name, value] : fields)
    out += "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
  if (file) {
    out += "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"message[attachment]\"; filename=\"" +
           file->filename + "\"\r\nContent-Type: " + file->content_type + "\r\n\r\n" + file->data + "\r\n";
  }
  return out + "--" + kBoundary + "--\r\n";
}

// "2026-11-23T06:41:41.317Z" -> epoch milliseconds.
int64_t epoch_ms(std::string_view iso) {
  std::tm tm{};
  strptime(std::string(iso.substr(0, 19)).c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  return static_cast<int64_t>(timegm(&tm)) * 1000 + std::stoi(std::string(iso.substr(20, 3)));
}

std::vector<int64_t> ids_in(const rapidjson::Value& list) {
  std::vector<int64_t> ids;
  for (const auto& m : list.GetArray()) ids.push_back(m["id"].GetInt64());
  return ids;
}

class RichMessages : public ::testing::Test {
protected:
  void SetUp() override {
    first_run(http);
    room = room_id(http, "All Talk");
    base = "/rooms/" + std::to_string(room) + "/messages";
  }
  HttpResponse post(std::string_view body) { return http.post(base, body_json(body)); }
  HttpResponse upload(const std::string& path, const FilePart& file, HttpClient* as = nullptr,
                      std::vector<std::pair<std::string, std::string>> fields = {}) {
    return (as ? *as : http)
        .request("POST", path, multipart(fields, &file), {{"Content-Type", "multipart/form-data; boundary=" + kBoundary}});
  }
  int64_t sign_up_bob() {
    sign_up(http, bob, "Bob", "bob@example.com");
    HttpResponse me = bob.post(base, body_json("hi, it's Bob"));
    EXPECT_EQ(me.status, 201) << me.body;
    return me.json()["creator_id"].GetInt64();
  }
  int64_t closed_room(std::string_view name) {
    HttpResponse r = http.post("/rooms/closeds", R"({"room":{"name":")" + std::string(name) + R"("},"user_ids":[]})");
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json()["id"].GetInt64();
  }

  ServerProcess server;
  HttpClient http{server.port()};
  HttpClient bob{server.port()};
  int64_t room = 0;
  std::string base;
};

TEST_F(RichMessages, HtmlBodiesAreSanitisedOnTheServer) {
  HttpResponse r = post("<div>Hi <strong onclick=\"alert(1)\">there</strong><script>alert(2)</script>"
                        "<img src=x onerror=alert(3)> <a href=\"jav&#x09;ascript:alert(4)\">link</a> "
                        "<a href=\"https://example.com/\">ok</a><!-- hidden --></div><ul><li>one</li></ul>");
  ASSERT_EQ(r.status, 201) << r.body;
  rapidjson::Document m = r.json();
  EXPECT_STREQ(m["body"].GetString(),
               "<div>Hi <strong>there</strong> <a>link</a> <a href=\"https://example.com/\">ok</a></div>"
               "<ul><li>one</li></ul>");
  EXPECT_STREQ(m["plain_body"].GetString(), "Hi there link ok\n\xE2\x80\xA2 one");
  EXPECT_STREQ(m["content_type"].GetString(), "text");
  EXPECT_TRUE(m["mentionee_ids"].IsArray() && m["mentionee_ids"].Empty());
  EXPECT_FALSE(m["emoji_only"].GetBool());
  EXPECT_TRUE(m["attachment"].IsNull());

  // Stored as sanitised: every read path returns the same.
  HttpResponse shown = http.get(base + "/" + std::to_string(m["id"].GetInt64()));
  EXPECT_STREQ(shown.json()["body"].GetString(), m["body"].GetString());
  HttpResponse listed = http.get(base);
  EXPECT_STREQ(listed.json()["messages"][0]["body"].GetString(), m["body"].GetString());

  // Plain text (no tags) is escaped, newlines become <br>.
  HttpResponse plain = post("Tom & Jerry <3\nsecond line");
  ASSERT_EQ(plain.status, 201) << plain.body;
  EXPECT_STREQ(plain.json()["body"].GetString(), "Tom &amp; Jerry &lt;3<br>second line");
  EXPECT_STREQ(plain.json()["plain_body"].GetString(), "Tom & Jerry <3\nsecond line");

  // Nothing left after sanitising: blank.
  HttpResponse blank = post("<script>alert(1)</script><div><br></div>");
  EXPECT_EQ(blank.status, 422);
  EXPECT_TRUE(blank.json().HasMember("error")) << blank.body;
}

TEST_F(RichMessages, MentionsAreCanonicalWithPlainFormAndMentionees) {
  int64_t bob_id = sign_up_bob();
  HttpResponse r = post("<div>Hey " + mention(bob_id, "@Someone <img src=x onerror=alert(1)>") + ", and " +
                        mention(987654, "@Ghost") + "!</div>");
  ASSERT_EQ(r.status, 201) << r.body;
  rapidjson::Document m = r.json();
  EXPECT_EQ(std::string(m["body"].GetString()), "<div>Hey " + mention(bob_id, "@Bob") + ", and !</div>");
  EXPECT_STREQ(m["plain_body"].GetString(), "Hey @Bob, and !");
  ASSERT_EQ(m["mentionee_ids"].Size(), 1u);
  EXPECT_EQ(m["mentionee_ids"][0].GetInt64(), bob_id);
  EXPECT_EQ(ids_in(http.get(base).json()["messages"]).back(), m["id"].GetInt64());
  EXPECT_EQ(http.get(base).json()["messages"][1]["mentionee_ids"][0].GetInt64(), bob_id);

  // Bob is not in this closed room: the mention shows, but he is no mentionee.
  int64_t secret = closed_room("Secret");
  HttpResponse outside = http.post("/rooms/" + std::to_string(secret) + "/messages", body_json("cc " + mention(bob_id)));
  ASSERT_EQ(outside.status, 201) << outside.body;
  EXPECT_STREQ(outside.json()["plain_body"].GetString(), "cc @Bob");
  EXPECT_TRUE(outside.json()["mentionee_ids"].Empty());
}

TEST_F(RichMessages, EmojiOnlyMessages) {
  EXPECT_TRUE(post("🔥🔥").json()["emoji_only"].GetBool());
  EXPECT_TRUE(post("<div>👍🏽 ❤️</div>").json()["emoji_only"].GetBool());
  EXPECT_TRUE(post("👨‍👩‍👧").json()["emoji_only"].GetBool());
  EXPECT_FALSE(post("ok 👍").json()["emoji_only"].GetBool());
  EXPECT_FALSE(post("42").json()["emoji_only"].GetBool());
}

TEST_F(RichMessages, AttachmentsUploadAndDownloadForMembersOnly) {
  int64_t bob_id = sign_up_bob();
  (void)bob_id;
  int64_t secret = closed_room("Files");
  std::string path = "/rooms/" + std::to_string(secret) + "/messages";
  std::string bytes("\x89PNG\r\n\x1a\n\0\xff binary \r\n--not-a-boundary\r\n", 37);
  // A Windows path, quotes escaped in the quoted-string as RFC 7578 allows: the server keeps the name.
  HttpResponse r = upload(path, FilePart{"C:\\photos\\caf\xC3\xA9 \\\"1\\\".png", "image/PNG", bytes}, nullptr,
                          {{"message[client_message_id]", "upload-1"}});
  ASSERT_EQ(r.status, 201) << r.body;
  rapidjson::Document m = r.json();
  EXPECT_STREQ(m["content_type"].GetString(), "attachment");
  EXPECT_STREQ(m["body"].GetString(), "");
  EXPECT_STREQ(m["plain_body"].GetString(), "caf\xC3\xA9 \"1\".png");
  EXPECT_STREQ(m["client_message_id"].GetString(), "upload-1");
  EXPECT_FALSE(m["emoji_only"].GetBool());
  ASSERT_TRUE(m["attachment"].IsObject());
  EXPECT_STREQ(m["attachment"]["filename"].GetString(), "caf\xC3\xA9 \"1\".png");
  EXPECT_STREQ(m["attachment"]["content_type"].GetString(), "image/png");
  EXPECT_EQ(m["attachment"]["byte_size"].GetInt64(), static_cast<int64_t>(bytes.size()));
  std::string url = m["attachment"]["url"].GetString();
  EXPECT_EQ(url, path + "/" + std::to_string(m["id"].GetInt64()) + "/attachment");

  HttpResponse file = http.get(url);
  ASSERT_EQ(file.status, 200);
  EXPECT_EQ(file.body, bytes);
  EXPECT_EQ(file.header("content-type"), "image/png");
  EXPECT_EQ(file.header("content-disposition"), "inline; filename=\"caf__ _1_.png\"; filename*=UTF-8''caf%C3%A9%20%221%22.png");
  EXPECT_EQ(file.header("x-content-type-options"), "nosniff");
  EXPECT_NE(file.header("cache-control").find("private"), std::string::npos);

  // Not a member: like a room that does not exist. Neither the file nor the message.
  EXPECT_EQ(bob.get(url).status, 404);
  EXPECT_EQ(bob.get(path + "/" + std::to_string(m["id"].GetInt64())).status, 404);
  EXPECT_EQ(upload(path, FilePart{"x.txt", "text/plain", "x"}, &bob).status, 404);
  EXPECT_EQ(http.get(base + "/" + std::to_string(m["id"].GetInt64()) + "/attachment").status, 404); // wrong room

  // A retry with the same client_message_id stores nothing new.
  HttpResponse again = upload(path, FilePart{"other.png", "image/png", "y"}, nullptr, {{"message[client_message_id]", "upload-1"}});
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.json()["id"].GetInt64(), m["id"].GetInt64());

  // Pages that could run script are downloads, never shown inline.
  HttpResponse page = upload(path, FilePart{"page.html", "text/html", "<script>alert(1)</script>"});
  ASSERT_EQ(page.status, 201) << page.body;
  HttpResponse served = http.get(page.json()["attachment"]["url"].GetString());
  EXPECT_EQ(served.header("content-type"), "application/octet-stream");
  EXPECT_EQ(served.header("content-disposition").rfind("attachment;", 0), 0u);

  // Attachment messages cannot be edited; they can be deleted (and the file goes with them).
  std::string message_path = path + "/" + std::to_string(m["id"].GetInt64());
  EXPECT_EQ(http.put(message_path, body_json("edited")).status, 422);
  EXPECT_EQ(http.del(message_path).status, 204);
  EXPECT_EQ(http.get(url).status, 404);
}

TEST(RichMessagesLimits, AttachmentOverTheConfiguredSizeIs413) {
  ServerProcess server(std::vector<std::pair<std::string, std::string>>{{"CF_ATTACHMENT_MAX_BYTES", "1000"},
                                                                        {"MAX_BODY_BYTES", "70000"}});
  HttpClient http(server.port());
  first_run(http);
  std::string path = "/rooms/" + std::to_string(room_id(http)) + "/messages";
  auto send = [&](size_t size) {
    FilePart f{"big.bin", "application/octet-stream", std::string(size, 'z')};
    return http.request("POST", path, multipart({}, &f), {{"Content-Type", "multipart/form-data; boundary=" + kBoundary}});
  };
  EXPECT_EQ(send(1000).status, 201);
  HttpResponse big = send(1001);
  EXPECT_EQ(big.status, 413);
  EXPECT_TRUE(big.json().HasMember("error")) << big.body;
  // The kernel's own request limit (MAX_BODY_BYTES) answers first for anything larger.
  HttpResponse huge = send(80000);
  EXPECT_EQ(huge.status, 413);
  EXPECT_NE(huge.body.find("request body too large"), std::string::npos) << huge.body;
}

TEST_F(RichMessages, AroundAMessageForPermalinks) {
  std::vector<int64_t> all;
  for (int i = 0; i < 100; ++i) {
    HttpResponse r = post("m" + std::to_string(i));
    ASSERT_EQ(r.status, 201) << r.body;
    all.push_back(r.json()["id"].GetInt64());
  }
  HttpResponse r = http.get(base + "?around=" + std::to_string(all[50]));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(ids_in(r.json()["messages"]), std::vector<int64_t>(all.begin() + 10, all.begin() + 91));
  EXPECT_EQ(ids_in(http.get(base + "?around=" + std::to_string(all[2])).json()["messages"]),
            std::vector<int64_t>(all.begin(), all.begin() + 43));
  EXPECT_EQ(ids_in(http.get(base + "?around=" + std::to_string(all[99])).json()["messages"]),
            std::vector<int64_t>(all.begin() + 59, all.end()));

  int64_t other = closed_room("Elsewhere");
  HttpResponse elsewhere = http.post("/rooms/" + std::to_string(other) + "/messages", body_json("x"));
  EXPECT_EQ(http.get(base + "?around=" + std::to_string(elsewhere.json()["id"].GetInt64())).status, 404);
  EXPECT_EQ(http.get(base + "?around=999999").status, 404);
  EXPECT_EQ(http.get(base + "?around=abc").status, 400);
  EXPECT_EQ(http.get(base + "?around=5&before=9").status, 400);
}

TEST_F(RichMessages, RefreshReturnsCreatedAndUpdatedSince) {
  HttpResponse first = post("first");
  ASSERT_EQ(first.status, 201);
  int64_t since = epoch_ms(first.json()["created_at"].GetString());
  std::this_thread::sleep_for(5ms); // timestamps have millisecond resolution
  HttpResponse second = post("second");
  HttpResponse third = post("third");
  std::string first_path = base + "/" + std::to_string(first.json()["id"].GetInt64());
  ASSERT_EQ(http.put(first_path, body_json("first, edited")).status, 200);

  std::string refresh = "/rooms/" + std::to_string(room) + "/refresh?since=";
  HttpResponse r = http.get(refresh + std::to_string(since));
  ASSERT_EQ(r.status, 200) << r.body;
  rapidjson::Document d = r.json();
  EXPECT_EQ(ids_in(d["created"]), (std::vector<int64_t>{second.json()["id"].GetInt64(), third.json()["id"].GetInt64()}));
  EXPECT_EQ(ids_in(d["updated"]), (std::vector<int64_t>{first.json()["id"].GetInt64()}));
  EXPECT_STREQ(d["updated"][0]["body"].GetString(), "first, edited");

  // Since the beginning: everything is created, so nothing counts as only updated.
  rapidjson::Document all = http.get(refresh + "0").json();
  EXPECT_EQ(all["created"].Size(), 3u);
  EXPECT_EQ(all["updated"].Size(), 0u);

  EXPECT_EQ(http.get(refresh + "yesterday").status, 400);
  EXPECT_EQ(http.get(refresh + "-1").status, 400);
  EXPECT_EQ(http.get("/rooms/" + std::to_string(room) + "/refresh").status, 400);
  EXPECT_EQ(http.get("/rooms/999999/refresh?since=0").status, 404);
}

TEST_F(RichMessages, EditsAreSanitisedAndRecomputeMentions) {
  int64_t bob_id = sign_up_bob();
  HttpResponse r = post("plain");
  ASSERT_EQ(r.status, 201);
  std::string path = base + "/" + std::to_string(r.json()["id"].GetInt64());

  HttpResponse edited =
      http.put(path, body_json("<p onmouseover=alert(1)>cc " + mention(bob_id) + " <a href=\"data:text/html,x\">x</a></p>"));
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(std::string(edited.json()["body"].GetString()), "<p>cc " + mention(bob_id, "@Bob") + " <a>x</a></p>");
  EXPECT_STREQ(edited.json()["plain_body"].GetString(), "cc @Bob x");
  ASSERT_EQ(edited.json()["mentionee_ids"].Size(), 1u);
  EXPECT_EQ(edited.json()["mentionee_ids"][0].GetInt64(), bob_id);

  HttpResponse again = http.patch(path, body_json("🎉"));
  ASSERT_EQ(again.status, 200);
  EXPECT_TRUE(again.json()["mentionee_ids"].Empty());
  EXPECT_TRUE(again.json()["emoji_only"].GetBool());
  EXPECT_EQ(http.put(path, body_json("<style>x</style>")).status, 422);
}

TEST_F(RichMessages, MessageCreatedEventCarriesTheRoom) {
  WsClient ws;
  ASSERT_TRUE(ws.connect(server.cable_port(), http.cookie_header(), "http://127.0.0.1:" + std::to_string(server.port())));
  ASSERT_TRUE(ws.wait_for("welcome", 5s));
  ws.send_text(R"({"type":"subscribe","room_id":)" + std::to_string(room) + "}");
  ASSERT_TRUE(ws.wait_for("subscribed", 5s));
  HttpResponse r = post("<b>live</b>");
  ASSERT_EQ(r.status, 201);
  auto ev = ws.wait_for("message.created", 3s);
  ASSERT_TRUE(ev);
  const auto& data = (*ev)["data"];
  EXPECT_EQ(data["room"]["id"].GetInt64(), room);
  EXPECT_STREQ(data["room"]["type"].GetString(), "open");
  EXPECT_STREQ(data["room"]["name"].GetString(), "All Talk");
  EXPECT_EQ(data["message"]["id"].GetInt64(), r.json()["id"].GetInt64());
  EXPECT_STREQ(data["message"]["body"].GetString(), "<b>live</b>");
  EXPECT_STREQ(data["message"]["plain_body"].GetString(), "live");
}

TEST_F(RichMessages, HostileInputIsA4xxWithJson) {
  auto expect_error = [](const HttpResponse& r, int status) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_TRUE(r.json().HasMember("error")) << r.body;
  };
  Headers form_data = {{"Content-Type", "multipart/form-data; boundary=" + kBoundary}};
  expect_error(http.request("POST", base, "no delimiter at all", form_data), 400);
  expect_error(http.request("POST", base, "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nunclosed",
                            form_data),
               400);
  expect_error(http.request("POST", base, "x", {{"Content-Type", "multipart/form-data"}}), 400); // no boundary
  expect_error(http.request("POST", base, "x", {{"Content-Type", "multipart/mixed; boundary=b"}}), 400);
  expect_error(http.request("POST", base, multipart({{"message[body]", "bad \xff utf-8"}}, nullptr), form_data), 400);
  expect_error(http.request("POST", base, multipart({{"message[client_message_id]", "only an id"}}, nullptr), form_data),
               422);
  FilePart bad_name{"bad\xff.txt", "text/plain", "x"};  // a malformed form (the SDK's parser refuses it)
  expect_error(http.request("POST", base, multipart({}, &bad_name), form_data), 400);
  std::string parts;
  for (int i = 0; i < 40; ++i) parts += "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nv\r\n";
  expect_error(http.request("POST", base, parts + "--" + kBoundary + "--\r\n", form_data), 400);

  // A text message from a multipart form still works.
  HttpResponse text = http.request("POST", base, multipart({{"message[body]", "<i>from a form</i>"}}, nullptr), form_data);
  EXPECT_EQ(text.status, 201) << text.body;
  EXPECT_STREQ(text.json()["body"].GetString(), "<i>from a form</i>");

  std::string markup;
  for (int i = 0; i < 3000; ++i) markup += "<b>";
  expect_error(post(markup + "x"), 422);
  std::string attrs = "<b";
  for (int i = 0; i < 40; ++i) attrs += " a" + std::to_string(i) + "=1";
  expect_error(post(attrs + ">x</b>"), 422);
}

}  // namespace
}  // namespace cf::test
