// Classic XSS vectors through the message sanitiser: whatever goes in, the output parsed again
// holds only allow-listed tags and attributes, no event handlers, no comments and no URL with a
// scheme other than http, https or mailto; and sanitising the output again finds nothing to remove.
#include "rich_text/sanitizer.hpp"
#include "tests/unit/rooms/html_safety.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rooms::rich_text {
namespace {

const NameLookup kNames = [](int64_t id) -> std::optional<std::string> {
  if (id == 7) return "Ann <script>";
  return std::nullopt;
};

const std::vector<std::string> kVectors = {
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<img src=\"x\" onerror=\"alert(1)\"/>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<math><mi><mglyph><svg><mtext><textarea><path id=\"</textarea><img onerror=alert(1) src=1>\">",
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<style><img src=x onerror=alert(1)></style>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
    "<a href=\"  javascript:alert(1)\">x</a>",
    "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
    "<a href=\"jav\tascript:alert(1)\">x</a>",
    "<a href=\"jav&#x0A;ascript:alert(1)\">x</a>",
    "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">x</a>",
    "<a href=\"&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A;alert(1)\">x</a>",
    "<a href=\"javascript&colon;alert(1)\">x</a>",
    "<a href=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)\">x</a>",
    "<a href=\"\x01javascript:alert(1)\">x</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
    "<a href=\"vbscript:msgbox(1)\">x</a>",
    "<a href=javascript:alert(1)>unquoted</a>",
    "<a href='javascript:alert(1)'>single</a>",
    "<a href=\"java\0script:alert(1)\">nul</a>",
    "<a href=\"x\" onclick=\"alert(1)\" onmouseover=alert(1)>x</a>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<p onclick=alert(1) ONCLICK=alert(2) oNcLiCk=alert(3)>x</p>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<embed src=\"javascript:alert(1)\">",
    "<body onload=alert(1)>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<link rel=stylesheet href=\"javascript:alert(1)\">",
    "<base href=\"javascript:alert(1)//\">",
    "<form action=\"javascript:alert(1)\"><input type=submit></form>",
    "<form><button formaction=javascript:alert(1)>x</button></form>",
    "<form><form><input name=x></form></form>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=\"alert(1)\"></video>",
    "<input autofocus onfocus=alert(1)>",
    "<marquee onstart=alert(1)>x</marquee>",
    "<table background=\"javascript:alert(1)\"><tr><td>x</td></tr></table>",
    "<!--<img src=x onerror=alert(1)>-->",
    "<!--><img src=x onerror=alert(1)>-->",
    "<![CDATA[<img src=x onerror=alert(1)>]]>",
    "<div <img src=x onerror=alert(1)>>",
    "<a href=\"https://ok.example\" <img src=x onerror=alert(1)>>x</a>",
    "<b <script>alert(1)//<",
    "<img \"\"\"><script>alert(1)</script>\">",
    "<scr\0ipt>alert(1)</scr\0ipt>",
    "<textarea><script>alert(1)</script></textarea>",
    "<title><img src=x onerror=alert(1)></title>",
    "<xmp><img src=x onerror=alert(1)></xmp>",
    "<plaintext><img src=x onerror=alert(1)>",
    "<template><img src=x onerror=alert(1)></template>",
    "<action-text-attachment content-type=\"text/html\" content=\"<img src=x onerror=alert(1)>\"></action-text-attachment>",
    "<action-text-attachment content-type=\"application/vnd.campfire.mention\" user-id=\"7\"><img src=x onerror=alert(1)></action-text-attachment>",
    "<action-text-attachment content-type=\"application/vnd.actiontext.opengraph-embed\" href=\"javascript:alert(1)\" url=\"javascript:alert(2)\"></action-text-attachment>",
    "<action-text-attachment content-type=\"application/vnd.actiontext.opengraph-embed\" href=\"https://ok.example\" url=\"data:image/png;base64,AAAA\" onload=alert(1)><script>alert(1)</script></action-text-attachment>",
    "<blockquote cite=\"javascript:alert(1)\">q</blockquote>",
    "<time datetime=\"2026\" onmouseover=alert(1)>t</time>",
    "<span class=\"x\" id=\"clobber\" name=\"clobber\" data-x=\"1\" style=\"x\">s</span>",
    "<a href=\"https://ok.example/\" target=_blank rel=opener>ok</a>",
    "<isindex type=image src=1 onerror=alert(1)>",
    "<keygen autofocus onfocus=alert(1)>",
    "<select><option><script>alert(1)</script></option></select>",
    "<a href=\"&#x26;#x6A;avascript:alert(1)\">double-encoded</a>",
    "<div><div><div><div><div><div><div><div><div><div><div><div><div><div><div><div><div><div><div><div><div><div><div><div><div><div><div><div><div><div><div><div><div><div><div><div><div><div><div><div><div><div><div><div><div><div><div><div><div><div><script>alert(1)</script>",
    "<a href=\"https://ok.example\">unclosed <b>bold <i>italic",
    "</p></div></body></html><script>alert(1)</script>",
    "<html><head><script>alert(1)</script></head><body onload=alert(2)>x</body></html>",
    "<p title=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\">x</p>",
    "x\" onmouseover=\"alert(1)",
    "<svg><style>&lt;img src=x onerror=alert(1)&gt;</style></svg>",
    "<math><style><img src=x onerror=alert(1)></style></math>",
    "<noembed><img src=x onerror=alert(1)></noembed>",
    "<a href=\"mailto:a@example.com\">mail</a><a href=\"/rooms/1\">rel</a>",
};

bool contains_ci(std::string_view hay, std::string_view needle) {
  return test::lower_ascii(hay).find(test::lower_ascii(needle)) != std::string::npos;
}

TEST(RichTextXss, CorpusHasEnoughVectors) { EXPECT_GE(kVectors.size(), 40u); }

TEST(RichTextXss, NoVectorSurvives) {
  for (const std::string& input : kVectors) {
    for (Input mode : {Input::detect, Input::html}) {
      Sanitized s = sanitize(input, mode, kNames);
      EXPECT_EQ(test::unsafe_in(s.html), "") << "input: " << input << "\noutput: " << s.html;
      EXPECT_FALSE(contains_ci(s.html, "<script")) << input << " -> " << s.html;
      EXPECT_FALSE(contains_ci(s.html, "<img")) << input << " -> " << s.html;
      EXPECT_FALSE(contains_ci(s.html, "<svg")) << input << " -> " << s.html;
      // Sanitising again changes nothing that matters: still safe, nothing more to strip.
      Sanitized again = sanitize(s.html, Input::html, kNames);
      EXPECT_EQ(test::unsafe_in(again.html), "") << input;
    }
  }
}

TEST(RichTextXss, UnsafeSchemesAreRemovedButTheTextStays) {
  EXPECT_EQ(sanitize("<a href=\"jav&#x09;ascript:alert(1)\">x</a>", Input::detect, kNames).html, "<a>x</a>");
  EXPECT_EQ(sanitize("<a href=\"JAVASCRIPT:alert(1)\">x</a>", Input::detect, kNames).html, "<a>x</a>");
  EXPECT_EQ(sanitize("<a href=\"data:text/html,x\">x</a>", Input::detect, kNames).html, "<a>x</a>");
  EXPECT_EQ(sanitize("<a href=\" https://ok.example/a?b=1&amp;c=2 \">x</a>", Input::detect, kNames).html,
            "<a href=\"https://ok.example/a?b=1&amp;c=2\">x</a>");
}

TEST(RichTextXss, DroppedElementsTakeTheirContent) {
  EXPECT_EQ(sanitize("a<script>alert(1)</script>b", Input::detect, kNames).html, "ab");
  EXPECT_EQ(sanitize("a<style>p{}</style>b", Input::detect, kNames).html, "ab");
  EXPECT_EQ(sanitize("a<svg><text>t</text></svg>b", Input::detect, kNames).html, "ab");
  EXPECT_EQ(sanitize("a<!-- secret -->b", Input::detect, kNames).html, "ab");
  EXPECT_EQ(sanitize("a<iframe>x</iframe>b", Input::detect, kNames).html, "ab");
}

TEST(RichTextXss, MentionContentIsRewrittenAndEscaped) {
  Sanitized s = sanitize(
      "<action-text-attachment content-type=\"application/vnd.campfire.mention\" user-id=\"7\">"
      "<img src=x onerror=alert(1)></action-text-attachment>",
      Input::detect, kNames);
  EXPECT_EQ(s.html,
            "<action-text-attachment content-type=\"application/vnd.campfire.mention\" user-id=\"7\">"
            "@Ann &lt;script&gt;</action-text-attachment>");
  EXPECT_EQ(s.plain, "@Ann <script>");
}

}  // namespace
}  // namespace rooms::rich_text
