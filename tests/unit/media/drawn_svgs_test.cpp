// plugins/media/drawn_svgs: initials (Unicode, marks, emoji, caps), the colour from CRC32 of the
// id, XML escaping, and that every SVG we draw, hostile names included, is well-formed (librsvg
// draws it).
#include "plugins/media/drawn_svgs.hpp"
#include "tests/support/pictures.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace {

using media::avatar_colour;
using media::initials;
using media::kPalette;
using media::xml_escape;

TEST(MediaInitials, FirstLetterOfEachWord) {
    EXPECT_EQ(initials("Ada Lovelace"), "AL");
    EXPECT_EQ(initials("ada"), "A");
    EXPECT_EQ(initials("  jean   claude van damme "), "JCV"); // capped at three
    EXPECT_EQ(initials("Mary Jane Watson", 2), "MJ");
    EXPECT_EQ(initials("Jean-Luc Picard"), "JP");
    EXPECT_EQ(initials("\tTab\nNew\u00A0Line"), "TNL");
    EXPECT_EQ(initials(""), "");
    EXPECT_EQ(initials("   "), "");
}

TEST(MediaInitials, SkipsLeadingPunctuationAndInvisibles) {
    EXPECT_EQ(initials("(Ada) \"Bob\""), "AB");
    EXPECT_EQ(initials("\u200B\u200Fzoe"), "Z");
    EXPECT_EQ(initials("--- ..."), "");
    EXPECT_EQ(initials("x\x01y z"), "XZ");
}

TEST(MediaInitials, UpperCasesOtherScripts) {
    EXPECT_EQ(initials("élodie ångström"), "ÉÅ");
    EXPECT_EQ(initials("ωμέγα σίγμα"), "ΩΣ");
    EXPECT_EQ(initials("иван петров"), "ИП");
    EXPECT_EQ(initials("ÿves"), "Ÿ");
    EXPECT_EQ(initials("山田 太郎"), "山太"); // no case: unchanged
    EXPECT_EQ(initials("9 lives"), "9L");
}

TEST(MediaInitials, KeepsMarksAndEmojiWhole) {
    EXPECT_EQ(initials("e\u0301mile zola"), "E\u0301Z");            // combining acute stays on its letter
    EXPECT_EQ(initials("\U0001F44D\U0001F3FD thumbs"), "\U0001F44D\U0001F3FDT"); // skin tone modifier
    EXPECT_EQ(initials("\U0001F1EB\U0001F1F7 team"), "\U0001F1EB\U0001F1F7T"); // a flag: two regional indicators
    EXPECT_EQ(initials("\U0001F468\u200D\U0001F4BB dev"), "\U0001F468\u200D\U0001F4BBD"); // ZWJ sequence
}

TEST(MediaInitials, InvalidUtf8IsSkipped) {
    EXPECT_EQ(initials("\xFF\xFE ok \xC3"), "O");
    EXPECT_EQ(initials("\xE2\x82 abc"), "A");
}

TEST(MediaAvatarColour, Crc32OfTheDecimalIdModulo18) {
    // zlib.crc32(b"1") = 2212294583 → 11; b"2" → 13; b"42" → 8; b"1000" → 3
    EXPECT_EQ(avatar_colour(1), kPalette[11]);
    EXPECT_EQ(avatar_colour(2), kPalette[13]);
    EXPECT_EQ(avatar_colour(42), kPalette[8]);
    EXPECT_EQ(avatar_colour(1000), kPalette[3]);
    std::set<std::string_view> seen;
    for (int64_t id = 1; id <= 200; ++id) seen.insert(avatar_colour(id));
    EXPECT_EQ(seen.size(), kPalette.size()); // every colour gets used
}

TEST(MediaAvatarColour, PaletteIsEighteenDistinctHexColours) {
    std::set<std::string_view> distinct(kPalette.begin(), kPalette.end());
    EXPECT_EQ(distinct.size(), 18u);
    for (auto c : kPalette) {
        ASSERT_EQ(c.size(), 7u);
        EXPECT_EQ(c[0], '#');
    }
}

TEST(MediaXmlEscape, EscapesMarkupAndDropsWhatXmlForbids) {
    EXPECT_EQ(xml_escape("<b a=\"1\" b='2'>&amp;</b>"), "&lt;b a=&quot;1&quot; b=&#39;2&#39;&gt;&amp;amp;&lt;/b&gt;");
    EXPECT_EQ(xml_escape(std::string("a\0b\x01\x1F\tc\n", 9)), "ab\tc\n");
    EXPECT_EQ(xml_escape("\xEF\xBF\xBE x \xFF caf\xC3\xA9"), " x  caf\xC3\xA9");
}

TEST(MediaInitialsSvg, ContentColourAndEscaping) {
    std::string svg = media::initials_svg(42, "<script>alert(1)</script> & \"Bob\"");
    EXPECT_EQ(svg.find("<script"), std::string::npos);
    EXPECT_NE(svg.find("aria-label=\"&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Bob&quot;\""), std::string::npos);
    EXPECT_NE(svg.find(std::string("fill=\"") + std::string(kPalette[8]) + "\""), std::string::npos);
    EXPECT_NE(svg.find(">SB</text>"), std::string::npos); // "<script>alert(1)</script>" starts with '<': skipped to 's'
}

TEST(MediaInitialsSvg, NoLettersDrawsAQuestionMark) {
    EXPECT_NE(media::initials_svg(1, "!!!").find(">?</text>"), std::string::npos);
}

TEST(MediaDrawnSvgs, AllAreWellFormedAndDrawable) {
    namespace pic = cf::test::pictures;
    const std::string hostile[] = {"Ada Lovelace", "<&>\"'", std::string("nul\0inside", 10), "\xFF\xFE\xFD",
                                   "\U0001F468\u200D\U0001F4BB \u202Eevil", "]]> <!-- -->", "&#x26; &lt;"};
    for (const auto& name : hostile) {
        std::string svg = media::initials_svg(7, name);
        auto facts = pic::probe(svg);
        ASSERT_TRUE(facts) << svg;
        EXPECT_EQ(facts->width, 512);
        EXPECT_EQ(facts->height, 512);
        // The corner is the background colour of user 7.
        EXPECT_EQ(pic::pixel_hex(svg, 3, 3), std::string(kPalette[6]));
    }
    for (const std::string& svg : {media::bot_svg(), media::default_logo_svg()}) {
        auto facts = pic::probe(svg);
        ASSERT_TRUE(facts) << svg;
        EXPECT_EQ(facts->width, 512);
    }
}

} // namespace
