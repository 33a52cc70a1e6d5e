#include "kernel/net/ws_handshake.h"

#include <gtest/gtest.h>

using namespace cf::net;
using Status = HandshakeResult::Status;

namespace {

const std::string kKey = "dGhlIHNhbXBsZSBub25jZQ==";

std::string request(const std::string& request_line = "GET /cable HTTP/1.1", const std::string& extra = "",
                    const std::string& version = "13", const std::string& key = kKey) {
  std::string r = request_line + "\r\nHost: chat.example\r\nUpgrade: websocket\r\nConnection: keep-alive, Upgrade\r\n";
  if (!key.empty()) r += "Sec-WebSocket-Key: " + key + "\r\n";
  if (!version.empty()) r += "Sec-WebSocket-Version: " + version + "\r\n";
  r += extra + "\r\n";
  return r;
}

int status_of(const std::string& r) {
  const auto res = parse_upgrade(r, 8192);
  return res.status == Status::Refused ? res.http_status : res.status == Status::Ok ? 101 : 0;
}

}  // namespace

TEST(WsHandshake, AcceptKeyFromRfc) {
  // RFC 6455 §1.3's worked example.
  EXPECT_EQ(websocket_accept("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  const std::string resp = upgrade_response("dGhlIHNhbXBsZSBub25jZQ==");
  EXPECT_EQ(resp.rfind("HTTP/1.1 101 Switching Protocols\r\n", 0), 0u);
  EXPECT_NE(resp.find("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"), std::string::npos);
  EXPECT_EQ(resp.substr(resp.size() - 4), "\r\n\r\n");
}

TEST(WsHandshake, ParsesAValidRequest) {
  const std::string r = request("GET /cable?x=1 HTTP/1.1",
                                "Origin: https://chat.example\r\nCookie: a=1\r\ncookie: session_token=abc\r\n");
  const auto res = parse_upgrade(r + "\x81\x80tail", 8192);
  ASSERT_EQ(res.status, Status::Ok) << res.error;
  EXPECT_EQ(res.consumed, r.size());
  EXPECT_EQ(res.request.path, "/cable");
  EXPECT_EQ(res.request.query, "x=1");
  EXPECT_EQ(res.request.host, "chat.example");
  EXPECT_EQ(res.request.origin, "https://chat.example");
  EXPECT_EQ(res.request.cookie, "a=1; session_token=abc");
  EXPECT_EQ(res.request.key, kKey);
}

TEST(WsHandshake, HeaderNamesAndTokensAreCaseInsensitive) {
  std::string r = "GET /cable HTTP/1.1\r\nhOsT: h\r\nUPGRADE: WebSocket\r\nconnection: UPGRADE\r\n"
                  "sec-websocket-key: " + kKey + "\r\nSEC-WEBSOCKET-VERSION:13\r\n\r\n";
  EXPECT_EQ(status_of(r), 101);
}

TEST(WsHandshake, IncompleteUntilTheBlankLine) {
  const std::string r = request();
  for (size_t cut = 0; cut < r.size(); ++cut) {
    EXPECT_EQ(parse_upgrade(r.substr(0, cut), 8192).status, Status::Incomplete) << cut;
  }
}

TEST(WsHandshake, Refusals) {
  EXPECT_EQ(status_of(request("POST /cable HTTP/1.1")), 400);
  EXPECT_EQ(status_of(request("GET /cable HTTP/1.0")), 400);
  EXPECT_EQ(status_of(request("GET  /cable HTTP/1.1")), 400);
  EXPECT_EQ(status_of(request("GET /other HTTP/1.1")), 404);
  EXPECT_EQ(status_of(request("GET /cable/x HTTP/1.1")), 404);
  EXPECT_EQ(status_of(request("GET /cable HTTP/1.1", "", "8")), 426);
  EXPECT_EQ(status_of(request("GET /cable HTTP/1.1", "", "")), 426);
  EXPECT_EQ(status_of(request("GET /cable HTTP/1.1", "", "13", "")), 400);
  EXPECT_EQ(status_of(request("GET /cable HTTP/1.1", "", "13", "short==")), 400);
  EXPECT_EQ(status_of(request("GET /cable HTTP/1.1", "", "13", "dGhlIHNhbXBsZSBub25jZQ!=")), 400);
  EXPECT_EQ(status_of(request("GET /cable HTTP/1.1", "", "13", "dGhlIHNhbXBsZSBub25jZQAA")), 400);  // 18 bytes
  EXPECT_EQ(status_of(request("GET /cable HTTP/1.1", "Sec-WebSocket-Key: " + kKey + "\r\n")), 400);  // twice
  EXPECT_EQ(status_of(request("GET /cable HTTP/1.1", " folded\r\n")), 400);
  EXPECT_EQ(status_of(request("GET /cable HTTP/1.1", "Bad Name: x\r\n")), 400);
  EXPECT_EQ(status_of(request("GET /cable HTTP/1.1", std::string("X: a\0b\r\n", 8))), 400);
  // No Upgrade / Connection tokens.
  std::string r = request();
  EXPECT_EQ(status_of(std::string(r).replace(r.find("websocket"), 9, "h2c")), 400);
  EXPECT_EQ(status_of(std::string(r).replace(r.find("keep-alive, Upgrade"), 19, "keep-alive")), 400);
  // No Host.
  EXPECT_EQ(status_of(std::string(r).replace(r.find("Host: chat.example\r\n"), 20, "")), 400);
}

TEST(WsHandshake, HeaderCap431) {
  const std::string big = request("GET /cable HTTP/1.1", "X-Pad: " + std::string(9000, 'a') + "\r\n");
  EXPECT_EQ(status_of(big), 431);
  // Also while incomplete: no blank line within the cap.
  EXPECT_EQ(parse_upgrade(std::string(8192, 'a'), 8192).http_status, 431);
  EXPECT_EQ(parse_upgrade(std::string(8191, 'a'), 8192).status, Status::Incomplete);
}

TEST(WsHandshake, RefusalResponses) {
  const std::string r = refusal_response(401, "not \"authenticated\"");
  EXPECT_EQ(r.rfind("HTTP/1.1 401 Unauthorized\r\n", 0), 0u);
  EXPECT_NE(r.find("Connection: close\r\n"), std::string::npos);
  EXPECT_NE(r.find("Content-Type: application/json\r\n"), std::string::npos);
  const std::string body = R"({"error":"not \"authenticated\""})";
  EXPECT_EQ(r.substr(r.size() - body.size()), body);
  EXPECT_NE(r.find("Content-Length: " + std::to_string(body.size()) + "\r\n"), std::string::npos);
  EXPECT_NE(refusal_response(426, "v").find("Sec-WebSocket-Version: 13\r\n"), std::string::npos);
  EXPECT_EQ(refusal_response(400, "v").find("Sec-WebSocket-Version"), std::string::npos);
}
