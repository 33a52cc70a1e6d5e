// sdk/campfire/utf8.hpp: strict decoding (RFC 3629), validation, encoding, scrubbing.
#include <campfire/utf8.hpp>

#include <gtest/gtest.h>

namespace {

using namespace std::string_literals;

TEST(SdkUtf8, DecodesEachLength) {
  std::string_view s = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x8E\x89";  // a é € 🎉
  size_t i = 0;
  EXPECT_EQ(cf::utf8::next(s, i), U'a');
  EXPECT_EQ(cf::utf8::next(s, i), U'\u00E9');
  EXPECT_EQ(cf::utf8::next(s, i), U'\u20AC');
  EXPECT_EQ(cf::utf8::next(s, i), U'\U0001F389');
  EXPECT_EQ(i, s.size());
}

TEST(SdkUtf8, RefusesWhatRfc3629Forbids) {
  for (std::string bad : {"\xC0\xAF"s, "\xE0\x80\xAF"s, "\xED\xA0\x80"s, "\xF4\x90\x80\x80"s, "\xE2\x82"s, "\x80"s,
                          "\xFF"s, "\xF8\x88\x80\x80\x80"s}) {
    SCOPED_TRACE(testing::PrintToString(bad));
    size_t i = 0;
    EXPECT_FALSE(cf::utf8::next(bad, i));
    EXPECT_EQ(i, 0u) << "the position stays on the bad byte";
    EXPECT_FALSE(cf::utf8::valid(bad));
  }
  EXPECT_TRUE(cf::utf8::valid(""));
  EXPECT_TRUE(cf::utf8::valid("caf\xC3\xA9 \xF0\x9F\x8E\x89"));
  EXPECT_TRUE(cf::utf8::valid("\xF4\x8F\xBF\xBF"));  // U+10FFFF
}

TEST(SdkUtf8, EncodesWhatItDecodes) {
  for (char32_t cp : {U'\0', U'~', U'\u0080', U'\u07FF', U'\u0800', U'\uFFFD', U'\U00010000', U'\U0010FFFF'}) {
    std::string out;
    cf::utf8::append(out, cp);
    size_t i = 0;
    EXPECT_EQ(cf::utf8::next(out, i), cp);
    EXPECT_EQ(i, out.size());
  }
}

TEST(SdkUtf8, ScrubReplacesEachBadByte) {
  EXPECT_EQ(cf::utf8::scrub("a\xFF" "b"), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(cf::utf8::scrub("\xE2\x82"), "\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(cf::utf8::scrub("caf\xC3\xA9"), "caf\xC3\xA9");
}

}  // namespace
