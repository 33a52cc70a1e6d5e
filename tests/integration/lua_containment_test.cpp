// A script that loops forever or eats memory is stopped (CPU budget per call, memory cap), its
// error is shown to administrators, its registrations go, and meanwhile other people's messages
// keep arriving within 50 ms; the other scripts keep working.
#include "tests/integration/lua_test_support.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace cf::test {
namespace {

using namespace std::chrono_literals;

constexpr const char* kSpin = R"(
campfire.command{name = "spin", description = "never ends", run = function() while true do end end}
campfire.on("message", function(message)
  if message.body == "spin" then while true do end end
end)
)";

constexpr const char* kBomb = R"(
campfire.on("message", function(message)
  if message.body ~= "bomb" then return end
  local hoard, i = {}, 0
  while true do
    i = i + 1
    hoard[#hoard + 1] = string.rep("y", 200) .. i
  end
end)
)";

constexpr const char* kHealthy = R"(
local bot = campfire.bot("Pinger")
campfire.command{name = "ping", description = "answers pong", run = function(cmd) bot:post(cmd.room_id, "pong") end}
)";

class LuaContainment : public ::testing::Test {
protected:
    static ScriptsDir& prepared(ScriptsDir& dir) {
        dir.write("spin.lua", kSpin);
        dir.write("bomb.lua", kBomb);
        dir.write("healthy.lua", kHealthy);
        return dir;
    }
    void SetUp() override {
        first_run(admin);
        sign_up(admin, bea, "Bea", "bea@example.com");
        room = room_id(admin);
        ASSERT_TRUE(open_room_socket(watcher, server, admin, room));
    }
    std::string messages_path() const { return "/rooms/" + std::to_string(room) + "/messages"; }

    // Bea posts `count` messages; how long each took from sending to the watcher seeing it.
    std::vector<std::chrono::milliseconds> deliveries(int count) {
        std::vector<std::chrono::milliseconds> took;
        for (int i = 0; i < count; ++i) {
            std::string text = "steady " + std::to_string(i);
            auto sent = std::chrono::steady_clock::now();
            EXPECT_EQ(bea.post(messages_path(), post_body(text)).status, 201);
            while (true) {
                auto ev = watcher.wait_for("message.created", 2s);
                if (!ev) {
                    ADD_FAILURE() << text << " never arrived";
                    took.push_back(2000ms);
                    break;
                }
                const auto& data = (*ev)["data"];
                const auto& message = data.HasMember("message") ? data["message"] : data;
                if (std::string(message["body"].GetString()) != text) continue;
                took.push_back(std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - sent));
                break;
            }
            std::this_thread::sleep_for(20ms);
        }
        return took;
    }
    // Deliveries are prompt: the median within 50 ms, and none anywhere near the script's run
    // (1 s of CPU, throttled to about 2 s of wall time: a delivery stuck behind it would wait all
    // of it). On this shared 2-core machine a single delivery with no script running at all
    // sometimes takes a few hundred milliseconds (seen: 373 ms at load 12), so a per-message
    // 50 ms bound would test the machine, not the host.
    static void expect_prompt(std::vector<std::chrono::milliseconds> took) {
        std::string all;
        for (auto t : took) all += std::to_string(t.count()) + "ms ";
        std::sort(took.begin(), took.end());
        EXPECT_LT(took[took.size() / 2], 50ms) << "deliveries: " << all;
        EXPECT_LT(took.back(), 1000ms) << "deliveries: " << all;
    }

    ScriptsDir dir;
    ScriptsDir& scripts = prepared(dir);
    ServerProcess server{{{"SCRIPTS_PATH", scripts.path()}, {"SCRIPT_CPU_MS", "1000"}, {"SCRIPT_MEMORY_MB", "16"}}};
    HttpClient admin{server.port()};
    HttpClient bea{server.port()};
    WsClient watcher;
    int64_t room = 0;
};

auto status_is(const char* status) {
    return [status](const rapidjson::Value& s) { return s.HasMember("status") && std::string(s["status"].GetString()) == status; };
}

TEST_F(LuaContainment, AnEndlessLoopIsStoppedWhileMessagesKeepFlowing) {
    auto started = std::chrono::steady_clock::now();
    ASSERT_EQ(admin.post(messages_path(), post_body("spin")).status, 201);
    expect_prompt(deliveries(15));
    auto busy_for = std::chrono::steady_clock::now() - started;
    // The loop was still burning its budget while those messages went through.
    if (busy_for < 1900ms) {
        EXPECT_STREQ(wait_for_script(admin, "spin", status_is("running"), 0ms)["status"].GetString(), "running");
    }

    auto spin = wait_for_script(admin, "spin", status_is("failed"), 5s);
    ASSERT_TRUE(spin.HasMember("status"));
    EXPECT_STREQ(spin["status"].GetString(), "failed");
    EXPECT_NE(std::string(spin["error"].GetString()).find("CPU budget"), std::string::npos);
    EXPECT_EQ(spin["commands"].Size(), 0u);
    // Its command went with it: "/spin" is plain text now.
    EXPECT_EQ(bea.post(messages_path(), post_body("/spin")).status, 201);
    // The other scripts are fine.
    EXPECT_EQ(bea.post(messages_path(), post_body("/ping")).status, 202);
    auto pong = wait_for_message_from(watcher, "Pinger", 3s);
    ASSERT_TRUE(pong);
    EXPECT_STREQ((*pong)["body"].GetString(), "pong");
    // An administrator can bring it back.
    auto reloaded = admin.post("/api/scripts/spin/reload");
    ASSERT_EQ(reloaded.status, 200) << reloaded.body;
    EXPECT_STREQ(reloaded.json()["status"].GetString(), "running");
}

TEST_F(LuaContainment, ACommandThatNeverEndsAnswersAtOnce) {
    auto started = std::chrono::steady_clock::now();
    auto r = bea.post(messages_path(), post_body("/spin"));
    EXPECT_EQ(r.status, 202);
    EXPECT_LT(std::chrono::steady_clock::now() - started, 500ms) << "the post waited for the script";
    expect_prompt(deliveries(5));
    auto spin = wait_for_script(admin, "spin", status_is("failed"), 5s);
    EXPECT_NE(std::string(spin["error"].GetString()).find("CPU budget"), std::string::npos);
}

TEST_F(LuaContainment, AMemoryBombIsStoppedAtItsCap) {
    ASSERT_EQ(admin.post(messages_path(), post_body("bomb")).status, 201);
    expect_prompt(deliveries(10));
    auto bomb = wait_for_script(admin, "bomb", status_is("failed"), 5s);
    ASSERT_TRUE(bomb.HasMember("status"));
    EXPECT_STREQ(bomb["status"].GetString(), "failed");
    EXPECT_NE(std::string(bomb["error"].GetString()).find("memory limit of 16 MB"), std::string::npos) << bomb["error"].GetString();
    EXPECT_EQ(bomb["memory_bytes"].GetInt64(), 0) << "its state is closed";
    EXPECT_EQ(bea.post(messages_path(), post_body("/ping")).status, 202);
    EXPECT_TRUE(wait_for_message_from(watcher, "Pinger", 3s));
}

} // namespace
} // namespace cf::test
