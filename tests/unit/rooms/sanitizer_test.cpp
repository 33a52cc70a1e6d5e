// The message sanitiser's ordinary behaviour: plain text in, Trix HTML in, the plain-text form,
// mentions, embeds, nesting limits, and the URL policy.
#include "rich_text/sanitizer.hpp"
#include "rich_text/url_policy.hpp"
#include "tests/unit/rooms/html_safety.h"

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <string>

namespace rooms::rich_text {
namespace {

std::map<int64_t, std::string> g_users = {{7, "Ann"}, {8, "Bob & Co"}};
int g_lookups = 0;

const NameLookup kNames = [](int64_t id) -> std::optional<std::string> {
  ++g_lookups;
  auto it = g_users.find(id);
  if (it == g_users.end()) return std::nullopt;
  return it->second;
};

std::string mention(int64_t id, std::string_view inner = "") {
  return "<action-text-attachment content-type=\"application/vnd.campfire.mention\" user-id=\"" +
         std::to_string(id) + "\">" + std::string(inner) + "</action-text-attachment>";
}

TEST(RichTextSanitizer, PlainTextIsEscapedWithLineBreaks) {
  Sanitized s = sanitize("  Tom & Jerry say 1 < 2 > 0 \"hi\"\r\nbye  ", Input::detect, kNames);
  EXPECT_EQ(s.html, "Tom &amp; Jerry say 1 &lt; 2 &gt; 0 &quot;hi&quot;<br>bye");
  EXPECT_EQ(s.plain, "Tom & Jerry say 1 < 2 > 0 \"hi\"\nbye");
  EXPECT_TRUE(s.mentioned.empty());
  // "I <3 you" has no tag in it: still plain text.
  EXPECT_EQ(sanitize("I <3 you", Input::detect, kNames).html, "I &lt;3 you");
  // Control characters go.
  EXPECT_EQ(sanitize(std::string("a\0b\x07", 4), Input::detect, kNames).plain, "ab");
}

TEST(RichTextSanitizer, MarkupDetection) {
  EXPECT_FALSE(has_markup("a < b and c > d"));
  EXPECT_FALSE(has_markup("<3"));
  EXPECT_TRUE(has_markup("<b>x</b>"));
  EXPECT_TRUE(has_markup("x</b>"));
  EXPECT_TRUE(has_markup("<!-- x -->"));
}

TEST(RichTextSanitizer, TrixHtmlKeepsItsFormatting) {
  std::string trix =
      "<div>Hello <strong>bold</strong> and <em>it</em><br>next line</div>"
      "<blockquote>quoted</blockquote><pre>  code\n  here</pre>"
      "<ul><li>one</li><li>two</li></ul><ol><li>first</li><li>second</li></ol>"
      "<h1>Title</h1><div><a href=\"https://example.com/x\" title=\"t\">link</a></div>";
  Sanitized s = sanitize(trix, Input::detect, kNames);
  EXPECT_EQ(s.html, trix);
  EXPECT_EQ(s.plain,
            "Hello bold and it\nnext line\nquoted\n  code\n  here\n\xE2\x80\xA2 one\n\xE2\x80\xA2 two\n"
            "1. first\n2. second\nTitle\nlink");
}

TEST(RichTextSanitizer, UnknownTagsAreUnwrappedAndAttributesFiltered) {
  Sanitized s = sanitize("<font color=red>red</font> <u>under</u> <span style=\"x\" class=\"c\" dir=RTL lang=en-GB "
                         "id=i>s</span>",
                         Input::detect, kNames);
  EXPECT_EQ(s.html, "red under <span class=\"c\" dir=\"rtl\" lang=\"en-GB\">s</span>");
  EXPECT_EQ(s.plain, "red under s");
  EXPECT_EQ(sanitize("<time datetime=\"2026-11-23\">today</time><del cite=\"/why\" datetime=\"x\">gone</del>",
                     Input::detect, kNames)
                .html,
            "<time datetime=\"2026-11-23\">today</time><del cite=\"/why\" datetime=\"x\">gone</del>");
  // href only on <a>; src never.
  EXPECT_EQ(sanitize("<span href=\"https://x\">s</span>", Input::detect, kNames).html, "<span>s</span>");
}

TEST(RichTextSanitizer, EntitiesAndTextAreReEscaped) {
  Sanitized s = sanitize("<b>&lt;i&gt; &amp;amp; &nbsp;x&#33;</b>", Input::detect, kNames);
  EXPECT_EQ(s.html, "<b>&lt;i&gt; &amp;amp; \xC2\xA0x!</b>");
  EXPECT_EQ(s.plain, "<i> &amp;  x!");
}

TEST(RichTextSanitizer, MentionsAreCanonicalised) {
  g_lookups = 0;
  Sanitized s = sanitize("<div>hi " + mention(7, "@Whatever <b>x</b>") + " and " + mention(8) + mention(7) +
                             " and " + mention(99, "ghost") + "!</div>",
                         Input::detect, kNames);
  EXPECT_EQ(s.html, "<div>hi " + mention(7, "@Ann") + " and " + mention(8, "@Bob &amp; Co") + mention(7, "@Ann") +
                        " and !</div>");
  EXPECT_EQ(s.plain, "hi @Ann and @Bob & Co@Ann and !");
  EXPECT_EQ(s.mentioned, (std::vector<int64_t>{7, 8}));
  EXPECT_TRUE(s.has_attachment);
  EXPECT_EQ(g_lookups, 3); // 7, 8, 99: each looked up once
  // Bad ids are not mentions.
  for (std::string bad : {"0", "-1", "abc", "7.0", "", "99999999999999999999"}) {
    Sanitized b = sanitize("<action-text-attachment content-type=\"application/vnd.campfire.mention\" user-id=\"" +
                               bad + "\">x</action-text-attachment>y",
                           Input::detect, kNames);
    EXPECT_EQ(b.html, "y") << bad;
    EXPECT_TRUE(b.mentioned.empty());
  }
  // Sanitising the canonical form again is stable.
  EXPECT_EQ(sanitize(s.html, Input::html, kNames).html, s.html);
}

TEST(RichTextSanitizer, MentionLookupsAreBounded) {
  std::string body;
  for (int i = 1000; i < 1000 + 300; ++i) body += mention(i);
  g_lookups = 0;
  sanitize(body, Input::detect, kNames);
  EXPECT_EQ(g_lookups, static_cast<int>(kMaxMentionIds));
}

TEST(RichTextSanitizer, OpengraphEmbedsKeepTheirLinkAndHaveNoPlainText) {
  Sanitized s = sanitize(
      "https://example.com/post<action-text-attachment content-type=\"application/vnd.actiontext.opengraph-embed\" "
      "href=\"https://example.com/post\" url=\"https://example.com/i.png\" filename=\"A title\" caption=\"About\" "
      "onclick=\"x\"><b>A title</b></action-text-attachment>",
      Input::detect, kNames);
  EXPECT_EQ(s.html,
            "https://example.com/post<action-text-attachment "
            "content-type=\"application/vnd.actiontext.opengraph-embed\" href=\"https://example.com/post\" "
            "url=\"https://example.com/i.png\" filename=\"A title\" caption=\"About\"><b>A title</b>"
            "</action-text-attachment>");
  EXPECT_EQ(s.plain, "https://example.com/post");
  // Without a web link it is not an embed: unwrapped.
  EXPECT_EQ(sanitize("<action-text-attachment content-type=\"application/vnd.actiontext.opengraph-embed\" "
                     "href=\"/local\">t</action-text-attachment>",
                     Input::detect, kNames)
                .html,
            "t");
}

TEST(RichTextSanitizer, LeadingNewlineInPreSurvivesAReparse) {
  Sanitized s = sanitize("<pre>\n\nx</pre>", Input::detect, kNames);
  EXPECT_EQ(s.html, "<pre>\n\nx</pre>");
  EXPECT_EQ(sanitize(s.html, Input::html, kNames).html, s.html);
}

TEST(RichTextSanitizer, DeepNestingIsFlattenedNotFatal) {
  std::string deep;
  for (size_t i = 0; i < kMaxTags; ++i) deep += i % 2 ? "<div>" : "<b>";
  deep += "deep";
  ASSERT_TRUE(within_markup_limits(deep));
  auto started = std::chrono::steady_clock::now();
  Sanitized s = sanitize(deep, Input::detect, kNames);
  auto took = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(s.plain, "deep");
  size_t opened = 0;
  for (size_t at = s.html.find('<'); at != std::string::npos; at = s.html.find('<', at + 1)) opened += s.html[at + 1] != '/';
  EXPECT_LE(opened, static_cast<size_t>(kMaxDepth));
  EXPECT_EQ(test::unsafe_in(s.html), "");
  EXPECT_LT(took, std::chrono::milliseconds(500));
}

TEST(RichTextSanitizer, MarkupBeyondTheLimitsIsPlainText) {
  std::string many;
  for (size_t i = 0; i <= kMaxTags; ++i) many += "<i>";
  EXPECT_FALSE(within_markup_limits(many));
  EXPECT_EQ(sanitize(many, Input::html, kNames).plain, many); // escaped, not parsed

  std::string attrs = "<b";
  for (size_t i = 0; i < kMaxAttributesPerTag; ++i) attrs += " a" + std::to_string(i) + "='x > y'";
  EXPECT_TRUE(within_markup_limits(attrs + ">"));
  EXPECT_FALSE(within_markup_limits(attrs + " one-more>"));
  // Quoted values are skipped whole; text outside tags does not count.
  EXPECT_TRUE(within_markup_limits("<a title=\"" + std::string(5000, ' ') + "x\">" + std::string(5000, 'a') + "</a>"));
  EXPECT_TRUE(within_markup_limits("a < b, 1<2 " + std::string(100, '<')));
}

TEST(RichTextSanitizer, BlankMarkupHasNoText) {
  Sanitized s = sanitize("<div><br></div><script>x</script>", Input::detect, kNames);
  EXPECT_EQ(s.plain, "");
  EXPECT_FALSE(s.has_attachment);
}

TEST(RichTextUrlPolicy, Schemes) {
  EXPECT_EQ(allowed_url("https://a.example/x"), "https://a.example/x");
  EXPECT_EQ(allowed_url("HTTP://a.example"), "HTTP://a.example");
  EXPECT_EQ(allowed_url("mailto:a@b.example"), "mailto:a@b.example");
  EXPECT_EQ(allowed_url("/rooms/1/@5"), "/rooms/1/@5");
  EXPECT_EQ(allowed_url("page?x=a:b"), "page?x=a:b");
  EXPECT_EQ(allowed_url("//host.example/x"), "//host.example/x");
  EXPECT_EQ(allowed_url(" \x01https://a.example \n"), "https://a.example");
  EXPECT_EQ(allowed_url("ht\ntp://a.example"), "http://a.example");
  EXPECT_FALSE(allowed_url("javascript:alert(1)"));
  EXPECT_FALSE(allowed_url("java\tscript:alert(1)"));
  EXPECT_FALSE(allowed_url("data:text/html,x"));
  EXPECT_FALSE(allowed_url("vbscript:x"));
  EXPECT_FALSE(allowed_url("file:///etc/passwd"));
  EXPECT_FALSE(allowed_url("java\x01script:x"));
  EXPECT_FALSE(allowed_url(""));
  EXPECT_FALSE(allowed_url(std::string(3000, 'a')));
  EXPECT_FALSE(allowed_url("/relative", true));
  EXPECT_FALSE(allowed_url("mailto:a@b", true));
  EXPECT_EQ(allowed_url("https://a.example/i.png", true), "https://a.example/i.png");
}

}  // namespace
}  // namespace rooms::rich_text
