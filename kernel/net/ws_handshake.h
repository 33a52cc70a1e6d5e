#pragma once
// The HTTP/1.1 upgrade request that opens a WebSocket (RFC 6455 §4.2), parsed from hostile bytes.
#include <cstddef>
#include <string>
#include <string_view>

namespace cf::net {

struct UpgradeRequest {
  std::string path;    // "/cable"
  std::string query;   // after '?', may be empty
  std::string host;    // Host header
  std::string origin;  // Origin header, empty when absent (non-browser clients)
  std::string cookie;  // Cookie header(s), joined with "; "
  std::string key;     // Sec-WebSocket-Key as sent
};

struct HandshakeResult {
  enum class Status { Incomplete, Ok, Refused };
  Status status = Status::Incomplete;
  UpgradeRequest request;  // valid when Ok
  size_t consumed = 0;     // bytes of the buffer the request took (Ok); the rest belongs to the frame stream
  int http_status = 0;     // when Refused: 400, 404, 426 or 431
  std::string error;       // when Refused: a short reason for the JSON body
};

// Parses the request at the start of `buffer`. Incomplete until the blank line arrives;
// a header block over `max_header_bytes` is refused with 431.
HandshakeResult parse_upgrade(std::string_view buffer, size_t max_header_bytes, std::string_view path = "/cable");

// Sec-WebSocket-Accept for a key: base64(SHA-1(key + GUID)).
std::string websocket_accept(std::string_view key);
// The complete "101 Switching Protocols" response.
std::string upgrade_response(std::string_view key);
// A refusal: status line, JSON body {"error":...}, Connection: close (426 also names version 13).
std::string refusal_response(int status, std::string_view error);

}  // namespace cf::net
