// The shipped example scripts (scripts/), each end to end against the real server with a copy
// of the folder as SCRIPTS_PATH: the help bot answers a mention, /roll and /remind run instead of
// being stored, the flag script keeps the example plugin to administrators, and the relay posts
// an incoming webhook's text. Also: GET /api/commands, and an unknown /word posted as text.
#include "tests/integration/lua_test_support.h"

#include <gtest/gtest.h>

#include <regex>

namespace cf::test {
namespace {

using namespace std::chrono_literals;

class LuaExamples : public ::testing::Test {
protected:
    void SetUp() override {
        first_run(admin);
        sign_up(admin, bea, "Bea", "bea@example.com");
        room = room_id(admin);
        ASSERT_TRUE(open_room_socket(ws, server, bea, room));
    }

    std::string messages_path() const { return "/rooms/" + std::to_string(room) + "/messages"; }
    bool stored(std::string_view text) { return admin.get(messages_path()).body.find(text) != std::string::npos; }

    ScriptsDir scripts{true};
    ServerProcess server{{{"SCRIPTS_PATH", scripts.path()}}};
    HttpClient admin{server.port()};
    HttpClient bea{server.port()};
    WsClient ws;
    int64_t room = 0;
};

TEST_F(LuaExamples, EveryScriptLoads) {
    auto list = admin.get("/api/scripts");
    ASSERT_EQ(list.status, 200) << list.body;
    auto doc = list.json();
    ASSERT_EQ(doc["scripts"].Size(), 5u) << list.body;
    for (const auto& s : doc["scripts"].GetArray()) EXPECT_STREQ(s["status"].GetString(), "running") << list.body;
}

TEST_F(LuaExamples, HelpBotAnswersAMention) {
    ASSERT_EQ(bea.post(messages_path(), post_body("hey @Helper, what can you do?")).status, 201);
    auto reply = wait_for_message_from(ws, "Helper", 3s);
    ASSERT_TRUE(reply);
    std::string body = (*reply)["body"].GetString();
    EXPECT_NE(body.find("Hi Bea!"), std::string::npos) << body;
    EXPECT_NE(body.find("/roll 2d6"), std::string::npos) << body;
    EXPECT_NE(body.find("/remind 10m text"), std::string::npos) << body;
    // Not mentioned: no answer.
    ASSERT_EQ(bea.post(messages_path(), post_body("just chatting")).status, 201);
    EXPECT_FALSE(wait_for_message_from(ws, "Helper", 500ms));
}

TEST_F(LuaExamples, RollRunsInsteadOfBeingStored) {
    auto r = bea.post(messages_path(), post_body("/roll 2d6"));
    ASSERT_EQ(r.status, 202) << r.body;
    EXPECT_STREQ(r.json()["command"].GetString(), "roll");
    EXPECT_TRUE(r.json()["handled"].GetBool());
    auto reply = wait_for_message_from(ws, "Helper", 3s);
    ASSERT_TRUE(reply);
    std::string body = (*reply)["body"].GetString();
    std::smatch m;
    ASSERT_TRUE(std::regex_match(body, m, std::regex(R"(Bea rolled 2d6: (\d+) \+ (\d+) = (\d+))"))) << body;
    int a = std::stoi(m[1]), b = std::stoi(m[2]);
    EXPECT_TRUE(a >= 1 && a <= 6 && b >= 1 && b <= 6) << body;
    EXPECT_EQ(std::stoi(m[3]), a + b);
    EXPECT_FALSE(stored("/roll 2d6"));
    // Nonsense dice get the usage, still not stored.
    ASSERT_EQ(bea.post(messages_path(), post_body("/roll lots")).status, 202);
    auto usage = wait_for_message_from(ws, "Helper", 3s);
    ASSERT_TRUE(usage);
    EXPECT_NE(std::string((*usage)["body"].GetString()).find("2d6"), std::string::npos);
}

TEST_F(LuaExamples, RemindPostsWhenTheTimeIsUp) {
    auto started = std::chrono::steady_clock::now();
    ASSERT_EQ(bea.post(messages_path(), post_body("/remind 1s stretch your legs")).status, 202);
    auto ack = wait_for_message_from(ws, "Helper", 3s);
    ASSERT_TRUE(ack);
    EXPECT_STREQ((*ack)["body"].GetString(), "OK Bea, I will remind you in 1s.");
    auto reminder = wait_for_message_from(ws, "Helper", 5s);
    ASSERT_TRUE(reminder);
    EXPECT_STREQ((*reminder)["body"].GetString(), "Reminder for Bea: stretch your legs");
    EXPECT_GE(std::chrono::steady_clock::now() - started, 1s);
}

TEST_F(LuaExamples, FlagScriptKeepsTheExamplePluginToAdministrators) {
    EXPECT_EQ(admin.get("/api/example/ping").status, 200);
    auto denied = bea.get("/api/example/ping");
    EXPECT_EQ(denied.status, 404) << denied.body;
    EXPECT_TRUE(admin.get("/api/features").json()["features"]["example"]["enabled"].GetBool());
    EXPECT_FALSE(bea.get("/api/features").json()["features"]["example"]["enabled"].GetBool());
    // Its hooks skip Bea: the example's veto stops the administrator only.
    EXPECT_EQ(admin.post(messages_path(), post_body("#blocked-by-example")).status, 422);
    EXPECT_EQ(bea.post(messages_path(), post_body("#blocked-by-example")).status, 201);
    // The rule belongs to the script: without the script, everyone has the plugin again.
    scripts.remove("example_admins.lua");
    auto gone = wait_for_script(admin, "example_admins", [](const rapidjson::Value& s) { return s.ObjectEmpty(); }, 3s);
    EXPECT_TRUE(gone.ObjectEmpty()) << "the removed script is no longer listed";
    EXPECT_EQ(bea.get("/api/example/ping").status, 200);
}

TEST_F(LuaExamples, RelayPostsAnIncomingWebhooksText) {
    EXPECT_EQ(bea.post("/api/lua/relay/links", R"({"room_id":1})").status, 403);
    EXPECT_EQ(admin.post("/api/lua/relay/links", R"({"room_id":"x"})").status, 422);
    auto link = admin.post("/api/lua/relay/links", "{\"room_id\":" + std::to_string(room) + "}");
    ASSERT_EQ(link.status, 201) << link.body;
    std::string url = link.json()["url"].GetString();
    ASSERT_EQ(url.rfind("/api/lua/relay/in/", 0), 0u) << url;

    HttpClient outsider{server.port()}; // no session: the secret in the URL is the key
    auto posted = outsider.request("POST", url, "deploy finished", {{"Content-Type", "text/plain"}});
    EXPECT_EQ(posted.status, 202) << posted.body;
    auto message = wait_for_message_from(ws, "Relay", 3s);
    ASSERT_TRUE(message);
    EXPECT_STREQ((*message)["body"].GetString(), "deploy finished");

    EXPECT_EQ(outsider.post(url, R"({"text":"from json"})").status, 202);
    message = wait_for_message_from(ws, "Relay", 3s);
    ASSERT_TRUE(message);
    EXPECT_STREQ((*message)["body"].GetString(), "from json");

    auto wrong = outsider.request("POST", "/api/lua/relay/in/not-the-secret", "x", {{"Content-Type", "text/plain"}});
    EXPECT_EQ(wrong.status, 404);
    EXPECT_TRUE(wrong.json().HasMember("error"));
    EXPECT_EQ(outsider.post(url, R"({"text":42})").status, 422);
    EXPECT_EQ(outsider.request("POST", url, "   ", {{"Content-Type", "text/plain"}}).status, 422);
    EXPECT_EQ(outsider.get(url).status, 405);
}

TEST_F(LuaExamples, CommandsAreListedAndUnknownWordsArePlainText) {
    auto list = bea.get("/api/commands");
    ASSERT_EQ(list.status, 200);
    auto doc = list.json();
    // By name: the sounds plugin's built-in /play, then the example scripts' commands.
    ASSERT_EQ(doc["commands"].Size(), 3u) << list.body;
    EXPECT_STREQ(doc["commands"][0]["name"].GetString(), "play");
    EXPECT_STREQ(doc["commands"][0]["owner"].GetString(), "sounds");
    EXPECT_STREQ(doc["commands"][1]["name"].GetString(), "remind");
    EXPECT_STREQ(doc["commands"][1]["args"].GetString(), "10m text");
    EXPECT_STREQ(doc["commands"][2]["name"].GetString(), "roll");
    EXPECT_STREQ(doc["commands"][2]["description"].GetString(), "Roll dice");
    EXPECT_STREQ(doc["commands"][2]["owner"].GetString(), "script:roll");
    HttpClient anonymous{server.port()};
    EXPECT_EQ(anonymous.get("/api/commands").status, 401);

    auto plain = bea.post(messages_path(), post_body("/shrug whatever"));
    EXPECT_EQ(plain.status, 201) << plain.body;
    EXPECT_TRUE(stored("/shrug whatever"));
}

} // namespace
} // namespace cf::test
