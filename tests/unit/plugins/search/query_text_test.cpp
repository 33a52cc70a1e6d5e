// plugins/search/query_text: the query cleaning rule, the FTS5 expression it builds, and the
// plain text of HTML bodies.
#include "query_text.hpp"

#include <gtest/gtest.h>

#include <string>

namespace search {
namespace {

std::string words(std::string_view raw) {
    CleanQuery q = clean_query(raw);
    EXPECT_EQ(q.status, 0) << raw;
    return q.words;
}

TEST(SearchQueryText, NonWordCharactersBecomeSingleSpaces) {
    EXPECT_EQ(words("hello"), "hello");
    EXPECT_EQ(words("  hello,   world!  "), "hello world");
    EXPECT_EQ(words("\"quoted\" (parens) col:value a*b ^c -d +e"), "quoted parens col value a b c d e");
    EXPECT_EQ(words("NEAR(a b, 3)"), "NEAR a b 3");
    EXPECT_EQ(words("snake_case"), "snake_case");
    EXPECT_EQ(words(std::string("nul\0byte", 8)), "nul byte");
    EXPECT_EQ(words("tab\tnew\nline\r"), "tab new line");
    EXPECT_EQ(words("\")(\"*:^"), "");
    EXPECT_EQ(words(""), "");
}

TEST(SearchQueryText, LettersAndDigitsOfAnyScriptAreKept) {
    EXPECT_EQ(words("Привет, мир"), "Привет мир");
    EXPECT_EQ(words("東京タワー。"), "東京タワー");
    EXPECT_EQ(words("naïve café"), "naïve café");
    EXPECT_EQ(words("שלום עולם"), "שלום עולם");
    EXPECT_EQ(words("١٢٣ ٤"), "١٢٣ ٤");                // Arabic-Indic digits
    EXPECT_EQ(words("🦊 fox — “quoted” «guillemets»"), "fox quoted guillemets");
    EXPECT_EQ(words("a\u00A0b\u3000c"), "a b c"); // no-break and ideographic spaces
}

TEST(SearchQueryText, InvalidUtf8AndLongInputAreRefused) {
    for (std::string bad : {std::string("\xFF"), std::string("ok\xC3"), std::string("\xC0\x80"), std::string("\xED\xA0\x80"),
                            std::string("\xF4\x90\x80\x80"), std::string("\x80"), std::string("\xE2\x82")}) {
        CleanQuery q = clean_query(bad);
        EXPECT_EQ(q.status, 400) << "bad bytes";
        EXPECT_TRUE(q.words.empty());
    }
    EXPECT_EQ(clean_query(std::string(kMaxQueryBytes, 'a')).status, 0);
    EXPECT_EQ(clean_query(std::string(kMaxQueryBytes + 1, 'a')).status, 422);
    EXPECT_EQ(clean_query(std::string(10 * 1024, '"')).status, 422);
}

TEST(SearchQueryText, MatchExpressionQuotesEveryWord) {
    EXPECT_EQ(match_expression(""), "");
    EXPECT_EQ(match_expression("run"), "\"run\"");
    EXPECT_EQ(match_expression("quick AND NOT fox"), "\"quick\" \"AND\" \"NOT\" \"fox\"");
    EXPECT_EQ(match_expression(words("NEAR(a* OR b:c)")), "\"NEAR\" \"a\" \"OR\" \"b\" \"c\"");
    EXPECT_EQ(match_expression("a\"b"), "\"a\"\"b\""); // defence in depth: doubled, never closes early
}

TEST(SearchQueryText, HtmlBodiesLoseTheirTags) {
    EXPECT_EQ(html_to_text("<p>bold <strong>claims</strong> &amp; more</p>"), " bold claims & more ");
    EXPECT_EQ(html_to_text("a<br>b"), "a b");
    EXPECT_EQ(html_to_text("run<em>ning</em>"), "running");
    EXPECT_EQ(html_to_text("<a href=\"x>y\" title='>'>link</a>"), "link");
    EXPECT_EQ(html_to_text("1 &lt; 2 &gt; 0 &quot;q&quot; &#39;s&#x27; &#8212; &nbsp;"), "1 < 2 > 0 \"q\" 's' \u2014  ");
    EXPECT_EQ(html_to_text("&bogus; &#xZZ; &#0; & alone"), "&bogus; &#xZZ; &#0; & alone");
    EXPECT_EQ(html_to_text("x < y and <unclosed"), "x < y and ");
    EXPECT_EQ(index_text("plain wins", "<p>html</p>"), "plain wins");
    EXPECT_EQ(index_text("", "<p>html</p>"), " html ");
}

} // namespace
} // namespace search
