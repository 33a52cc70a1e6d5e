// A blocking RFC 6455 client for tests: masked frames out, pings answered, fragments joined.
#pragma once

#include "tests/support/socket.h"

#include <rapidjson/document.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cf::test {

class WsClient {
public:
  // Connects to 127.0.0.1:port GET /cable with Cookie and Origin (each omitted if empty).
  // False when refused; *status gets the HTTP status (101 on success, 0 without an answer).
  bool connect(uint16_t port, const std::string& cookie_header, const std::string& origin = "", int* status = nullptr);

  bool send_text(std::string_view text);
  bool send_raw(std::string_view bytes);  // exactly these bytes (malformed-frame tests)

  // The next text message; nullopt on timeout or close.
  std::optional<std::string> recv_text(std::chrono::milliseconds timeout);
  // Drops messages of other types until one whose "type" is `type`.
  std::optional<rapidjson::Document> wait_for(std::string_view type, std::chrono::milliseconds timeout);

  int close_code() const { return close_code_; }  // 0 until the server sends a close frame
  bool closed() const { return closed_; }
  void close(uint16_t code = 1000);  // close handshake (bounded), then drop the connection

private:
  // Reads until one complete frame is buffered and handles control frames; nullopt = nothing.
  std::optional<std::string> next_message(Deadline deadline);
  void on_close_frame(std::string_view payload);

  UniqueFd fd_;
  std::string buffer_;     // received bytes not yet parsed
  std::string fragments_;  // a text message still being reassembled
  int close_code_ = 0;
  bool closed_ = true;
  bool close_sent_ = false;
};

}  // namespace cf::test
