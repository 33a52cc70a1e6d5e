#include "tests/support/fixtures.h"

#include <openssl/rand.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <stdexcept>
#include <thread>

namespace cf::test {

namespace {

std::runtime_error failure(std::string_view what, const HttpResponse& response) {
  return std::runtime_error(std::string(what) + " answered " + std::to_string(response.status) + ": " +
                            response.body.substr(0, 500));
}

}  // namespace

std::string user_json(std::string_view name, std::string_view email, std::string_view password) {
  rapidjson::StringBuffer out;
  rapidjson::Writer<rapidjson::StringBuffer> w(out);
  auto str = [&](std::string_view s) { w.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); };
  w.StartObject();
  w.Key("user");
  w.StartObject();
  w.Key("name");
  str(name);
  w.Key("email_address");
  str(email);
  w.Key("password");
  str(password);
  w.EndObject();
  w.EndObject();
  return out.GetString();
}

void first_run(HttpClient& http, std::string_view name, std::string_view email, std::string_view password) {
  HttpResponse response = http.post("/first_run", user_json(name, email, password));
  if (response.status != 201) throw failure("POST /first_run", response);
}

void sign_up(HttpClient& admin, HttpClient& newcomer, std::string_view name, std::string_view email,
             std::string_view password) {
  HttpResponse account = admin.get("/account");
  if (account.status == 404) throw std::runtime_error("sign-up not available yet: GET /account answered 404");
  if (account.status != 200) throw failure("GET /account", account);
  rapidjson::Document doc = account.json();
  // The code may sit at the top level or under "account".
  const rapidjson::Value* holder = &doc;
  if (!doc.HasMember("join_code") && doc.HasMember("account") && doc["account"].IsObject()) holder = &doc["account"];
  if (!holder->HasMember("join_code") || !(*holder)["join_code"].IsString())
    throw std::runtime_error("GET /account has no join_code: " + account.body.substr(0, 500));
  std::string code = (*holder)["join_code"].GetString();

  HttpResponse joined = newcomer.post("/join/" + code, user_json(name, email, password));
  if (joined.status == 404) throw std::runtime_error("sign-up not available yet: POST /join/<code> answered 404");
  if (joined.status != 201) throw failure("POST /join/<code>", joined);
}

int64_t room_id(HttpClient& http, std::string_view name) {
  HttpResponse response = http.get("/rooms");
  if (response.status != 200) throw failure("GET /rooms", response);
  rapidjson::Document doc = response.json();
  if (doc.HasMember("rooms") && doc["rooms"].IsArray())
    for (const auto& room : doc["rooms"].GetArray())
      if (room.IsObject() && room.HasMember("name") && room["name"].IsString() && room["name"].GetString() == name &&
          room.HasMember("id") && room["id"].IsInt64())
        return room["id"].GetInt64();
  throw std::runtime_error("GET /rooms has no room named \"" + std::string(name) + "\": " + response.body.substr(0, 500));
}

std::vector<HttpResponse> post_concurrently(const HttpClient& as, std::string_view path, std::string_view body,
                                            int clients) {
  std::vector<HttpResponse> answers(static_cast<size_t>(clients));
  std::vector<std::jthread> threads;
  for (int i = 0; i < clients; ++i) {
    threads.emplace_back([&, i] {
      HttpClient c(as.port());
      c.copy_cookies_from(as);
      answers[static_cast<size_t>(i)] = c.post(path, body);
    });
  }
  threads.clear();  // joins
  return answers;
}

std::string unique_id() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("RAND_bytes failed");
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 0x0F]);
  }
  return out;
}

}  // namespace cf::test
