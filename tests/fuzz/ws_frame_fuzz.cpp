// Fuzzes the WebSocket frame decoder, the encoders and the upgrade-request parser: no crash, no
// hang, and the invariants the server relies on hold for any input.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/net/utf8.h"
#include "kernel/net/ws_frame.h"
#include "kernel/net/ws_handshake.h"
#include "tests/fuzz/fuzz_registry.h"

using namespace cf::net;

namespace {

constexpr size_t kMaxMessage = 1024;
constexpr std::array<unsigned char, 4> kMask{0xA1, 0x02, 0xF3, 0x44};

[[noreturn]] void violated(const char* what) {
  std::fprintf(stderr, "ws_frame_fuzz: invariant violated: %s\n", what);
  std::abort();
}

struct Outcome {
  std::vector<WsMessage> messages;
  uint16_t error = 0;
};

// Decodes `bytes` in chunks of `step` and checks every message it yields.
Outcome decode(std::string_view bytes, size_t step, bool require_mask) {
  WsDecoder d(kMaxMessage, require_mask);
  Outcome out;
  auto sink = [&](WsMessage& m) {
    switch (m.opcode) {
      case WsOpcode::Text:
        if (!valid_utf8(m.payload)) violated("text message is not UTF-8");
        [[fallthrough]];
      case WsOpcode::Binary:
        if (m.payload.size() > kMaxMessage) violated("message over the limit");
        break;
      case WsOpcode::Close:
        if (m.payload.size() > 123 || !valid_utf8(m.payload)) violated("bad close reason");
        break;
      case WsOpcode::Ping:
      case WsOpcode::Pong:
        if (m.payload.size() > 125) violated("control payload over 125 bytes");
        break;
      default:
        violated("unexpected opcode");
    }
    out.messages.push_back(std::move(m));
    return true;
  };
  for (size_t i = 0; i < bytes.size() && out.error == 0; i += step) {
    out.error = d.feed(bytes.substr(i, step), sink);
  }
  if (out.error != 0 && out.error != 1002 && out.error != 1007 && out.error != 1009) violated("unexpected close code");
  return out;
}

bool same(const Outcome& a, const Outcome& b) {
  if (a.error != b.error || a.messages.size() != b.messages.size()) return false;
  for (size_t i = 0; i < a.messages.size(); ++i) {
    if (a.messages[i].opcode != b.messages[i].opcode || a.messages[i].payload != b.messages[i].payload ||
        a.messages[i].close_code != b.messages[i].close_code) {
      return false;
    }
  }
  return true;
}

void fuzz_decoder(std::string_view input, size_t step) {
  const Outcome whole = decode(input, input.size() ? input.size() : 1, true);
  // However the bytes are split across reads, the result is the same.
  if (!same(whole, decode(input, step, true))) violated("decoding depends on how the input is split");
  decode(input, step, false);
}

void fuzz_encoders(std::string_view input) {
  const std::string text(input.substr(0, kMaxMessage));
  // Server and client encoders round-trip through the decoder.
  const Outcome server = decode(encode_frame(WsOpcode::Binary, text), 4096, false);
  if (server.error || server.messages.size() != 1 || server.messages[0].payload != text) violated("server frame round trip");
  const Outcome client = decode(encode_client_frame(WsOpcode::Binary, text, kMask), 4096, true);
  if (client.error || client.messages.size() != 1 || client.messages[0].payload != text) violated("client frame round trip");
  // A close frame is always decodable, whatever reason text is given, once the reason is UTF-8.
  if (valid_utf8(text)) {
    const Outcome close = decode(*encode_close(1008, text), 4096, false);
    if (close.error || close.messages.size() != 1 || close.messages[0].close_code != 1008) violated("close round trip");
  }
}

void fuzz_handshake(std::string_view input, size_t cut) {
  for (size_t cap : {size_t{64}, size_t{8192}}) {
    const HandshakeResult r = parse_upgrade(input, cap);
    if (r.status == HandshakeResult::Status::Ok) {
      if (r.consumed > input.size() || r.consumed > cap) violated("handshake consumed too much");
      if (r.request.key.size() != 24 || r.request.path != "/cable") violated("accepted a bad request");
      if (websocket_accept(r.request.key).size() != 28) violated("accept key length");
    } else if (r.status == HandshakeResult::Status::Refused) {
      if (r.http_status != 400 && r.http_status != 404 && r.http_status != 426 && r.http_status != 431) {
        violated("unexpected refusal status");
      }
      const std::string resp = refusal_response(r.http_status, r.error);
      if (resp.find("Connection: close\r\n") == std::string::npos) violated("refusal without Connection: close");
    }
  }
  // A prefix of a request is never accepted unless it already holds the whole header block.
  const HandshakeResult prefix = parse_upgrade(input.substr(0, cut), 8192);
  if (prefix.status == HandshakeResult::Status::Ok && prefix.consumed > cut) violated("prefix over-read");
}

std::vector<std::string> seeds() {
  std::vector<std::string> s;
  s.push_back(
      "GET /cable?x=1 HTTP/1.1\r\nHost: chat.example\r\nUpgrade: websocket\r\nConnection: keep-alive, Upgrade\r\n"
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: http://chat.example\r\n"
      "Cookie: session_token=abc\r\n\r\n");
  std::string frames = encode_client_frame(WsOpcode::Text, R"({"type":"subscribe","room_id":1})", kMask);
  frames += encode_client_frame(WsOpcode::Text, "frag", kMask, false);
  frames += encode_client_frame(WsOpcode::Ping, "p", kMask);
  frames += encode_client_frame(WsOpcode::Continuation, "ment \xe2\x82\xac", kMask, true);
  frames += encode_client_frame(WsOpcode::Pong, "", kMask);
  s.push_back(frames);
  s.push_back(encode_client_frame(WsOpcode::Text, std::string(300, 'm'), kMask));
  s.push_back(encode_client_frame(WsOpcode::Binary, std::string(70000, 'b'), kMask));
  s.push_back(encode_client_frame(WsOpcode::Close, std::string("\x03\xe8" "bye", 5), kMask));
  s.push_back(*encode_text("unmasked server text"));
  return s;
}

}  // namespace

CF_FUZZ_TARGET(ws_frame, seeds) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  // The first byte, when there is one, picks the read size and the prefix cut; the whole input is
  // still used as bytes so seeds keep their meaning.
  const size_t step = size ? 1 + data[0] % 17 : 1;
  const size_t cut = size ? data[size - 1] % (size + 1) : 0;
  fuzz_decoder(input, step);
  fuzz_encoders(input);
  fuzz_handshake(input, cut);
  return 0;
}
