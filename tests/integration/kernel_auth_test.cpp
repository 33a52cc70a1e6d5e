// The kernel's first run, sign-in, sign-out, cookies, the Origin check and config errors,
// against the real binary.
#include "tests/support/support.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <sys/wait.h>
#include <thread>
#include <vector>

namespace cf::test {
namespace {

const std::string kAdmin = R"({"user":{"name":"Admin","email_address":"admin@example.com","password":"secret-password"}})";

TEST(FirstRun, ConcurrentRequestsCreateExactlyOneAccountAdminAndRoom) {
    ServerProcess server;
    constexpr int kRacers = 16;
    std::vector<int> statuses(kRacers);
    std::vector<std::string> cookies(kRacers);
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (int i = 0; i < kRacers; ++i) {
        threads.emplace_back([&, i] {
            HttpClient http(server.port());
            while (!go.load()) std::this_thread::yield();
            auto r = http.post("/first_run", user_json("Racer " + std::to_string(i), "racer" + std::to_string(i) + "@example.com",
                                                       "secret-password"));
            statuses[i] = r.status;
            cookies[i] = http.cookie_header();
        });
    }
    go = true;
    for (auto& t : threads) t.join();
    int created = 0, conflicts = 0, winner = -1;
    for (int i = 0; i < kRacers; ++i) {
        if (statuses[i] == 201) { ++created; winner = i; }
        if (statuses[i] == 409) ++conflicts;
    }
    ASSERT_EQ(created, 1);
    EXPECT_EQ(conflicts, kRacers - 1);

    HttpClient admin(server.port());
    for (auto part : {cookies[winner]}) {
        auto eq = part.find('=');
        admin.set_cookie(part.substr(0, eq), part.substr(eq + 1));
    }
    auto users = admin.get("/account/users").json();
    ASSERT_TRUE(users["users"].IsArray());
    ASSERT_EQ(users["users"].Size(), 1u);
    EXPECT_STREQ(users["users"][0]["role"].GetString(), "administrator");
    auto rooms = admin.get("/rooms").json();
    ASSERT_EQ(rooms["rooms"].Size(), 1u);
    EXPECT_STREQ(rooms["rooms"][0]["name"].GetString(), "All Talk");
    EXPECT_STREQ(rooms["rooms"][0]["type"].GetString(), "open");
}

TEST(FirstRun, ReportsWhetherItIsNeededAndRefusesASecondRun) {
    ServerProcess server;
    HttpClient http(server.port());
    EXPECT_TRUE(http.get("/first_run").json()["needed"].GetBool());
    first_run(http);
    EXPECT_FALSE(http.get("/first_run").json()["needed"].GetBool());
    HttpClient other(server.port());
    auto again = other.post("/first_run", user_json("Eve", "eve@example.com", "secret-password"));
    EXPECT_EQ(again.status, 409);
    EXPECT_TRUE(again.json().HasMember("error"));
}

TEST(FirstRun, ValidatesItsInput) {
    ServerProcess server;
    HttpClient http(server.port());
    EXPECT_EQ(http.post("/first_run", R"({"user":{"name":"","email_address":"a@b.c","password":"secret-password"}})").status, 422);
    EXPECT_EQ(http.post("/first_run", R"({"user":{"name":"A","email_address":"nope","password":"secret-password"}})").status, 422);
    EXPECT_EQ(http.post("/first_run", R"({"user":{"name":"A","email_address":"a@b.c","password":"short"}})").status, 422);
    EXPECT_EQ(http.post("/first_run", R"({"user":"x"})").status, 422);
    EXPECT_EQ(http.post("/first_run", R"({"user":{"name":"A","email_address":"a@b.c\r\nSet-Cookie: x=1","password":"secret-password"}})").status, 422);
    EXPECT_EQ(http.post("/first_run", R"({"user":{"name":"A\u0000B","email_address":"a@b.c","password":"secret-password"}})").status, 422);
    EXPECT_TRUE(http.get("/first_run").json()["needed"].GetBool()); // nothing was created
}

TEST(Session, SignInSignOutAndCookieFlags) {
    ServerProcess server;
    HttpClient admin(server.port());
    first_run(admin);
    HttpClient http(server.port());
    auto ok = http.post("/session", R"({"email_address":"admin@example.com","password":"secret-password"})");
    ASSERT_EQ(ok.status, 201);
    std::string cookie = ok.header("set-cookie");
    EXPECT_NE(cookie.find("session_token="), std::string::npos);
    EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
    EXPECT_NE(cookie.find("SameSite=Lax"), std::string::npos);
    EXPECT_EQ(cookie.find("Secure"), std::string::npos); // the test server runs with DISABLE_SSL
    EXPECT_EQ(http.get("/rooms").status, 200);
    EXPECT_EQ(http.del("/session").status, 204);
    EXPECT_EQ(http.get("/rooms").status, 401);
    // The old cookie value is dead on the server too, not just cleared in this client.
    HttpClient replay(server.port());
    auto eq = cookie.find('='), semi = cookie.find(';');
    replay.set_cookie("session_token", cookie.substr(eq + 1, semi - eq - 1));
    EXPECT_EQ(replay.get("/rooms").status, 401);
}

TEST(Session, WrongCredentialsAndForgedCookiesAreRefused) {
    ServerProcess server;
    HttpClient admin(server.port());
    first_run(admin);
    HttpClient http(server.port());
    auto bad = http.post("/session", R"({"email_address":"admin@example.com","password":"wrong-password"})");
    EXPECT_EQ(bad.status, 401);
    EXPECT_STREQ(bad.json()["error"].GetString(), "Too many requests or unauthorized.");
    EXPECT_EQ(http.post("/session", R"({"email_address":"nobody@example.com","password":"secret-password"})").status, 401);
    HttpClient forged(server.port());
    std::string real = admin.cookie_header();
    auto eq = real.find('=');
    std::string value = real.substr(eq + 1);
    value[0] = value[0] == 'A' ? 'B' : 'A'; // change the token: the signature no longer matches
    forged.set_cookie("session_token", value);
    EXPECT_EQ(forged.get("/rooms").status, 401);
}

TEST(Session, SignInIsRateLimitedPerAddress) {
    ServerProcess server;
    HttpClient admin(server.port());
    first_run(admin);
    HttpClient http(server.port());
    for (int i = 0; i < 10; ++i)
        EXPECT_EQ(http.post("/session", R"({"email_address":"admin@example.com","password":"wrong"})").status, 401) << i;
    auto limited = http.post("/session", R"({"email_address":"admin@example.com","password":"secret-password"})");
    EXPECT_EQ(limited.status, 429);
    EXPECT_STREQ(limited.json()["error"].GetString(), "Too many requests or unauthorized.");
}

TEST(Session, BehindTheProxyTheLimitIsPerForwardedClient) {
    ServerProcess server; // the test connects over loopback, like a local reverse proxy
    HttpClient admin(server.port());
    first_run(admin);
    HttpClient http(server.port());
    auto attempt = [&](const char* client) {
        return http.request("POST", "/session", R"({"email_address":"admin@example.com","password":"wrong"})",
                            {{"Content-Type", "application/json"}, {"X-Forwarded-For", std::string("10.9.9.9, ") + client}})
            .status;
    };
    for (int i = 0; i < 10; ++i) EXPECT_EQ(attempt("203.0.113.7"), 401) << i;
    EXPECT_EQ(attempt("203.0.113.7"), 429);
    EXPECT_EQ(attempt("198.51.100.4"), 401); // another client behind the same proxy is not locked out
}

TEST(Session, CookieRequestsFromAForeignOriginAreRefused) {
    ServerProcess server;
    HttpClient http(server.port());
    first_run(http);
    int64_t room = room_id(http);
    std::string path = "/rooms/" + std::to_string(room) + "/messages";
    http.set_origin("https://evil.example.com");
    auto refused = http.post(path, R"({"message":{"body":"csrf"}})");
    EXPECT_EQ(refused.status, 403);
    EXPECT_TRUE(refused.json().HasMember("error"));
    EXPECT_EQ(http.get("/rooms").status, 200); // reads are not state-changing
    http.set_origin("http://127.0.0.1:" + std::to_string(server.port()));
    EXPECT_EQ(http.post(path, R"({"message":{"body":"fine"}})").status, 201);
}

TEST(JoinLink, SignsUpAMemberJoinedToOpenRooms) {
    ServerProcess server;
    HttpClient admin(server.port());
    first_run(admin);
    HttpClient member(server.port());
    sign_up(admin, member, "Bea", "bea@example.com");
    auto me = member.get("/users/me/profile").json();
    EXPECT_STREQ(me["user"]["role"].GetString(), "member");
    auto rooms = member.get("/rooms").json();
    ASSERT_EQ(rooms["rooms"].Size(), 1u);
    EXPECT_STREQ(rooms["rooms"][0]["name"].GetString(), "All Talk");
    // A wrong code is a 404; an existing email is sent to sign-in.
    HttpClient stranger(server.port());
    EXPECT_EQ(stranger.post("/join/AAAA-BBBB-CCCC", user_json("X", "x@example.com", "secret-password")).status, 404);
    std::string code = admin.get("/account").json()["account"]["join_code"].GetString();
    auto taken = stranger.post("/join/" + code, user_json("Bea2", "bea@example.com", "secret-password"));
    EXPECT_EQ(taken.status, 409);
    EXPECT_NE(taken.header("location").find("/session/new"), std::string::npos);
}

int run_with_env(const std::string& env) {
    std::string cmd = env + " " + CF_SERVER_BINARY + " >/dev/null 2>&1";
    int rc = std::system(cmd.c_str());
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

TEST(Config, BadValuesExitWithCodeTwo) {
    EXPECT_EQ(run_with_env("PORT=abc"), 2);
    EXPECT_EQ(run_with_env("PORT=70000"), 2);
    EXPECT_EQ(run_with_env("PORT=4000 CABLE_PORT=4000"), 2);
    EXPECT_EQ(run_with_env("LOG_LEVEL=loud"), 2);
    EXPECT_EQ(run_with_env("DISABLE_SSL=maybe"), 2);
    EXPECT_EQ(run_with_env("SECRET_KEY_BASE=short"), 2);
    EXPECT_EQ(run_with_env("PORT=4000 PLUGINS_PATH=/nonexistent/plugins"), 2);
}

TEST(Config, TheSecretIsGeneratedOnceAndKept) {
    ServerProcess server;
    HttpClient http(server.port());
    first_run(http);
    server.stop();
    server.start();
    EXPECT_EQ(http.get("/rooms").status, 200); // the cookie still verifies after a restart
}

} // namespace
} // namespace cf::test
