// Hostile and malformed HTTP against the real binary: every answer is a clear 4xx with a JSON
// error, the connection stays usable, and the server never falls over.
#include "tests/support/support.h"

#include <gtest/gtest.h>

namespace cf::test {
namespace {

class Http : public ::testing::Test {
protected:
    void SetUp() override {
        first_run(http);
        room = room_id(http);
        messages = "/rooms/" + std::to_string(room) + "/messages";
    }
    void expect_json_error(const HttpResponse& r, int status) {
        EXPECT_EQ(r.status, status) << r.body;
        EXPECT_NE(r.header("content-type").find("application/json"), std::string::npos);
        auto j = r.json();
        EXPECT_TRUE(j.IsObject() && j.HasMember("error") && j["error"].IsString()) << r.body;
    }
    ServerProcess server;
    HttpClient http{server.port()};
    int64_t room = 0;
    std::string messages;
};

TEST_F(Http, UnknownRoutesAndMethods) {
    expect_json_error(http.get("/no/such/thing"), 404);
    expect_json_error(http.del("/up"), 405);
}

TEST_F(Http, BrokenBodies) {
    expect_json_error(http.post(messages, "{\"message\":"), 400);
    expect_json_error(http.post(messages, "[1,2,3]"), 400);
    expect_json_error(http.post(messages, std::string("{\"message\":{\"body\":\"\xC3\x28\"}}")), 400);
    std::string deep(100000, '[');
    expect_json_error(http.post(messages, deep), 400); // iterative parser: no stack overflow
    expect_json_error(http.request("POST", messages, "message%5Bbody%5D=%ZZ", {{"Content-Type", "application/x-www-form-urlencoded"}}), 400);
    EXPECT_EQ(http.get("/up").status, 200);
}

TEST_F(Http, FormBodiesAreAccepted) {
    auto r = http.request("POST", messages, "message%5Bbody%5D=from+a+form&message%5Bclient_message_id%5D=f1",
                          {{"Content-Type", "application/x-www-form-urlencoded"}});
    ASSERT_EQ(r.status, 201) << r.body;
    EXPECT_NE(r.body.find("from a form"), std::string::npos);
}

TEST_F(Http, OversizedRequests) {
    std::string big = R"({"message":{"body":")" + std::string(10 * 1024 * 1024 + 65 * 1024, 'a') + "\"}}";
    auto r = http.post(messages, big);
    EXPECT_EQ(r.status, 413);
    std::string header(20 * 1024, 'x');
    expect_json_error(http.request("GET", "/rooms", {}, {{"X-Filler", header}}), 431);
    expect_json_error(http.get("/rooms/" + std::string(3000, '1')), 414);
    EXPECT_EQ(http.get("/up").status, 200);
}

TEST_F(Http, MalformedRequestLinesDoNotHurtTheServer) {
    http.set_timeout(std::chrono::seconds(2)); // some of these wait for more bytes that never come
    for (std::string bytes : {std::string("GARBAGE\r\n\r\n"), std::string("GET / HTTP/9.9\r\n\r\n"),
                              std::string("GET /up HTTP/1.1\r\nContent-Length: -5\r\n\r\n"),
                              std::string("\0\0\0\0\r\n\r\n", 8)}) {
        auto r = http.raw(bytes);
        EXPECT_TRUE(r.status == 0 || (r.status >= 400 && r.status < 500)) << r.status;
    }
    EXPECT_EQ(http.get("/up").status, 200);
}

TEST_F(Http, AHalfSentRequestIsDroppedAfterTenSeconds) {
    // Slow-header clients must not hold a connection forever.
    http.set_timeout(std::chrono::seconds(20));
    auto started = std::chrono::steady_clock::now();
    auto r = http.raw("GET /up HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
    auto waited = std::chrono::steady_clock::now() - started;
    EXPECT_EQ(r.status, 0);                            // closed without an answer...
    EXPECT_GE(waited, std::chrono::seconds(9));        // ...after the request timeout,
    EXPECT_LT(waited, std::chrono::seconds(15));       // not by our own client timeout
    EXPECT_EQ(http.get("/up").status, 200);
}

TEST_F(Http, KeepAliveWithoutAConnectionHeader) {
    // Pistache would answer "Connection: Close" here; we keep the connection.
    auto r = http.raw("GET /up HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.header("connection"), "keep-alive");
}

TEST_F(Http, SignedOutAndBadQueries) {
    HttpClient stranger(server.port());
    expect_json_error(stranger.get("/rooms"), 401);
    expect_json_error(stranger.post(messages, R"({"message":{"body":"hi"}})"), 401);
    expect_json_error(http.get(messages + "?before=%ZZ"), 400);
}

TEST_F(Http, OperationsEndpoints) {
    auto health = http.get("/health");
    ASSERT_EQ(health.status, 200);
    auto h = health.json();
    EXPECT_STREQ(h["database"].GetString(), "ok");
    EXPECT_TRUE(h["writer"]["queue_depth"].IsInt64());
    EXPECT_TRUE(h["plugins"].IsArray());
    auto metrics = http.get("/metrics");
    ASSERT_EQ(metrics.status, 200);
    EXPECT_NE(metrics.body.find("campfire_http_requests_total"), std::string::npos);
    EXPECT_NE(metrics.body.find("campfire_writer_queue_depth"), std::string::npos);
    EXPECT_NE(metrics.body.find("campfire_http_request_duration_seconds_bucket"), std::string::npos);
    EXPECT_NE(metrics.body.find("campfire_writer_batch_size_bucket{le=\"+Inf\"}"), std::string::npos);
    EXPECT_NE(metrics.body.find("campfire_ws_sockets"), std::string::npos);
    EXPECT_NE(metrics.body.find("\ncampfire_ws_messages_waiting 0\n"), std::string::npos);
    auto features = http.get("/api/features").json();
    EXPECT_TRUE(features["features"]["rooms"]["enabled"].GetBool());
    EXPECT_NE(std::string(features["cable_url"].GetString()).find(std::to_string(server.cable_port())), std::string::npos);
}

} // namespace
} // namespace cf::test
