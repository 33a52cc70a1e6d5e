#include "tests/integration/bots_support.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <stdexcept>
#include <thread>

namespace cf::test::bots {

std::string quoted(std::string_view s) {
  rapidjson::StringBuffer out;
  rapidjson::Writer<rapidjson::StringBuffer> w(out);
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
  return out.GetString();
}

BotRef create_bot(HttpClient& admin, std::string_view name, std::string_view webhook_url, std::string_view extra) {
  std::string user = "\"name\":" + quoted(name);
  if (!webhook_url.empty()) user += ",\"webhook_url\":" + quoted(webhook_url);
  if (!extra.empty()) user += "," + std::string(extra);
  HttpResponse r = admin.post("/account/bots", "{\"user\":{" + user + "}}");
  if (r.status != 201) throw std::runtime_error("POST /account/bots answered " + std::to_string(r.status) + ": " + r.body);
  rapidjson::Document doc = r.json();
  const auto& bot = doc["bot"];
  return BotRef{bot["id"].GetInt64(), bot["bot_key"].GetString(), bot["signing_secret"].GetString()};
}

std::string mention(int64_t user_id) {
  return "<action-text-attachment content-type=\"application/vnd.campfire.mention\" user-id=\"" +
         std::to_string(user_id) + "\"></action-text-attachment>";
}

int64_t post_message(HttpClient& http, int64_t room, std::string_view body) {
  HttpResponse r = http.post("/rooms/" + std::to_string(room) + "/messages", "{\"message\":{\"body\":" + quoted(body) + "}}");
  if (r.status != 201) throw std::runtime_error("posting a message answered " + std::to_string(r.status) + ": " + r.body);
  return r.json()["id"].GetInt64();
}

std::string bot_path(int64_t room, std::string_view key) {
  return "/rooms/" + std::to_string(room) + "/" + std::string(key) + "/messages";
}

HttpResponse bot_post(HttpClient& http, const std::string& path, std::string_view body) {
  return http.request("POST", path, body, {{"Content-Type", "text/plain"}});
}

rapidjson::Document room_messages(HttpClient& http, int64_t room) {
  return http.get("/rooms/" + std::to_string(room) + "/messages").json();
}

bool eventually(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return done();
}

bool has_message_by(HttpClient& http, int64_t room, int64_t creator_id, std::string_view body) {
  rapidjson::Document doc = room_messages(http, room);
  if (!doc.HasMember("messages") || !doc["messages"].IsArray()) return false;
  for (const auto& m : doc["messages"].GetArray())
    if (m["creator_id"].GetInt64() == creator_id && std::string_view(m["body"].GetString()).find(body) != std::string_view::npos)
      return true;
  return false;
}

int64_t direct_room(HttpClient& http, std::initializer_list<int64_t> user_ids) {
  std::string ids;
  for (int64_t id : user_ids) ids += (ids.empty() ? "" : ",") + std::to_string(id);
  HttpResponse r = http.post("/rooms/directs", "{\"user_ids\":[" + ids + "]}");
  if (r.status != 201 && r.status != 200)
    throw std::runtime_error("POST /rooms/directs answered " + std::to_string(r.status) + ": " + r.body);
  return r.json()["id"].GetInt64();
}

int64_t my_id(HttpClient& http) {
  HttpResponse r = http.get("/users/me/profile");
  if (r.status != 200) throw std::runtime_error("GET /users/me/profile answered " + std::to_string(r.status));
  return r.json()["user"]["id"].GetInt64();
}

}  // namespace cf::test::bots
