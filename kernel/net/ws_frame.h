#pragma once
// RFC 6455 framing: an incremental decoder for client frames and encoders for server frames.
// The decoder streams payload bytes straight into the message being reassembled, so it never
// buffers more than one frame header (14 bytes) plus the message itself (bounded by max_message).
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace cf::net {

// Encoded WebSocket frame bytes, shared by every recipient of a broadcast.
using Frame = std::shared_ptr<const std::string>;

enum class WsOpcode : uint8_t { Continuation = 0x0, Text = 0x1, Binary = 0x2, Close = 0x8, Ping = 0x9, Pong = 0xA };

// Close codes the server uses (RFC 6455 §7.4.1).
namespace close_code {
inline constexpr uint16_t normal = 1000;
inline constexpr uint16_t going_away = 1001;
inline constexpr uint16_t protocol_error = 1002;
inline constexpr uint16_t unsupported_data = 1003;
inline constexpr uint16_t no_status = 1005;  // received close without a code; never sent on the wire
inline constexpr uint16_t invalid_payload = 1007;
inline constexpr uint16_t policy_violation = 1008;
inline constexpr uint16_t message_too_big = 1009;
}  // namespace close_code

// One complete message or control frame from the peer.
struct WsMessage {
  WsOpcode opcode = WsOpcode::Text;  // Text, Binary, Close, Ping or Pong
  std::string payload;               // for Close: the reason text
  uint16_t close_code = 0;           // for Close: the code, or 1005 when the frame had none
};

class WsDecoder {
 public:
  // max_message bounds a reassembled data message; require_mask is true for a server reading clients.
  explicit WsDecoder(size_t max_message, bool require_mask = true);

  // Called for each complete message; return false to stop decoding (e.g. after a Close).
  using Sink = std::function<bool(WsMessage&)>;

  // Decodes `bytes`, calling `sink` for every finished message. Returns 0 when all bytes were
  // consumed (or the sink stopped), else the close code of the protocol error; once failed, the
  // decoder stays failed.
  uint16_t feed(std::string_view bytes, const Sink& sink);

  uint16_t error() const { return error_; }
  std::string_view error_reason() const { return reason_; }
  // True while a fragmented message or a partial frame is pending.
  bool mid_message() const { return in_message_ || header_len_ > 0 || state_ == State::Payload; }
  // Frees buffers kept from a large message (the socket went idle).
  void shrink();

 private:
  enum class State : uint8_t { Header, Payload };
  uint16_t fail(uint16_t code, const char* reason);
  uint16_t start_frame();                          // header complete: validate it
  uint16_t finish_frame(const Sink& sink, bool& stop);

  size_t max_message_;
  bool require_mask_;
  State state_ = State::Header;
  uint16_t error_ = 0;
  const char* reason_ = "";

  std::array<unsigned char, 14> header_{};
  uint8_t header_len_ = 0;
  // The frame being read.
  bool fin_ = false;
  WsOpcode opcode_ = WsOpcode::Text;
  std::array<unsigned char, 4> mask_{};
  bool masked_ = false;
  uint64_t remaining_ = 0;
  uint64_t mask_pos_ = 0;
  std::string control_;  // payload of the control frame being read (<= 125 bytes)
  // The data message being reassembled.
  bool in_message_ = false;
  WsOpcode message_opcode_ = WsOpcode::Text;
  std::string message_;
};

// A single unmasked server frame (FIN set). Control payloads are cut to 125 bytes.
std::string encode_frame(WsOpcode opcode, std::string_view payload);
// A masked client frame, for tests and fuzzing; `fin` false makes a fragment.
std::string encode_client_frame(WsOpcode opcode, std::string_view payload, std::array<unsigned char, 4> mask,
                                bool fin = true);

Frame encode_text(std::string_view payload);
Frame encode_ping(std::string_view payload = {});
Frame encode_pong(std::string_view payload);
// Close with a code and a reason (cut to 123 bytes on a UTF-8 boundary).
Frame encode_close(uint16_t code, std::string_view reason);

}  // namespace cf::net
