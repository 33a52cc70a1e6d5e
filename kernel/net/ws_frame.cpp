#include "kernel/net/ws_frame.h"

#include <algorithm>

#include "kernel/net/utf8.h"

namespace cf::net {
namespace {

bool is_control(WsOpcode op) { return (static_cast<uint8_t>(op) & 0x8) != 0; }

bool known_opcode(uint8_t op) { return op <= 0x2 || (op >= 0x8 && op <= 0xA); }

// Codes a peer may put in a close frame (RFC 6455 §7.4; 1012-1014 registered later by IANA).
bool valid_close_code(uint16_t code) {
  if (code >= 3000 && code <= 4999) return true;
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014);
}

size_t header_size(unsigned char b1) {
  const unsigned len7 = b1 & 0x7F;
  return 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + ((b1 & 0x80) ? 4 : 0);
}

void append_header(std::string& out, WsOpcode opcode, bool fin, uint64_t len, bool masked) {
  out.push_back(static_cast<char>((fin ? 0x80 : 0x00) | static_cast<uint8_t>(opcode)));
  const unsigned char mask_bit = masked ? 0x80 : 0x00;
  if (len < 126) {
    out.push_back(static_cast<char>(mask_bit | len));
  } else if (len <= 0xFFFF) {
    out.push_back(static_cast<char>(mask_bit | 126));
    out.push_back(static_cast<char>(len >> 8));
    out.push_back(static_cast<char>(len & 0xFF));
  } else {
    out.push_back(static_cast<char>(mask_bit | 127));
    for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((len >> shift) & 0xFF));
  }
}

// Cuts `s` to at most `max` bytes without splitting a UTF-8 sequence.
std::string_view utf8_prefix(std::string_view s, size_t max) {
  if (s.size() <= max) return s;
  size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end);
}

}  // namespace

WsDecoder::WsDecoder(size_t max_message, bool require_mask) : max_message_(max_message), require_mask_(require_mask) {}

uint16_t WsDecoder::fail(uint16_t code, const char* reason) {
  error_ = code;
  reason_ = reason;
  message_ = std::string();
  control_ = std::string();
  return code;
}

void WsDecoder::shrink() {
  if (!in_message_ && message_.capacity() > 0) message_ = std::string();
  if (state_ == State::Header && control_.capacity() > 0) control_ = std::string();
}

uint16_t WsDecoder::start_frame() {
  const unsigned char b0 = header_[0], b1 = header_[1];
  fin_ = (b0 & 0x80) != 0;
  opcode_ = static_cast<WsOpcode>(b0 & 0x0F);
  masked_ = (b1 & 0x80) != 0;
  const unsigned len7 = b1 & 0x7F;
  uint64_t len = len7;
  size_t pos = 2;
  if (len7 == 126) {
    len = (uint64_t{header_[2]} << 8) | header_[3];
    pos = 4;
  } else if (len7 == 127) {
    len = 0;
    for (size_t k = 0; k < 8; ++k) len = (len << 8) | header_[2 + k];
    pos = 10;
    if (len >> 63) return fail(close_code::protocol_error, "frame length has its top bit set");
  }
  if (masked_) std::copy_n(header_.begin() + pos, 4, mask_.begin());
  if (is_control(opcode_)) {
    control_.clear();
  } else {
    // Refuse before reading a byte of payload: the claimed length alone is over the limit.
    const size_t have = opcode_ == WsOpcode::Continuation ? message_.size() : 0;
    if (len > max_message_ || have > max_message_ - len) return fail(close_code::message_too_big, "message too big");
    if (opcode_ != WsOpcode::Continuation) {
      in_message_ = true;
      message_opcode_ = opcode_;
      message_.clear();
    }
  }
  remaining_ = len;
  mask_pos_ = 0;
  return 0;
}

uint16_t WsDecoder::finish_frame(const Sink& sink, bool& stop) {
  state_ = State::Header;
  header_len_ = 0;
  WsMessage m;
  if (is_control(opcode_)) {
    m.opcode = opcode_;
    if (opcode_ == WsOpcode::Close) {
      if (control_.size() == 1) return fail(close_code::protocol_error, "close payload of one byte");
      if (control_.empty()) {
        m.close_code = close_code::no_status;
      } else {
        m.close_code = static_cast<uint16_t>((static_cast<unsigned char>(control_[0]) << 8) |
                                             static_cast<unsigned char>(control_[1]));
        if (!valid_close_code(m.close_code)) return fail(close_code::protocol_error, "invalid close code");
        m.payload.assign(control_, 2);
        if (!valid_utf8(m.payload)) return fail(close_code::invalid_payload, "close reason is not UTF-8");
      }
    } else {
      m.payload = control_;
    }
  } else {
    if (!fin_) return 0;  // more fragments to come
    in_message_ = false;
    m.opcode = message_opcode_;
    m.payload = std::move(message_);
    message_ = std::string();
    if (m.opcode == WsOpcode::Text && !valid_utf8(m.payload)) {
      return fail(close_code::invalid_payload, "text is not UTF-8");
    }
  }
  if (!sink(m)) stop = true;
  return 0;
}

uint16_t WsDecoder::feed(std::string_view bytes, const Sink& sink) {
  if (error_ != 0) return error_;
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t n = bytes.size();
  size_t i = 0;
  bool stop = false;
  while (i < n && !stop) {
    if (state_ == State::Header) {
      header_[header_len_++] = p[i++];
      if (header_len_ == 2) {
        // Everything decidable from the first two bytes fails fast, before any length is trusted.
        const unsigned char b0 = header_[0], b1 = header_[1];
        const uint8_t op = b0 & 0x0F;
        if (b0 & 0x70) return fail(close_code::protocol_error, "reserved bits set");
        if (!known_opcode(op)) return fail(close_code::protocol_error, "unknown opcode");
        if (op & 0x8) {
          if (!(b0 & 0x80)) return fail(close_code::protocol_error, "fragmented control frame");
          if ((b1 & 0x7F) > 125) return fail(close_code::protocol_error, "control frame too long");
        } else if (op == 0 && !in_message_) {
          return fail(close_code::protocol_error, "continuation without a message");
        } else if (op != 0 && in_message_) {
          return fail(close_code::protocol_error, "new message inside a fragmented one");
        }
        if (require_mask_ && !(b1 & 0x80)) return fail(close_code::protocol_error, "unmasked client frame");
      }
      if (header_len_ >= 2 && header_len_ == header_size(header_[1])) {
        if (uint16_t rc = start_frame()) return rc;
        state_ = State::Payload;
        if (remaining_ == 0) {
          if (uint16_t rc = finish_frame(sink, stop)) return rc;
        }
      }
      continue;
    }
    // Payload: unmask straight into the control buffer or the message being reassembled.
    std::string& target = is_control(opcode_) ? control_ : message_;
    const size_t k = static_cast<size_t>(std::min<uint64_t>(remaining_, n - i));
    const size_t old = target.size();
    target.resize(old + k);
    if (masked_) {
      for (size_t j = 0; j < k; ++j) target[old + j] = static_cast<char>(p[i + j] ^ mask_[(mask_pos_ + j) & 3]);
    } else {
      std::copy_n(p + i, k, target.begin() + static_cast<std::ptrdiff_t>(old));
    }
    i += k;
    remaining_ -= k;
    mask_pos_ += k;
    if (remaining_ == 0) {
      if (uint16_t rc = finish_frame(sink, stop)) return rc;
    }
  }
  return 0;
}

std::string encode_frame(WsOpcode opcode, std::string_view payload) {
  if (is_control(opcode)) payload = payload.substr(0, 125);
  std::string out;
  out.reserve(payload.size() + 10);
  append_header(out, opcode, true, payload.size(), false);
  out.append(payload);
  return out;
}

std::string encode_client_frame(WsOpcode opcode, std::string_view payload, std::array<unsigned char, 4> mask,
                                bool fin) {
  std::string out;
  out.reserve(payload.size() + 14);
  append_header(out, opcode, fin, payload.size(), true);
  out.append(reinterpret_cast<const char*>(mask.data()), 4);
  for (size_t j = 0; j < payload.size(); ++j) {
    out.push_back(static_cast<char>(static_cast<unsigned char>(payload[j]) ^ mask[j & 3]));
  }
  return out;
}

Frame encode_text(std::string_view payload) {
  return std::make_shared<const std::string>(encode_frame(WsOpcode::Text, payload));
}

Frame encode_ping(std::string_view payload) {
  return std::make_shared<const std::string>(encode_frame(WsOpcode::Ping, payload));
}

Frame encode_pong(std::string_view payload) {
  return std::make_shared<const std::string>(encode_frame(WsOpcode::Pong, payload));
}

Frame encode_close(uint16_t code, std::string_view reason) {
  std::string payload;
  payload.push_back(static_cast<char>(code >> 8));
  payload.push_back(static_cast<char>(code & 0xFF));
  payload.append(utf8_prefix(reason, 123));
  return std::make_shared<const std::string>(encode_frame(WsOpcode::Close, payload));
}

}  // namespace cf::net
