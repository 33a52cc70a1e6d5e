// Emoji-only detection: Campfire's character classes plus the parts of real emoji sequences.
#include "rich_text/emoji.hpp"

#include <gtest/gtest.h>

namespace rooms::rich_text {
namespace {

TEST(RichTextEmoji, PictographicTable) {
  EXPECT_TRUE(is_pictographic(U'😀'));
  EXPECT_TRUE(is_pictographic(U'🔥'));
  EXPECT_TRUE(is_pictographic(U'❤'));    // U+2764, Extended_Pictographic (text presentation by default)
  EXPECT_TRUE(is_pictographic(0x00A9));  // ©
  EXPECT_TRUE(is_pictographic(0x1F3FB)); // skin tone modifier (Emoji_Presentation)
  EXPECT_TRUE(is_pictographic(0x1F1FA)); // regional indicator U
  EXPECT_TRUE(is_pictographic(0x1FAFF)); // unassigned but reserved Extended_Pictographic
  EXPECT_FALSE(is_pictographic('a'));
  EXPECT_FALSE(is_pictographic('1'));
  EXPECT_FALSE(is_pictographic(0x00A0));
  EXPECT_FALSE(is_pictographic(0x200D));
  EXPECT_FALSE(is_pictographic(0x4E2D)); // 中
  EXPECT_FALSE(is_pictographic(0x10FFFF));
}

TEST(RichTextEmoji, EmojiOnlyMessages) {
  EXPECT_TRUE(emoji_only("👍"));
  EXPECT_TRUE(emoji_only("🔥🔥🔥"));
  EXPECT_TRUE(emoji_only("❤️"));             // with U+FE0F
  EXPECT_TRUE(emoji_only("👍🏽"));            // skin tone
  EXPECT_TRUE(emoji_only("👨‍👩‍👧"));      // ZWJ family
  EXPECT_TRUE(emoji_only("🇩🇪"));            // flag
  EXPECT_TRUE(emoji_only("1️⃣"));            // keycap
  EXPECT_TRUE(emoji_only("#⃣"));             // keycap without FE0F
  EXPECT_TRUE(emoji_only("🏴󠁧󠁢󠁳󠁣󠁴󠁿"));  // subdivision flag with tag characters
  EXPECT_TRUE(emoji_only("🎉 🎉\n🎉"));     // whitespace between
  EXPECT_TRUE(emoji_only("©"));
}

TEST(RichTextEmoji, NotEmojiOnly) {
  EXPECT_FALSE(emoji_only(""));
  EXPECT_FALSE(emoji_only("   "));
  EXPECT_FALSE(emoji_only("️"));            // FE0F alone
  EXPECT_FALSE(emoji_only("\xE2\x80\x8D"));  // ZWJ alone
  EXPECT_FALSE(emoji_only("👍 ok"));
  EXPECT_FALSE(emoji_only("1"));
  EXPECT_FALSE(emoji_only("1👍"));
  EXPECT_FALSE(emoji_only("⃣"));              // keycap without a base
  EXPECT_FALSE(emoji_only(":)"));
  EXPECT_FALSE(emoji_only("👍\xC2\xA0"));     // NBSP is not whitespace here
  EXPECT_FALSE(emoji_only("\xF0\x9F\x91"));  // truncated UTF-8
  EXPECT_FALSE(emoji_only("\xED\xA0\x80"));  // a surrogate
  EXPECT_FALSE(emoji_only("\xC0\xAF"));      // overlong
}

}  // namespace
}  // namespace rooms::rich_text
