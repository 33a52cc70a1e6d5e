// Each plugin switched off at runtime while the others keep working: for every plugin the server
// has, switch it off, check that its own probe route answers 404 and that every other plugin's probe
// (and posting and reading a message, unless it is the rooms plugin that is off) still works, then
// switch it back on and check its probe again. Presence and typing have no HTTP routes; their
// sockets-side switch is covered in kernel_cable_test and typing_test.
#include "tests/integration/bots_support.h"
#include "tests/support/support.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>

namespace cf::test {
namespace {

std::string b64url(std::string_view text) {
  static const char* k = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  size_t i = 0;
  for (; i + 2 < text.size(); i += 3) {
    uint32_t n = (uint8_t(text[i]) << 16) | (uint8_t(text[i + 1]) << 8) | uint8_t(text[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out += k[(n >> s) & 63];
  }
  if (i + 1 == text.size()) {
    uint32_t n = uint8_t(text[i]) << 16;
    out += k[(n >> 18) & 63], out += k[(n >> 12) & 63];
  } else if (i + 2 == text.size()) {
    uint32_t n = (uint8_t(text[i]) << 16) | (uint8_t(text[i + 1]) << 8);
    out += k[(n >> 18) & 63], out += k[(n >> 12) & 63], out += k[(n >> 6) & 63];
  }
  return out;
}

TEST(PluginIsolation, EachPluginOffLeavesTheOthersWorking) {
  ServerProcess server;
  HttpClient admin(server.port());
  first_run(admin, "Ann", "ann@example.com");
  const int64_t room = room_id(admin);
  const int64_t me = bots::my_id(admin);
  const int64_t message = bots::post_message(admin, room, "probe");
  const std::string r = std::to_string(room), m = std::to_string(message);

  // One route per plugin that answers 2xx while it is on.
  const std::map<std::string, std::string> probes = {
      {"rooms", "/rooms/" + r + "/messages"},
      {"search", "/searches?q=probe"},
      {"boosts", "/messages/" + m + "/boosts"},
      {"sounds", "/sounds"},
      {"push", "/push/vapid_public_key"},
      {"media", "/users/" + std::to_string(me) + "/avatar"},
      {"qr", "/qr_code/" + b64url("https://chat.example.com/join/ABCD")},
      {"webhooks", "/account/bots"},
      {"example", "/api/example/ping"},
  };

  rapidjson::Document features = admin.get("/api/features").json();
  std::vector<std::string> plugins;
  for (const auto& f : features["features"].GetObject()) plugins.emplace_back(f.name.GetString());
  for (const auto& [name, path] : probes)
    ASSERT_NE(std::find(plugins.begin(), plugins.end(), name), plugins.end()) << name << " is not loaded";
  for (const char* channel_only : {"presence", "typing"})
    ASSERT_NE(std::find(plugins.begin(), plugins.end(), channel_only), plugins.end()) << channel_only;

  int posted = 0;
  for (const std::string& off : plugins) {
    SCOPED_TRACE(off + " switched off");
    ASSERT_EQ(admin.put("/api/plugins/" + off, R"({"enabled":false})").status, 200);
    for (const auto& [name, path] : probes) {
      HttpResponse p = admin.get(path);
      if (name == off) {
        EXPECT_EQ(p.status, 404) << name << " " << path << ": " << p.body;
      } else {
        EXPECT_EQ(p.status / 100, 2) << name << " " << path << ": " << p.status << " " << p.body;
      }
    }
    if (off != "rooms") {
      // Messages still flow and read back with the plugin off.
      std::string text = "with " + off + " off";
      bots::post_message(admin, room, text);
      ++posted;
      EXPECT_TRUE(bots::has_message_by(admin, room, me, text));
    }
    ASSERT_EQ(admin.put("/api/plugins/" + off, R"({"enabled":true})").status, 200);
    if (probes.count(off)) {
      EXPECT_EQ(admin.get(probes.at(off)).status / 100, 2) << "back on";
    }
  }
  EXPECT_GE(posted, 10);
}

}  // namespace
}  // namespace cf::test
