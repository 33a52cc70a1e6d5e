// Tests of tests/support itself: the parts that need no server against a scripted local peer,
// then the basics against the real binary (these fail until the kernel answers).
#include "tests/support/cookie_jar.h"
#include "tests/support/support.h"
#include "tests/support/ws_frame.h"
#include "tests/support/ws_handshake.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <thread>

namespace cf::test {
namespace {

// A one-thread peer that answers each accepted connection with scripted bytes, then closes it.
class ScriptedPeer {
public:
  explicit ScriptedPeer(std::vector<std::string> replies) : replies_(std::move(replies)) {
    listener_.reset(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    EXPECT_EQ(::bind(listener_.get(), reinterpret_cast<sockaddr*>(&addr), len), 0);
    EXPECT_EQ(::listen(listener_.get(), 8), 0);
    ::getsockname(listener_.get(), reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::jthread([this] { serve(); });
  }
  uint16_t port() const { return port_; }
  const std::vector<std::string>& requests() const { return requests_; }  // read after join()
  void join() { thread_.join(); }

private:
  void serve() {
    for (const std::string& reply : replies_) {
      UniqueFd conn(::accept(listener_.get(), nullptr, nullptr));
      std::string request;
      auto deadline = Clock::now() + std::chrono::seconds(5);
      while (request.find("\r\n\r\n") == std::string::npos && recv_some(conn.get(), request, deadline) > 0) {}
      requests_.push_back(request);
      send_all(conn.get(), reply, deadline);
    }
  }
  std::vector<std::string> replies_;
  std::vector<std::string> requests_;
  UniqueFd listener_;
  uint16_t port_ = 0;
  std::jthread thread_;
};

TEST(SupportCookieJar, SetReplaceAndDelete) {
  CookieJar jar;
  jar.absorb("session_token=abc; path=/; HttpOnly; SameSite=Lax");
  jar.absorb("other=1; Max-Age=3600");
  EXPECT_EQ(jar.header(), "session_token=abc; other=1");
  jar.absorb("session_token=def; path=/");
  EXPECT_EQ(jar.header(), "session_token=def; other=1");
  jar.absorb("other=; Max-Age=0");
  EXPECT_EQ(jar.header(), "session_token=def");
  jar.absorb("session_token=; expires=Thu, 01 Jan 1970 00:00:00 GMT");
  EXPECT_EQ(jar.header(), "");
}

TEST(SupportHttpClient, ChunkedBodyCookiesAndReconnect) {
  // The first connection answers chunked and then closes; the client must reconnect for the second.
  ScriptedPeer peer({"HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\nSet-Cookie: a=1; Path=/\r\n"
                     "Set-Cookie: b=2\r\n\r\n4\r\n{\"ok\r\n6;ext=1\r\n\":true\r\n5\r\n,\"n\":\r\n2\r\n7}\r\n0\r\n\r\n",
                     "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Thing: yes\r\n\r\n{}"});
  HttpClient http(peer.port());
  HttpResponse first = http.post("/first", R"({"x":1})");
  EXPECT_EQ(first.status, 201);
  EXPECT_EQ(first.body, R"({"ok":true,"n":7})");
  EXPECT_TRUE(first.json()["ok"].GetBool());
  EXPECT_EQ(http.cookie_header(), "a=1; b=2");
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // let the peer close
  HttpResponse second = http.get("/second");
  EXPECT_EQ(second.status, 200);
  EXPECT_EQ(second.header("X-THING"), "yes");
  EXPECT_TRUE(second.json().IsObject());
  peer.join();
  ASSERT_EQ(peer.requests().size(), 2u);
  EXPECT_NE(peer.requests()[0].find("Content-Type: application/json\r\n"), std::string::npos);
  EXPECT_NE(peer.requests()[0].find("Connection: keep-alive\r\n"), std::string::npos);
  EXPECT_NE(peer.requests()[1].find("Cookie: a=1; b=2\r\n"), std::string::npos);
  EXPECT_NE(peer.requests()[1].find("Origin: http://127.0.0.1:"), std::string::npos);
}

TEST(SupportHttpClient, TimeoutAndRefusalGiveStatusZero) {
  ScriptedPeer silent({""});  // accepts, reads the request, answers nothing, closes
  HttpClient http(silent.port());
  http.set_timeout(std::chrono::milliseconds(500));
  EXPECT_EQ(http.get("/").status, 0);
  silent.join();
  EXPECT_EQ(http.get("/").status, 0);  // nobody listens any more
}

TEST(SupportWsFrame, RoundTripsEverySizeClass) {
  for (size_t size : {0u, 125u, 126u, 65535u, 65536u}) {
    std::string payload(size, 'x');
    std::string frame = encode_client_frame(kText, payload);
    WsFrame parsed;
    ASSERT_EQ(parse_frame(frame, parsed), frame.size());
    EXPECT_TRUE(parsed.fin && parsed.masked);
    EXPECT_EQ(parsed.opcode, kText);
    EXPECT_EQ(unmasked_payload(parsed), payload);
    EXPECT_EQ(parse_frame(std::string_view(frame).substr(0, frame.size() - 1), parsed), 0u);
  }
}

TEST(SupportWsHandshake, AcceptKeyMatchesTheRfcExample) {
  EXPECT_EQ(ws_accept_for("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");  // RFC 6455 §1.3
}

// Against the real server.

TEST(SupportServer, UpAnswers200) {
  ServerProcess server;
  HttpClient http(server.port());
  EXPECT_EQ(http.get("/up").status, 200);
}

TEST(SupportServer, FirstRunSignsIn) {
  ServerProcess server;
  HttpClient http(server.port());
  first_run(http);
  EXPECT_NE(http.cookie_header().find("session_token="), std::string::npos);
}

TEST(SupportServer, WebSocketGetsWelcome) {
  ServerProcess server;
  HttpClient http(server.port());
  first_run(http);
  WsClient ws;
  int status = 0;
  ASSERT_TRUE(ws.connect(server.cable_port(), http.cookie_header(), "http://127.0.0.1:" + std::to_string(server.port()), &status));
  EXPECT_EQ(status, 101);
  auto welcome = ws.wait_for("welcome", std::chrono::seconds(5));
  ASSERT_TRUE(welcome.has_value());
  EXPECT_TRUE((*welcome)["user_id"].IsInt64());
  ws.close();
  EXPECT_TRUE(ws.closed());
}

TEST(SupportServer, WebSocketWithoutSessionIsRefused) {
  ServerProcess server;
  WsClient ws;
  int status = 0;
  EXPECT_FALSE(ws.connect(server.cable_port(), "", "", &status));
  EXPECT_EQ(status, 401);
}

}  // namespace
}  // namespace cf::test
