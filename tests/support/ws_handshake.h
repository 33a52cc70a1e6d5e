// The client side of the WebSocket opening handshake (RFC 6455 §4.1), on a connected socket.
#pragma once

#include "tests/support/socket.h"

#include <cstdint>
#include <string>

namespace cf::test {

struct WsHandshake {
  int status = 0;         // the HTTP status; 101 on success, 0 when no answer came
  bool accepted = false;  // 101 with the right Sec-WebSocket-Accept
  std::string leftover;   // bytes after the response head: the first frames
};

// Sends GET /cable with Cookie and Origin (each omitted when empty) and reads the answer.
WsHandshake ws_handshake(int fd, uint16_t port, const std::string& cookie_header, const std::string& origin,
                         Deadline deadline, const std::string& path = "/cable");

// base64(SHA-1(key + the RFC's GUID)).
std::string ws_accept_for(const std::string& key);

}  // namespace cf::test
