// A fixture for the room-side tests (RoomsSidebar*, Involvement*, RoomAdmin*): a real server,
// its first administrator Ann and two members, Bob and Cy, each on their own HTTP connection,
// with helpers for live sockets and for the JSON the rooms plugin answers.
#pragma once

#include "tests/support/database_file.h"
#include "tests/support/support.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace cf::test {

using namespace std::chrono_literals;

inline std::string str_of(const rapidjson::Value& v, const char* key) {
  return v.IsObject() && v.HasMember(key) && v[key].IsString() ? v[key].GetString() : "";
}
inline int64_t id_in(const rapidjson::Value& v, const char* key = "id") {
  return v.IsObject() && v.HasMember(key) && v[key].IsInt64() ? v[key].GetInt64() : 0;
}

class RoomPeople : public ::testing::Test {
protected:
  void SetUp() override {
    first_run(ann, "Ann", "ann@example.com");
    sign_up(ann, bob, "Bob", "bob@example.com");
    sign_up(ann, cy, "Cy", "cy@example.com");
    ann_id = my_id(ann);
    bob_id = my_id(bob);
    cy_id = my_id(cy);
    all_talk = room_id(ann, "All Talk");
  }

  static int64_t my_id(HttpClient& who) {
    HttpResponse r = who.get("/users/me/profile");
    EXPECT_EQ(r.status, 200) << r.body;
    return id_in(r.json()["user"]);
  }

  std::string origin() const { return "http://127.0.0.1:" + std::to_string(server.port()); }

  // A signed-in socket for `who`, past its welcome.
  void open(WsClient& ws, HttpClient& who) {
    ASSERT_TRUE(ws.connect(server.cable_port(), who.cookie_header(), origin()));
    ASSERT_TRUE(ws.wait_for("welcome", 5s).has_value());
  }
  void subscribe(WsClient& ws, int64_t room) {
    ASSERT_TRUE(ws.send_text(R"({"type":"subscribe","room_id":)" + std::to_string(room) + "}"));
    ASSERT_TRUE(ws.wait_for("subscribed", 5s).has_value());
  }

  // The next message whose type starts with `prefix` ("sidebar.", "room.unread"), skipping others.
  static std::optional<rapidjson::Document> next_of(WsClient& ws, std::string_view prefix,
                                                    std::chrono::milliseconds timeout = 5s) {
    auto end = std::chrono::steady_clock::now() + timeout;
    while (true) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now());
      if (left.count() <= 0) return std::nullopt;
      auto text = ws.recv_text(left);
      if (!text) return std::nullopt;
      rapidjson::Document doc;
      doc.Parse(text->data(), text->size());
      if (!doc.HasParseError() && doc.IsObject() && str_of(doc, "type").starts_with(prefix)) return doc;
    }
  }

  // Asserts that the next `prefix` event is `type` about room `room`, and returns its data.
  static rapidjson::Document expect_next(WsClient& ws, std::string_view prefix, std::string_view type, int64_t room) {
    rapidjson::Document data;
    data.SetObject();
    auto got = next_of(ws, prefix);
    EXPECT_TRUE(got.has_value()) << "no " << type << " for room " << room;
    if (!got) return data;
    EXPECT_EQ(str_of(*got, "type"), type);
    if (got->HasMember("data")) data.CopyFrom((*got)["data"], data.GetAllocator());
    int64_t about = data.HasMember("room_id") ? id_in(data, "room_id") : id_in(data);
    EXPECT_EQ(about, room) << type;
    return data;
  }

  static int64_t created(const HttpResponse& r) {
    EXPECT_TRUE(r.status == 201 || r.status == 200) << r.status << " " << r.body;
    return id_in(r.json());
  }
  int64_t closed_room(HttpClient& who, std::string_view name, const std::vector<int64_t>& members) {
    std::string ids;
    for (int64_t id : members) ids += (ids.empty() ? "" : ",") + std::to_string(id);
    return created(who.post("/rooms/closeds", R"({"room":{"name":")" + std::string(name) + R"("},"user_ids":[)" + ids + "]}"));
  }
  int64_t direct_room(HttpClient& who, const std::vector<int64_t>& others) {
    std::string ids;
    for (int64_t id : others) ids += (ids.empty() ? "" : ",") + std::to_string(id);
    return created(who.post("/rooms/directs", R"({"user_ids":[)" + ids + "]}"));
  }
  void post(HttpClient& who, int64_t room, std::string_view body = "hello") {
    HttpResponse r = who.post("/rooms/" + std::to_string(room) + "/messages",
                              R"({"message":{"body":")" + std::string(body) + R"("}})");
    ASSERT_EQ(r.status, 201) << r.body;
  }
  static std::string path(std::string_view prefix, int64_t id, std::string_view suffix = "") {
    return std::string(prefix) + std::to_string(id) + std::string(suffix);
  }

  // Stops the server, runs SQL on its database file, starts it again (sessions survive).
  void with_server_stopped(const std::string& sql) {
    server.stop();
    exec_sql(server.db_path(), sql);
    server.start();
  }

  static void expect_json_error(const HttpResponse& r, int status) {
    EXPECT_EQ(r.status, status) << r.body;
    rapidjson::Document d = r.json();
    EXPECT_TRUE(d.IsObject() && d.HasMember("error") && d["error"].IsString()) << r.body;
  }

  ServerProcess server;
  HttpClient ann{server.port()}, bob{server.port()}, cy{server.port()};
  int64_t ann_id = 0, bob_id = 0, cy_id = 0, all_talk = 0;
};

}  // namespace cf::test
