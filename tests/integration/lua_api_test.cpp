// The Lua host's edges against the real server: sandbox escapes refused in a loaded script,
// campfire.http and the webhook address rule, and bad input to every new route answered with a
// 4xx JSON error. Feature flag administration (named flags, plugin audiences by user and by room,
// persisted across a restart) is in FeatureFlagsApi.
#include "tests/integration/lua_test_support.h"

#include <gtest/gtest.h>

namespace cf::test {
namespace {

using namespace std::chrono_literals;

// Each attempt runs under pcall; the report says what happened.
constexpr const char* kEscape = R"(
local results = {}
local function try(name, fn)
  local ok, err = pcall(fn)
  results[name] = ok and "allowed" or "refused"
end
try("io_open", function() return io.open("/etc/passwd") end)
try("os_execute", function() return os.execute("true") end)
try("os_remove", function() return os.remove("/tmp/x") end)
try("require_outside", function() return require("..init") end)
try("dofile_outside", function() return dofile("/etc/passwd") end)
try("ffi", function() return require("ffi").C end)
try("debug", function() return debug.getinfo(1) end)
try("string_dump", function() return string.dump(print) end)
try("bytecode", function() assert(load("\27LJ\2\0")) end)
try("text_load", function() assert(load("return 1"))() end)
try("package_loadlib", function() return package.loadlib("libc.so.6", "system") end)
campfire.route{method = "GET", path = "/report", auth = "admin", fn = function() return 200, results end}
)";

class LuaApi : public ::testing::Test {
protected:
    static ScriptsDir& prepared(ScriptsDir& dir) {
        dir.write("escape.lua", kEscape);
        return dir;
    }
    void SetUp() override {
        first_run(admin);
        sign_up(admin, bea, "Bea", "bea@example.com");
        room = room_id(admin);
    }
    void write_fetcher(uint16_t port) {
        scripts.write("fetcher.lua", R"(
local bot = campfire.bot("Fetcher")
campfire.command{name = "fetch", run = function(cmd)
  campfire.http({url = "http://127.0.0.1:)" + std::to_string(port) + R"(/up", timeout = 2}, function(res, err)
    bot:post(cmd.room_id, res and ("status " .. res.status .. " " .. res.body) or ("error " .. err))
  end)
end}
)");
    }

    ScriptsDir dir;
    ScriptsDir& scripts = prepared(dir);
    ServerProcess server{{{"SCRIPTS_PATH", scripts.path()}}};
    HttpClient admin{server.port()};
    HttpClient bea{server.port()};
    int64_t room = 0;
};

TEST_F(LuaApi, SandboxEscapesAreRefused) {
    auto report = admin.get("/api/lua/escape/report");
    ASSERT_EQ(report.status, 200) << report.body;
    auto doc = report.json();
    for (const char* attempt : {"io_open", "os_execute", "os_remove", "require_outside", "dofile_outside", "ffi", "debug",
                                "string_dump", "bytecode", "package_loadlib"})
        EXPECT_STREQ(doc[attempt].GetString(), "refused") << attempt;
    EXPECT_STREQ(doc["text_load"].GetString(), "allowed");
    EXPECT_EQ(bea.get("/api/lua/escape/report").status, 403);
}

TEST_F(LuaApi, OutgoingHttpFollowsTheWebhookAddressRule) {
    // The server itself is on loopback: refused without WEBHOOK_ALLOWED_HOSTS.
    write_fetcher(server.port());
    wait_for_script(admin, "fetcher", [](const rapidjson::Value& s) { return s.HasMember("status") && std::string(s["status"].GetString()) == "running"; });
    WsClient ws;
    ASSERT_TRUE(open_room_socket(ws, server, admin, room));
    ASSERT_EQ(admin.post("/rooms/" + std::to_string(room) + "/messages", post_body("/fetch")).status, 202);
    auto refused = wait_for_message_from(ws, "Fetcher", 5s);
    ASSERT_TRUE(refused);
    EXPECT_NE(std::string((*refused)["body"].GetString()).find("error refused"), std::string::npos) << (*refused)["body"].GetString();
}

TEST(LuaHttpAllowed, ListedHostsAreReached) {
    ServerProcess target; // another server on loopback, listed in WEBHOOK_ALLOWED_HOSTS below
    ScriptsDir scripts;
    scripts.write("fetcher.lua", R"(
local bot = campfire.bot("Fetcher")
campfire.command{name = "fetch", run = function(cmd)
  campfire.http({url = "http://127.0.0.1:)" + std::to_string(target.port()) + R"(/up", timeout = 2}, function(res, err)
    bot:post(cmd.room_id, res and ("status " .. res.status .. " " .. res.body) or ("error " .. err))
  end)
end}
)");
    ServerProcess self{{{"SCRIPTS_PATH", scripts.path()},
                        {"WEBHOOK_ALLOWED_HOSTS", "example.invalid, 127.0.0.1:" + std::to_string(target.port())}}};
    HttpClient admin{self.port()};
    first_run(admin);
    int64_t room = room_id(admin);
    WsClient ws;
    ASSERT_TRUE(open_room_socket(ws, self, admin, room));
    ASSERT_EQ(admin.post("/rooms/" + std::to_string(room) + "/messages", post_body("/fetch")).status, 202);
    auto answer = wait_for_message_from(ws, "Fetcher", 5s);
    ASSERT_TRUE(answer);
    // The script posts plain text: stored escaped as HTML, and as it was in plain_body.
    EXPECT_STREQ((*answer)["plain_body"].GetString(), R"(status 200 {"status":"up"})");
    EXPECT_STREQ((*answer)["body"].GetString(), "status 200 {&quot;status&quot;:&quot;up&quot;}");
}

TEST_F(LuaApi, BadInputToTheNewRoutesIsA4xxJsonError) {
    HttpClient anonymous{server.port()};
    struct Case {
        HttpClient* who;
        const char* method;
        std::string path;
        std::string body;
        int status;
    };
    std::vector<Case> cases = {
        {&anonymous, "GET", "/api/scripts", "", 401},
        {&bea, "GET", "/api/scripts", "", 403},
        {&bea, "POST", "/api/scripts/escape/reload", "", 403},
        {&admin, "POST", "/api/scripts/nosuch/reload", "", 404},
        {&admin, "POST", "/api/scripts/Bad%20Name/reload", "", 404},
        {&admin, "GET", "/api/scripts/escape/reload", "", 405},
        {&anonymous, "GET", "/api/commands", "", 401},
        {&bea, "GET", "/api/flags", "", 403},
        {&bea, "PUT", "/api/flags/beta", R"({"enabled":true})", 403},
        {&admin, "PUT", "/api/flags/beta", "{not json", 400},
        {&admin, "PUT", "/api/flags/beta", "[1]", 400},
        {&admin, "PUT", "/api/flags/beta", "{}", 422},
        {&admin, "PUT", "/api/flags/beta", R"({"enabled":"yes"})", 422},
        {&admin, "PUT", "/api/flags/beta", R"({"colour":"red"})", 422},
        {&admin, "PUT", "/api/flags/beta", R"({"audience":{"roles":["king"]}})", 422},
        {&admin, "PUT", "/api/flags/beta", R"({"audience":{"user_ids":[-3]}})", 422},
        {&admin, "PUT", "/api/flags/beta", R"({"audience":{"room_ids":"all"}})", 422},
        {&admin, "PUT", "/api/flags/beta", R"({"audience":[]})", 422},
        {&admin, "PATCH", "/api/flags/Not%20A%20Name", R"({"enabled":true})", 422},
        {&admin, "DELETE", "/api/flags/nosuch", "", 404},
        {&anonymous, "GET", "/api/lua/escape/report", "", 401},
        {&admin, "GET", "/api/lua/nosuch/report", "", 404},
    };
    for (const auto& c : cases) {
        auto r = c.who->request(c.method, c.path, c.body);
        EXPECT_EQ(r.status, c.status) << c.method << " " << c.path << " " << c.body << " -> " << r.body;
        EXPECT_TRUE(r.json().HasMember("error")) << c.method << " " << c.path << " -> " << r.body;
    }
}

class FeatureFlagsApi : public ::testing::Test {
protected:
    void SetUp() override {
        first_run(admin);
        sign_up(admin, bea, "Bea", "bea@example.com");
        room = room_id(admin);
        bea_id = bea.get("/api/example/ping").json()["user_id"].GetInt64();
    }
    ServerProcess server;
    HttpClient admin{server.port()};
    HttpClient bea{server.port()};
    int64_t room = 0, bea_id = 0;
};

TEST_F(FeatureFlagsApi, NamedFlagsFollowTheirAudience) {
    auto set = admin.put("/api/flags/beta.search", R"({"enabled":true,"audience":{"roles":["administrator"]}})");
    ASSERT_EQ(set.status, 200) << set.body;
    EXPECT_FALSE(set.json()["plugin"].GetBool());
    EXPECT_STREQ(set.json()["audience"]["roles"][0].GetString(), "administrator");
    EXPECT_TRUE(admin.get("/api/features").json()["flags"]["beta.search"].GetBool());
    EXPECT_FALSE(bea.get("/api/features").json()["flags"]["beta.search"].GetBool());
    ASSERT_EQ(admin.patch("/api/flags/beta.search", R"({"audience":"everyone"})").status, 200);
    EXPECT_TRUE(bea.get("/api/features").json()["flags"]["beta.search"].GetBool());
    ASSERT_EQ(admin.patch("/api/flags/beta.search", R"({"enabled":false})").status, 200);
    EXPECT_FALSE(admin.get("/api/features").json()["flags"]["beta.search"].GetBool());
    auto listed = admin.get("/api/flags");
    EXPECT_NE(listed.body.find("\"beta.search\""), std::string::npos);
    EXPECT_NE(listed.body.find("\"example\""), std::string::npos) << "plugins are listed too";
    EXPECT_EQ(admin.del("/api/flags/beta.search").status, 204);
    EXPECT_FALSE(admin.get("/api/features").json()["flags"].HasMember("beta.search"));
}

TEST_F(FeatureFlagsApi, APluginsAudienceIsEnforcedAndSurvivesARestart) {
    auto set = admin.put("/api/flags/example", "{\"audience\":{\"user_ids\":[" + std::to_string(bea_id) + "]}}");
    ASSERT_EQ(set.status, 200) << set.body;
    EXPECT_TRUE(set.json()["plugin"].GetBool());
    EXPECT_EQ(admin.get("/api/example/ping").status, 404);
    EXPECT_EQ(bea.get("/api/example/ping").status, 200);
    // Its check hook runs for Bea only.
    std::string path = "/rooms/" + std::to_string(room) + "/messages";
    EXPECT_EQ(admin.post(path, post_body("#blocked-by-example")).status, 201);
    EXPECT_EQ(bea.post(path, post_body("#blocked-by-example")).status, 422);

    server.stop();
    server.start();
    HttpClient admin2{server.port()}, bea2{server.port()};
    admin2.copy_cookies_from(admin);
    bea2.copy_cookies_from(bea);
    EXPECT_EQ(admin2.get("/api/example/ping").status, 404);
    EXPECT_EQ(bea2.get("/api/example/ping").status, 200);
    auto reset = admin2.del("/api/flags/example");
    ASSERT_EQ(reset.status, 200) << reset.body;
    EXPECT_TRUE(reset.json()["audience"].ObjectEmpty());
    EXPECT_EQ(admin2.get("/api/example/ping").status, 200);
}

TEST_F(FeatureFlagsApi, ARoomAudienceCountsTheRoomInThePath) {
    auto other = admin.post("/rooms/opens", R"({"room":{"name":"Other"}})");
    ASSERT_EQ(other.status, 201);
    int64_t other_id = other.json()["id"].GetInt64();
    ASSERT_EQ(admin.put("/api/flags/rooms", "{\"audience\":{\"room_ids\":[" + std::to_string(room) + "]}}").status, 200);
    EXPECT_EQ(bea.get("/rooms/" + std::to_string(room) + "/messages").status, 200);
    EXPECT_EQ(bea.get("/rooms/" + std::to_string(other_id) + "/messages").status, 404);
    EXPECT_EQ(bea.get("/rooms").status, 200) << "no room in the path: the room part does not apply";
    auto features = bea.get("/api/features").json();
    ASSERT_TRUE(features["features"]["rooms"].HasMember("room_ids"));
    EXPECT_EQ(features["features"]["rooms"]["room_ids"][0].GetInt64(), room);
    EXPECT_EQ(admin.del("/api/flags/rooms").status, 200);
    EXPECT_EQ(bea.get("/rooms/" + std::to_string(other_id) + "/messages").status, 200);
}

} // namespace
} // namespace cf::test
