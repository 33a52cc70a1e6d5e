// The sounds plugin against the real binary: `/play <name>` for one of the 56 names becomes a
// "sound" message and anything else stays text; the list; every file is served with a year-long
// immutable cache and an ETag (304 on revalidation); nothing outside the list is served (no path
// traversal); and switched off at runtime, /play is plain text again.
#include "tests/support/support.h"

#include <gtest/gtest.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <set>
#include <string>

namespace cf::test {
namespace {

std::string message_body(std::string_view body) {
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

class Sounds : public ::testing::Test {
protected:
    void SetUp() override {
        first_run(admin);
        messages = "/rooms/" + std::to_string(room_id(admin)) + "/messages";
    }
    // The stored content_type of a new message with this body.
    std::string type_of(std::string_view body) {
        auto r = admin.post(messages, message_body(body));
        EXPECT_EQ(r.status, 201) << r.body;
        auto doc = r.json();
        // The body is kept as written, less the white space around it (the sanitiser trims).
        std::string_view kept = body;
        while (!kept.empty() && kept.back() == ' ') kept.remove_suffix(1);
        while (!kept.empty() && kept.front() == ' ') kept.remove_prefix(1);
        EXPECT_EQ(std::string(doc["body"].GetString()), kept);
        return doc["content_type"].GetString();
    }

    ServerProcess server;
    HttpClient admin{server.port()};
    std::string messages;
};

TEST_F(Sounds, PlayWithAKnownNameIsASound) {
    EXPECT_EQ(type_of("/play bell"), "sound");
    EXPECT_EQ(type_of("/play 56k"), "sound");
    EXPECT_EQ(type_of("<div>/play tada</div>"), "sound"); // rich text: its plain text counts
    auto page = admin.get(messages);
    ASSERT_EQ(page.status, 200);
    EXPECT_STREQ(page.json()["messages"][0]["content_type"].GetString(), "sound");
}

TEST_F(Sounds, AnythingElseStaysText) {
    for (const char* body : {"/play bell now", "/play nosuch", "/play Bell", "/play", "/play ", "/playbell",
                             "play bell", "say /play bell", "/play bell!", "/play  bell", "/play ../bell",
                             "<div>/play</div><div>bell</div>", "/play bel", "/play bells"})
        EXPECT_EQ(type_of(body), "text") << body;
}

TEST_F(Sounds, ListNamesAllFiftySixWithTheirFiles) {
    auto r = admin.get("/sounds");
    ASSERT_EQ(r.status, 200) << r.body;
    auto doc = r.json();
    const auto& list = doc["sounds"];
    ASSERT_EQ(list.Size(), 56u);
    std::set<std::string> names;
    HttpClient anyone{server.port()}; // the files need no session (new Audio(url), caches)
    for (const auto& s : list.GetArray()) {
        std::string name = s["name"].GetString();
        names.insert(name);
        EXPECT_EQ(std::string(s["url"].GetString()), "/sounds/" + name + ".mp3");
        EXPECT_NE(s.HasMember("text"), s.HasMember("image")) << name;
        auto audio = anyone.get(s["url"].GetString());
        ASSERT_EQ(audio.status, 200) << name;
        EXPECT_EQ(audio.header("content-type"), "audio/mpeg") << name;
        ASSERT_GT(audio.body.size(), 1000u) << name;
        EXPECT_LT(audio.body.size(), 40u * 1024) << name;
        bool mp3 = audio.body.rfind("ID3", 0) == 0 ||
                   (static_cast<unsigned char>(audio.body[0]) == 0xFF && (static_cast<unsigned char>(audio.body[1]) & 0xE0) == 0xE0);
        EXPECT_TRUE(mp3) << name;
        if (s.HasMember("image")) {
            EXPECT_GT(s["image"]["width"].GetInt(), 0);
            EXPECT_GT(s["image"]["height"].GetInt(), 0);
            auto image = anyone.get(s["image"]["url"].GetString());
            ASSERT_EQ(image.status, 200) << name;
            EXPECT_EQ(image.header("content-type"), "image/svg+xml");
            EXPECT_EQ(image.body.rfind("<svg", 0), 0u) << name;
            EXPECT_NE(image.header("content-security-policy").find("default-src 'none'"), std::string::npos);
        } else {
            EXPECT_GT(s["text"].GetStringLength(), 0u) << name;
        }
    }
    EXPECT_EQ(names.size(), 56u);
    EXPECT_TRUE(names.count("bell") && names.count("trombone") && names.count("vuvuzela"));
    EXPECT_STREQ(list[2]["name"].GetString(), "bell");
    EXPECT_STREQ(list[2]["text"].GetString(), "🔔");
}

TEST_F(Sounds, FilesAreCachedForAYearAndRevalidate) {
    auto r = admin.get("/sounds/rimshot.mp3");
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.header("cache-control"), "public, max-age=31536000, immutable");
    std::string etag = r.header("etag");
    ASSERT_GE(etag.size(), 3u);
    EXPECT_EQ(etag.front(), '"');
    EXPECT_EQ(etag.back(), '"');
    EXPECT_NE(admin.get("/sounds/bell.mp3").header("etag"), etag); // one per file

    auto again = admin.request("GET", "/sounds/rimshot.mp3", {}, {{"If-None-Match", etag}});
    EXPECT_EQ(again.status, 304);
    EXPECT_TRUE(again.body.empty());
    EXPECT_EQ(again.header("etag"), etag);
    auto stale = admin.request("GET", "/sounds/rimshot.mp3", {}, {{"If-None-Match", "\"0000\""}});
    EXPECT_EQ(stale.status, 200);
    EXPECT_EQ(stale.body, r.body);
}

TEST_F(Sounds, NothingOutsideTheListIsServed) {
    for (const char* path : {"/sounds/nosuch.mp3", "/sounds/bell.wav", "/sounds/bell", "/sounds/BELL.mp3",
                             "/sounds/bell.mp3.bak", "/sounds/bell.svg", "/sounds/.mp3", "/sounds/..%2Fplugins",
                             "/sounds/..%2F..%2Fetc%2Fpasswd", "/sounds/%2e%2e%2fbell.mp3", "/sounds/../CMakeLists.txt",
                             "/sounds/bell.mp3%00.svg", "/sounds/generate.py", "/sounds/README.md", "/sounds/a/bell.mp3"}) {
        auto r = admin.get(path);
        EXPECT_EQ(r.status, 404) << path << " " << r.body;
        EXPECT_EQ(r.body.find("ID3"), std::string::npos) << path;
    }
}

TEST_F(Sounds, SwitchedOffPlayIsPlainText) {
    ASSERT_EQ(admin.put("/api/plugins/sounds", R"({"enabled":false})").status, 200);
    EXPECT_EQ(type_of("/play bell"), "text");
    EXPECT_EQ(admin.get("/sounds/bell.mp3").status, 404);
    EXPECT_EQ(admin.get("/sounds").status, 404);
    ASSERT_EQ(admin.put("/api/plugins/sounds", R"({"enabled":true})").status, 200);
    EXPECT_EQ(type_of("/play bell"), "sound");
}

}  // namespace
}  // namespace cf::test
