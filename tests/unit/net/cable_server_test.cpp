// CableServer over real loopback sockets: the handshake, messages, and closes on bad input.
#include <thread>

#include "tests/unit/net/cable_fixture.h"

using namespace cf::net;
using namespace cf::net::testing;

TEST_F(CableFixture, RefusesWithoutSession401) {
  start(options());
  RawWsClient c(server_->port());
  EXPECT_EQ(c.upgrade(RawWsClient::request("session_token=nope")), 401);
  EXPECT_NE(c.head().find("Connection: close"), std::string::npos);
  EXPECT_EQ(c.body(), R"({"error":"not authenticated"})");
  EXPECT_TRUE(c.wait_eof());
  RawWsClient none(server_->port());
  EXPECT_EQ(none.upgrade(RawWsClient::request("")), 401);
}

TEST_F(CableFixture, RefusesForeignOrigin403) {
  start(options());
  RawWsClient evil(server_->port());
  EXPECT_EQ(evil.upgrade(RawWsClient::request("session_token=u1", "http://evil.example")), 403);
  EXPECT_TRUE(evil.wait_eof());
  RawWsClient good(server_->port());
  EXPECT_EQ(good.upgrade(RawWsClient::request("session_token=u1", "http://localhost")), 101);
}

TEST_F(CableFixture, RefusesBadHandshakes) {
  start(options());
  RawWsClient path(server_->port());
  EXPECT_EQ(path.upgrade(RawWsClient::request("session_token=u1", {}, "/nope")), 404);
  RawWsClient big(server_->port());
  EXPECT_EQ(big.upgrade(RawWsClient::request("session_token=u1", {}, "/cable", "X-Pad: " + std::string(9000, 'a') + "\r\n")),
            431);
  RawWsClient version(server_->port());
  std::string r = RawWsClient::request("session_token=u1");
  r.replace(r.find("Version: 13"), 11, "Version: 12");
  EXPECT_EQ(version.upgrade(r), 426);
  EXPECT_NE(version.head().find("Sec-WebSocket-Version: 13"), std::string::npos);
}

TEST_F(CableFixture, AcceptsAndDeliversMessages) {
  start(options());
  RawWsClient c(server_->port());
  const uint64_t sid = open(c, 42);
  ASSERT_NE(sid, 0u);
  EXPECT_NE(c.head().find("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="), std::string::npos);
  EXPECT_EQ(server_->stats().sockets, 1u);
  // A fragmented text message with a ping in between.
  c.send_frame(WsOpcode::Text, R"({"type":"sub)", false);
  c.send_frame(WsOpcode::Ping, "abc");
  c.send_frame(WsOpcode::Continuation, R"(scribe"})", true);
  auto pong = c.next();
  ASSERT_TRUE(pong);
  EXPECT_EQ(pong->opcode, WsOpcode::Pong);
  EXPECT_EQ(pong->payload, "abc");
  ASSERT_TRUE(wait_for([&] { return messages_.size() == 1; }));
  EXPECT_EQ(messages_[0].first, sid);
  EXPECT_EQ(messages_[0].second, R"({"type":"subscribe"})");
}

TEST_F(CableFixture, JsonPingAnsweredByTheServer) {
  start(options());
  RawWsClient c(server_->port());
  open(c, 1);
  c.send_text(R"({ "type" : "ping" })");
  EXPECT_EQ(c.next_text(), R"({"type":"pong"})");
  c.send_text(R"({"type":"other"})");
  ASSERT_TRUE(wait_for([&] { return messages_.size() == 1; }));
  EXPECT_EQ(messages_[0].second, R"({"type":"other"})");  // the ping never reached on_message
}

TEST_F(CableFixture, SocketIdsAreNeverReused) {
  start(options());
  uint64_t last = 0;
  for (int i = 0; i < 5; ++i) {
    RawWsClient c(server_->port());
    const uint64_t sid = open(c, 1);
    EXPECT_GT(sid, last);
    last = sid;
  }
}

TEST_F(CableFixture, ClientCloseIsEchoedAndOnCloseCalled) {
  start(options());
  RawWsClient c(server_->port());
  const uint64_t sid = open(c, 9);
  c.send_frame(WsOpcode::Close, std::string("\x03\xe8", 2));  // 1000
  EXPECT_EQ(c.wait_close(), 1000);
  EXPECT_TRUE(c.wait_eof());
  ASSERT_TRUE(wait_for([&] { return closed_.size() == 1; }));
  EXPECT_EQ(closed_[0], std::make_pair(sid, int64_t{9}));
}

namespace {
void expect_close(CableFixture* f, RawWsClient& c, const std::string& wire, uint16_t code) {
  (void)f;
  ASSERT_TRUE(c.send_raw(wire));
  EXPECT_EQ(c.wait_close(), code);
  EXPECT_TRUE(c.wait_eof());
}
constexpr std::array<unsigned char, 4> kMask{1, 2, 3, 4};
}  // namespace

TEST_F(CableFixture, BadFramesCloseWithTheirCodes) {
  auto o = options();
  o.max_message = 1024;
  start(o);
  {
    RawWsClient c(server_->port());
    open(c, 1);
    expect_close(this, c, encode_client_frame(WsOpcode::Text, std::string(2000, 'a'), kMask), 1009);
  }
  {
    RawWsClient c(server_->port());
    open(c, 1);
    expect_close(this, c, encode_frame(WsOpcode::Text, "unmasked"), 1002);
  }
  {
    RawWsClient c(server_->port());
    open(c, 1);
    expect_close(this, c, encode_client_frame(WsOpcode::Text, "\xc0\xaf", kMask), 1007);
  }
  {
    RawWsClient c(server_->port());
    open(c, 1);
    expect_close(this, c, encode_client_frame(WsOpcode::Binary, "bin", kMask), 1003);
  }
  EXPECT_TRUE(wait_for([&] { return closed_.size() == 4; }));
  EXPECT_EQ(server_->stats().sockets, 0u);
}

TEST_F(CableFixture, CloseSocketAndCloseUser) {
  start(options());
  RawWsClient a(server_->port()), b(server_->port()), other(server_->port());
  const uint64_t sa = open(a, 5);
  open(b, 5);
  open(other, 6);
  server_->close_socket(sa, 4001, "kicked");
  EXPECT_EQ(a.wait_close(), 4001);
  server_->close_user(5, 4002, "signed out");
  EXPECT_EQ(b.wait_close(), 4002);
  server_->send_user(6, encode_text("still here"));
  EXPECT_EQ(other.next_text(), "still here");
}

TEST_F(CableFixture, StopClosesEverySocketWith1001) {
  auto o = options();
  o.close_linger = std::chrono::milliseconds(300);
  start(o);
  RawWsClient a(server_->port()), b(server_->port());
  open(a, 1);
  open(b, 2);
  std::thread stopper([&] { server_->stop(); });
  EXPECT_EQ(a.wait_close(), 1001);
  EXPECT_EQ(b.wait_close(), 1001);
  stopper.join();
  EXPECT_TRUE(a.wait_eof());
  EXPECT_EQ(closed_.size(), 2u);
  RawWsClient late(server_->port());
  EXPECT_FALSE(late.connected());
}

TEST_F(CableFixture, HandshakeTimeout) {
  auto o = options();
  o.handshake_timeout = std::chrono::milliseconds(100);
  start(o);
  RawWsClient c(server_->port());
  c.send_raw("GET /cable HTTP/1.1\r\n");  // and never finish
  EXPECT_TRUE(c.wait_eof(2000));
}

TEST_F(CableFixture, PingsIdleSocketsAndDropsSilentOnes) {
  auto o = options();
  o.ping_after = std::chrono::milliseconds(100);
  o.dead_after = std::chrono::milliseconds(500);
  start(o);
  // A client that answers pings stays well past dead_after.
  RawWsClient live(server_->port());
  open(live, 1);
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(1200);
  int pings = 0;
  while (std::chrono::steady_clock::now() < until) {
    auto m = live.next(300);
    if (m && m->opcode == WsOpcode::Ping) {
      ++pings;
      live.send_frame(WsOpcode::Pong, m->payload);
    }
  }
  EXPECT_GE(pings, 2);
  server_->send(opened_.at(0).first, encode_text("alive"));
  EXPECT_EQ(live.next_text(), "alive");
  // A silent one gets a ping, then is dropped.
  RawWsClient silent(server_->port());
  open(silent, 2);
  auto m = silent.next(1000);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->opcode, WsOpcode::Ping);
  EXPECT_TRUE(silent.wait_eof(2000));
}
