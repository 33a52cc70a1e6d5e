#include "kernel/net/utf8.h"

#include <gtest/gtest.h>

#include <string>

using cf::net::valid_utf8;

namespace {
std::string bytes(std::initializer_list<int> b) {
  std::string s;
  for (int c : b) s.push_back(static_cast<char>(c));
  return s;
}
}  // namespace

TEST(Utf8, AcceptsWellFormed) {
  EXPECT_TRUE(valid_utf8(""));
  EXPECT_TRUE(valid_utf8("hello, campfire! a longer ascii run to use the fast path"));
  EXPECT_TRUE(valid_utf8("caf\xc3\xa9"));                // U+00E9
  EXPECT_TRUE(valid_utf8("\xe2\x82\xac"));               // U+20AC
  EXPECT_TRUE(valid_utf8("\xf0\x9f\x94\xa5 fire"));      // U+1F525
  EXPECT_TRUE(valid_utf8(bytes({0xc2, 0x80})));          // U+0080, smallest 2-byte
  EXPECT_TRUE(valid_utf8(bytes({0xe0, 0xa0, 0x80})));    // U+0800, smallest 3-byte
  EXPECT_TRUE(valid_utf8(bytes({0xed, 0x9f, 0xbf})));    // U+D7FF, just below the surrogates
  EXPECT_TRUE(valid_utf8(bytes({0xee, 0x80, 0x80})));    // U+E000, just above them
  EXPECT_TRUE(valid_utf8(bytes({0xef, 0xbf, 0xbf})));    // U+FFFF
  EXPECT_TRUE(valid_utf8(bytes({0xf0, 0x90, 0x80, 0x80})));  // U+10000
  EXPECT_TRUE(valid_utf8(bytes({0xf4, 0x8f, 0xbf, 0xbf})));  // U+10FFFF
  EXPECT_TRUE(valid_utf8(std::string("a\0b", 3)));          // NUL is a valid code point
}

TEST(Utf8, RejectsOverlongs) {
  EXPECT_FALSE(valid_utf8(bytes({0xc0, 0xaf})));
  EXPECT_FALSE(valid_utf8(bytes({0xc1, 0xbf})));
  EXPECT_FALSE(valid_utf8(bytes({0xe0, 0x80, 0xaf})));
  EXPECT_FALSE(valid_utf8(bytes({0xe0, 0x9f, 0xbf})));
  EXPECT_FALSE(valid_utf8(bytes({0xf0, 0x80, 0x80, 0xaf})));
  EXPECT_FALSE(valid_utf8(bytes({0xf0, 0x8f, 0xbf, 0xbf})));
}

TEST(Utf8, RejectsSurrogatesAndOutOfRange) {
  EXPECT_FALSE(valid_utf8(bytes({0xed, 0xa0, 0x80})));  // U+D800
  EXPECT_FALSE(valid_utf8(bytes({0xed, 0xbf, 0xbf})));  // U+DFFF
  EXPECT_FALSE(valid_utf8(bytes({0xf4, 0x90, 0x80, 0x80})));  // U+110000
  EXPECT_FALSE(valid_utf8(bytes({0xf5, 0x80, 0x80, 0x80})));
  EXPECT_FALSE(valid_utf8(bytes({0xff})));
  EXPECT_FALSE(valid_utf8(bytes({0xfe})));
}

TEST(Utf8, RejectsBrokenSequences) {
  EXPECT_FALSE(valid_utf8(bytes({0x80})));              // lone continuation
  EXPECT_FALSE(valid_utf8(bytes({0xc3})));              // truncated at the end
  EXPECT_FALSE(valid_utf8(bytes({0xe2, 0x82})));
  EXPECT_FALSE(valid_utf8(bytes({0xf0, 0x9f, 0x94})));
  EXPECT_FALSE(valid_utf8(bytes({0xc3, 0x41})));        // continuation missing
  EXPECT_FALSE(valid_utf8(bytes({0xe2, 0x28, 0xa1})));
  // An error after an ASCII run long enough for the fast path.
  EXPECT_FALSE(valid_utf8("abcdefghijklmnop\x80"));
  EXPECT_FALSE(valid_utf8("abcdefg\xc3"));
}
