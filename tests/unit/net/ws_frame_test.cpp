#include "kernel/net/ws_frame.h"

#include <gtest/gtest.h>

#include <vector>

using namespace cf::net;

namespace {

constexpr std::array<unsigned char, 4> kMask{0x37, 0xfa, 0x21, 0x3d};

struct Collected {
  std::vector<WsMessage> messages;
  uint16_t error = 0;
};

// Feeds `wire` in pieces of `step` bytes (0 = all at once).
Collected decode(const std::string& wire, size_t step = 0, size_t max_message = 1 << 20, bool require_mask = true) {
  WsDecoder d(max_message, require_mask);
  Collected c;
  auto sink = [&](WsMessage& m) {
    c.messages.push_back(std::move(m));
    return true;
  };
  if (step == 0) step = wire.size() ? wire.size() : 1;
  for (size_t i = 0; i < wire.size() && c.error == 0; i += step) {
    c.error = d.feed(std::string_view(wire).substr(i, step), sink);
  }
  return c;
}

std::string raw(std::initializer_list<int> b) {
  std::string s;
  for (int c : b) s.push_back(static_cast<char>(c));
  return s;
}

}  // namespace

TEST(WsFrame, RfcMaskedHelloExample) {
  // RFC 6455 §5.7: a masked "Hello".
  const auto c = decode(raw({0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58}));
  ASSERT_EQ(c.error, 0);
  ASSERT_EQ(c.messages.size(), 1u);
  EXPECT_EQ(c.messages[0].opcode, WsOpcode::Text);
  EXPECT_EQ(c.messages[0].payload, "Hello");
}

TEST(WsFrame, UnmaskedAllowedOnlyWhenNotRequired) {
  const std::string unmasked = raw({0x81, 0x05, 'H', 'e', 'l', 'l', 'o'});
  EXPECT_EQ(decode(unmasked).error, close_code::protocol_error);
  const auto c = decode(unmasked, 0, 1 << 20, false);
  ASSERT_EQ(c.messages.size(), 1u);
  EXPECT_EQ(c.messages[0].payload, "Hello");
}

TEST(WsFrame, SevenSixteenAndSixtyFourBitLengths) {
  for (size_t len : {0u, 1u, 125u, 126u, 127u, 65535u, 65536u, 200000u}) {
    std::string payload(len, 'x');
    for (size_t i = 0; i < len; ++i) payload[i] = static_cast<char>('a' + i % 26);
    const std::string wire = encode_client_frame(WsOpcode::Text, payload, kMask);
    const size_t header = len < 126 ? 6 : len <= 65535 ? 8 : 14;
    EXPECT_EQ(wire.size(), header + len) << len;
    for (size_t step : {size_t{0}, size_t{1}, size_t{7}}) {
      if (step == 1 && len > 70000) continue;
      const auto c = decode(wire, step);
      ASSERT_EQ(c.error, 0) << len;
      ASSERT_EQ(c.messages.size(), 1u) << len;
      EXPECT_EQ(c.messages[0].payload, payload) << len << " step " << step;
    }
  }
}

TEST(WsFrame, ServerEncoderRoundTrips) {
  for (size_t len : {0u, 125u, 126u, 65536u}) {
    const std::string payload(len, 'z');
    const auto f = encode_text(payload);
    EXPECT_EQ(static_cast<unsigned char>((*f)[0]), 0x81);
    EXPECT_EQ(static_cast<unsigned char>((*f)[1]) & 0x80, 0);  // server frames are unmasked
    const auto c = decode(*f, 0, 1 << 20, false);
    ASSERT_EQ(c.messages.size(), 1u);
    EXPECT_EQ(c.messages[0].payload, payload);
  }
  const auto close = decode(*encode_close(1008, "slow consumer"), 0, 1 << 20, false);
  ASSERT_EQ(close.messages.size(), 1u);
  EXPECT_EQ(close.messages[0].opcode, WsOpcode::Close);
  EXPECT_EQ(close.messages[0].close_code, 1008);
  EXPECT_EQ(close.messages[0].payload, "slow consumer");
  // A long reason is cut to fit a control frame, on a character boundary.
  std::string euro;
  for (int i = 0; i < 60; ++i) euro += "\xe2\x82\xac";
  const auto cut = encode_close(1000, euro);
  EXPECT_LE(cut->size(), 2u + 125u);
  const auto c2 = decode(*cut, 0, 1 << 20, false);
  ASSERT_EQ(c2.error, 0);
  EXPECT_EQ(c2.messages[0].payload.size() % 3, 0u);
  EXPECT_EQ(decode(*encode_ping("x"), 0, 1 << 20, false).messages.at(0).opcode, WsOpcode::Ping);
  EXPECT_EQ(decode(*encode_pong("x"), 0, 1 << 20, false).messages.at(0).opcode, WsOpcode::Pong);
}

TEST(WsFrame, FragmentsWithInterleavedPing) {
  std::string wire = encode_client_frame(WsOpcode::Text, "Hel", kMask, false);
  wire += encode_client_frame(WsOpcode::Ping, "p1", kMask);
  wire += encode_client_frame(WsOpcode::Continuation, "lo, ", kMask, false);
  wire += encode_client_frame(WsOpcode::Pong, "", kMask);
  wire += encode_client_frame(WsOpcode::Continuation, "world", kMask, true);
  wire += encode_client_frame(WsOpcode::Text, "next", kMask);
  for (size_t step : {size_t{0}, size_t{1}, size_t{3}}) {
    const auto c = decode(wire, step);
    ASSERT_EQ(c.error, 0);
    ASSERT_EQ(c.messages.size(), 4u);
    EXPECT_EQ(c.messages[0].opcode, WsOpcode::Ping);
    EXPECT_EQ(c.messages[0].payload, "p1");
    EXPECT_EQ(c.messages[1].opcode, WsOpcode::Pong);
    EXPECT_EQ(c.messages[2].payload, "Hello, world");
    EXPECT_EQ(c.messages[3].payload, "next");
  }
}

TEST(WsFrame, Utf8IsCheckedOnTheReassembledMessage) {
  // The euro sign split across two fragments is valid once reassembled.
  std::string wire = encode_client_frame(WsOpcode::Text, "\xe2\x82", kMask, false);
  wire += encode_client_frame(WsOpcode::Continuation, "\xac", kMask, true);
  const auto c = decode(wire);
  ASSERT_EQ(c.error, 0);
  EXPECT_EQ(c.messages.at(0).payload, "\xe2\x82\xac");
  EXPECT_EQ(decode(encode_client_frame(WsOpcode::Text, "bad \xc0\xaf", kMask)).error, close_code::invalid_payload);
  EXPECT_EQ(decode(encode_client_frame(WsOpcode::Text, "\xed\xa0\x80", kMask)).error, close_code::invalid_payload);
  // Binary payloads are not text: no UTF-8 rule.
  EXPECT_EQ(decode(encode_client_frame(WsOpcode::Binary, "\xff", kMask)).error, 0);
}

TEST(WsFrame, ProtocolErrors) {
  auto code = [](const std::string& wire) { return decode(wire).error; };
  // Reserved bits.
  std::string rsv = encode_client_frame(WsOpcode::Text, "a", kMask);
  rsv[0] = static_cast<char>(rsv[0] | 0x40);
  EXPECT_EQ(code(rsv), close_code::protocol_error);
  // Unknown opcodes.
  for (int op : {0x3, 0x7, 0xB, 0xF}) {
    std::string f = encode_client_frame(WsOpcode::Text, "a", kMask);
    f[0] = static_cast<char>(0x80 | op);
    EXPECT_EQ(code(f), close_code::protocol_error) << op;
  }
  // Fragmented control frame.
  EXPECT_EQ(code(encode_client_frame(WsOpcode::Ping, "a", kMask, false)), close_code::protocol_error);
  // Control frame over 125 bytes (built by hand: the encoder would cut it).
  std::string big = raw({0x89, 0x80 | 126, 0x00, 126, 0, 0, 0, 0});
  big += std::string(126, 'x');
  EXPECT_EQ(code(big), close_code::protocol_error);
  // Continuation with nothing to continue; a new message inside a fragmented one.
  EXPECT_EQ(code(encode_client_frame(WsOpcode::Continuation, "a", kMask)), close_code::protocol_error);
  EXPECT_EQ(code(encode_client_frame(WsOpcode::Text, "a", kMask, false) + encode_client_frame(WsOpcode::Text, "b", kMask)),
            close_code::protocol_error);
  // 64-bit length with the top bit set.
  EXPECT_EQ(code(raw({0x81, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0})), close_code::protocol_error);
  // Close frames: one-byte payload, invalid codes, non-UTF-8 reason.
  EXPECT_EQ(code(encode_client_frame(WsOpcode::Close, "x", kMask)), close_code::protocol_error);
  for (int bad : {0, 999, 1004, 1005, 1006, 1015, 2999, 5000}) {
    const std::string p = raw({bad >> 8, bad & 0xFF});
    EXPECT_EQ(code(encode_client_frame(WsOpcode::Close, p, kMask)), close_code::protocol_error) << bad;
  }
  EXPECT_EQ(code(encode_client_frame(WsOpcode::Close, raw({0x03, 0xE8, 0xC0, 0xAF}), kMask)),
            close_code::invalid_payload);
}

TEST(WsFrame, CloseFrames) {
  auto c = decode(encode_client_frame(WsOpcode::Close, "", kMask));
  ASSERT_EQ(c.messages.size(), 1u);
  EXPECT_EQ(c.messages[0].close_code, close_code::no_status);
  c = decode(encode_client_frame(WsOpcode::Close, raw({0x0F, 0xA0, 'b', 'y', 'e'}), kMask));  // 4000
  ASSERT_EQ(c.messages.size(), 1u);
  EXPECT_EQ(c.messages[0].close_code, 4000);
  EXPECT_EQ(c.messages[0].payload, "bye");
}

TEST(WsFrame, MessageSizeLimit) {
  const size_t max = 1000;
  EXPECT_EQ(decode(encode_client_frame(WsOpcode::Text, std::string(1000, 'a'), kMask), 0, max).error, 0);
  EXPECT_EQ(decode(encode_client_frame(WsOpcode::Text, std::string(1001, 'a'), kMask), 0, max).error,
            close_code::message_too_big);
  // Over the limit only once fragments add up.
  std::string wire = encode_client_frame(WsOpcode::Text, std::string(600, 'a'), kMask, false);
  wire += encode_client_frame(WsOpcode::Continuation, std::string(600, 'a'), kMask, true);
  EXPECT_EQ(decode(wire, 0, max).error, close_code::message_too_big);
  // Refused from the header alone: a claimed 2^40 bytes, no payload sent.
  EXPECT_EQ(decode(raw({0x81, 0xFF, 0, 0, 1, 0, 0, 0, 0, 0, 1, 2, 3, 4}), 0, max).error, close_code::message_too_big);
}

TEST(WsFrame, StaysFailedAndSinkCanStop) {
  WsDecoder d(1000);
  int seen = 0;
  auto sink = [&](WsMessage&) { return ++seen < 1; };
  const std::string two = encode_client_frame(WsOpcode::Text, "a", kMask) + encode_client_frame(WsOpcode::Text, "b", kMask);
  EXPECT_EQ(d.feed(two, sink), 0);
  EXPECT_EQ(seen, 1);  // stopped after the first
  EXPECT_EQ(d.feed(raw({0x81, 0x01, 'x'}), sink), close_code::protocol_error);
  EXPECT_EQ(d.feed(encode_client_frame(WsOpcode::Text, "ok", kMask), sink), close_code::protocol_error);
  EXPECT_EQ(seen, 1);
}
