// Reloading a script without a restart: on a file change (within 2 s) or an administrator's
// request; save()/restore() carry its state; what the old version registered (commands, routes,
// timers, hooks) is gone; a broken version fails visibly and a fixed one comes back with the
// state; no socket is dropped.
#include "tests/integration/lua_test_support.h"

#include <gtest/gtest.h>

namespace cf::test {
namespace {

using namespace std::chrono_literals;

// Version 1 counts /alpha and ticks a timer; version 2 has /beta and reports the count.
constexpr const char* kVersion1 = R"(
local bot = campfire.bot("Counter")
count = 0
campfire.command{name = "alpha", description = "count", run = function(cmd)
  count = count + 1
  bot:post(cmd.room_id, "alpha " .. count)
end}
campfire.route{method = "GET", path = "/count", fn = function() return 200, {count = count, version = 1} end}
campfire.every(0.5, function() end)
campfire.on("message", function() end)
function save() return {count = count, note = "from v1", nested = {1, 2, {deep = true}}} end
function restore(state) count = state.count end
)";

constexpr const char* kVersion2 = R"(
local bot = campfire.bot("Counter")
count, note = 0, nil
campfire.command{name = "beta", description = "report", run = function(cmd)
  bot:post(cmd.room_id, "beta sees count " .. count .. " " .. tostring(note))
end}
function save() return {count = count, note = note} end
function restore(state)
  count, note = state.count, state.note
  assert(state.nested == nil or state.nested[3].deep == true)
end
)";

class LuaReload : public ::testing::Test {
protected:
    static ScriptsDir& prepared(ScriptsDir& dir) {
        dir.write("counter.lua", kVersion1);
        return dir;
    }
    void SetUp() override {
        first_run(admin);
        room = room_id(admin);
        ASSERT_TRUE(open_room_socket(ws, server, admin, room));
    }
    std::string messages_path() const { return "/rooms/" + std::to_string(room) + "/messages"; }
    std::string command_names() {
        // Scripts' commands only (the sounds plugin lists /play too).
        std::string names;
        rapidjson::Document doc = admin.get("/api/commands").json();  // kept alive while the loop borrows
        for (const auto& c : doc["commands"].GetArray())
            if (std::string_view(c["owner"].GetString()).starts_with("script:")) names += std::string(c["name"].GetString()) + " ";
        return names;
    }
    static auto loads_at_least(int n) {
        return [n](const rapidjson::Value& s) {
            return s.HasMember("loads") && s["loads"].GetInt() >= n && std::string(s["status"].GetString()) != "loading";
        };
    }

    ScriptsDir dir;
    ScriptsDir& scripts = prepared(dir);
    ServerProcess server{{{"SCRIPTS_PATH", scripts.path()}}};
    HttpClient admin{server.port()};
    WsClient ws;
    int64_t room = 0;
};

TEST_F(LuaReload, AChangedFileReloadsKeepingSavedStateAndDroppingOldRegistrations) {
    auto v1 = wait_for_script(admin, "counter", loads_at_least(1));
    EXPECT_EQ(v1["timers"].GetInt(), 1);
    EXPECT_EQ(v1["routes"].Size(), 1u);
    for (int i = 1; i <= 2; ++i) {
        ASSERT_EQ(admin.post(messages_path(), post_body("/alpha")).status, 202);
        auto reply = wait_for_message_from(ws, "Counter", 3s);
        ASSERT_TRUE(reply);
        EXPECT_EQ(std::string((*reply)["body"].GetString()), "alpha " + std::to_string(i));
    }
    EXPECT_EQ(admin.get("/api/lua/counter/count").json()["count"].GetInt(), 2);
    EXPECT_EQ(command_names(), "alpha ");

    auto changed = std::chrono::steady_clock::now();
    scripts.write("counter.lua", kVersion2);
    auto v2 = wait_for_script(admin, "counter", loads_at_least(2), 4s);
    ASSERT_EQ(v2["loads"].GetInt(), 2);
    EXPECT_LT(std::chrono::steady_clock::now() - changed, 2500ms) << "a change is picked up within 2 s";
    EXPECT_STREQ(v2["status"].GetString(), "running");
    EXPECT_EQ(v2["timers"].GetInt(), 0);
    EXPECT_EQ(v2["routes"].Size(), 0u);
    EXPECT_EQ(v2["events"].Size(), 0u);

    EXPECT_EQ(command_names(), "beta ");
    EXPECT_EQ(admin.get("/api/lua/counter/count").status, 404);
    EXPECT_EQ(admin.post(messages_path(), post_body("/alpha")).status, 201) << "an old command is plain text";
    ASSERT_EQ(admin.post(messages_path(), post_body("/beta")).status, 202);
    auto report = wait_for_message_from(ws, "Counter", 3s);
    ASSERT_TRUE(report);
    EXPECT_STREQ((*report)["body"].GetString(), "beta sees count 2 from v1");

    // An administrator's reload keeps the state too; the socket stayed open throughout.
    auto reloaded = admin.post("/api/scripts/counter/reload");
    ASSERT_EQ(reloaded.status, 200) << reloaded.body;
    EXPECT_EQ(reloaded.json()["loads"].GetInt(), 3);
    ASSERT_EQ(admin.post(messages_path(), post_body("/beta")).status, 202);
    report = wait_for_message_from(ws, "Counter", 3s);
    ASSERT_TRUE(report);
    EXPECT_STREQ((*report)["body"].GetString(), "beta sees count 2 from v1");
    EXPECT_FALSE(ws.closed());
}

TEST_F(LuaReload, ABrokenVersionFailsVisiblyAndAFixKeepsTheState) {
    wait_for_script(admin, "counter", loads_at_least(1));
    ASSERT_EQ(admin.post(messages_path(), post_body("/alpha")).status, 202);
    ASSERT_TRUE(wait_for_message_from(ws, "Counter", 3s));

    scripts.write("counter.lua", "this is not lua (");
    auto broken = wait_for_script(admin, "counter", [](const rapidjson::Value& s) {
        return s.HasMember("status") && std::string(s["status"].GetString()) == "failed";
    }, 4s);
    ASSERT_TRUE(broken.HasMember("status"));
    EXPECT_STREQ(broken["status"].GetString(), "failed");
    EXPECT_NE(std::string(broken["error"].GetString()).find("counter.lua"), std::string::npos) << broken["error"].GetString();
    EXPECT_EQ(command_names(), "");

    scripts.write("counter.lua", kVersion2);
    auto fixed = wait_for_script(admin, "counter", [](const rapidjson::Value& s) {
        return s.HasMember("status") && std::string(s["status"].GetString()) == "running";
    }, 4s);
    ASSERT_STREQ(fixed["status"].GetString(), "running");
    ASSERT_EQ(admin.post(messages_path(), post_body("/beta")).status, 202);
    auto report = wait_for_message_from(ws, "Counter", 3s);
    ASSERT_TRUE(report);
    EXPECT_STREQ((*report)["body"].GetString(), "beta sees count 1 from v1");
}

TEST_F(LuaReload, NewAndRemovedFilesAreNoticed) {
    scripts.write("late.lua", R"(campfire.command{name = "late", run = function() end})");
    auto late = wait_for_script(admin, "late", loads_at_least(1), 4s);
    ASSERT_TRUE(late.HasMember("status"));
    EXPECT_EQ(command_names(), "alpha late ");
    scripts.remove("late.lua");
    wait_for_script(admin, "late", [](const rapidjson::Value& s) { return s.ObjectEmpty(); }, 4s);
    EXPECT_EQ(command_names(), "alpha ");
    EXPECT_EQ(admin.post("/api/scripts/late/reload").status, 404);
}

} // namespace
} // namespace cf::test
