// Reads one HTTP/1.1 response from a socket: status line, headers, then a body framed by
// Content-Length, chunked encoding, or the end of the connection.
#pragma once

#include "tests/support/http_response.h"
#include "tests/support/socket.h"

#include <optional>
#include <string>

namespace cf::test {

struct ReadResult {
  HttpResponse response;
  bool keep_alive = true;  // false when the server said Connection: close or ended the body with EOF
};

// buffer holds bytes already received; what follows the response stays in it (e.g. the first
// WebSocket frames after a 101). head_only: stop after the headers (HEAD, 101).
// nullopt on timeout, malformed response, or a connection closed before the response ended.
std::optional<ReadResult> read_response(int fd, std::string& buffer, Deadline deadline, bool head_only = false);

}  // namespace cf::test
