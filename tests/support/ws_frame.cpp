#include "tests/support/ws_frame.h"

#include <openssl/rand.h>

#include <stdexcept>

namespace cf::test {

namespace {

uint32_t random_mask() {
  uint32_t mask = 0;
  if (RAND_bytes(reinterpret_cast<unsigned char*>(&mask), sizeof mask) != 1) throw std::runtime_error("RAND_bytes failed");
  return mask;
}

uint8_t mask_byte(uint32_t mask, size_t i) { return static_cast<uint8_t>(mask >> (8 * (3 - i % 4))); }

}  // namespace

std::string encode_client_frame(uint8_t opcode, std::string_view payload, bool fin) {
  std::string out;
  out.reserve(payload.size() + 14);
  out.push_back(static_cast<char>((fin ? 0x80 : 0x00) | (opcode & 0x0F)));
  uint64_t size = payload.size();
  if (size < 126) {
    out.push_back(static_cast<char>(0x80 | size));
  } else if (size <= 0xFFFF) {
    out.push_back(static_cast<char>(0x80 | 126));
    for (int shift = 8; shift >= 0; shift -= 8) out.push_back(static_cast<char>(size >> shift));
  } else {
    out.push_back(static_cast<char>(0x80 | 127));
    for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>(size >> shift));
  }
  uint32_t mask = random_mask();
  for (size_t i = 0; i < 4; ++i) out.push_back(static_cast<char>(mask_byte(mask, i)));
  for (size_t i = 0; i < payload.size(); ++i)
    out.push_back(static_cast<char>(static_cast<uint8_t>(payload[i]) ^ mask_byte(mask, i)));
  return out;
}

std::string close_payload(uint16_t code, std::string_view reason) {
  std::string out;
  out.push_back(static_cast<char>(code >> 8));
  out.push_back(static_cast<char>(code & 0xFF));
  out.append(reason);
  return out;
}

int close_code_of(std::string_view payload) {
  if (payload.size() < 2) return 1005;
  return (static_cast<uint8_t>(payload[0]) << 8) | static_cast<uint8_t>(payload[1]);
}

size_t parse_frame(std::string_view data, WsFrame& frame) {
  if (data.size() < 2) return 0;
  auto byte = [&](size_t i) { return static_cast<uint8_t>(data[i]); };
  frame.fin = (byte(0) & 0x80) != 0;
  frame.rsv = static_cast<uint8_t>((byte(0) >> 4) & 0x07);
  frame.opcode = byte(0) & 0x0F;
  frame.masked = (byte(1) & 0x80) != 0;
  uint64_t size = byte(1) & 0x7F;
  size_t pos = 2;
  if (size >= 126) {
    size_t extra = size == 126 ? 2 : 8;
    if (data.size() < pos + extra) return 0;
    size = 0;
    for (size_t i = 0; i < extra; ++i) size = (size << 8) | byte(pos + i);
    pos += extra;
  }
  if (frame.masked) {
    if (data.size() < pos + 4) return 0;
    frame.mask = (uint32_t{byte(pos)} << 24) | (uint32_t{byte(pos + 1)} << 16) | (uint32_t{byte(pos + 2)} << 8) | byte(pos + 3);
    pos += 4;
  }
  if (data.size() - pos < size) return 0;
  frame.payload = data.substr(pos, size);
  return pos + size;
}

std::string unmasked_payload(const WsFrame& frame) {
  std::string out(frame.payload);
  if (frame.masked)
    for (size_t i = 0; i < out.size(); ++i) out[i] = static_cast<char>(static_cast<uint8_t>(out[i]) ^ mask_byte(frame.mask, i));
  return out;
}

}  // namespace cf::test
