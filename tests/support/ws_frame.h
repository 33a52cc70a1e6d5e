// RFC 6455 framing for the client side: masked frames out, any frames in.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace cf::test {

enum WsOpcode : uint8_t { kContinuation = 0x0, kText = 0x1, kBinary = 0x2, kClose = 0x8, kPing = 0x9, kPong = 0xA };

// A frame as the client sends it: masked with a fresh random key.
std::string encode_client_frame(uint8_t opcode, std::string_view payload, bool fin = true);

// A close frame's payload: the code, big-endian, then the reason.
std::string close_payload(uint16_t code, std::string_view reason = {});

struct WsFrame {
  bool fin = false;
  uint8_t rsv = 0;  // the three reserved bits
  uint8_t opcode = 0;
  std::string_view payload;  // points into the parsed bytes; unmasked only if the frame was unmasked
  bool masked = false;
  uint32_t mask = 0;
};

// The status code in a close frame's payload; 1005 ("no status") when it carries none.
int close_code_of(std::string_view payload);

// Parses one frame from the front of data. Returns the bytes it takes, 0 if more are needed.
size_t parse_frame(std::string_view data, WsFrame& frame);

// The payload with its mask removed (a copy).
std::string unmasked_payload(const WsFrame& frame);

}  // namespace cf::test
