// Message bodies as safe rich text. Mirrors Campfire's content filters (CAMPFIRE.md §8): the
// body is parsed by a real HTML5 parser (gumbo) and written back by us from the parsed tree, so
// what the browser sees is exactly what we checked:
//  - tags: Campfire's allow-list (a abbr acronym address b big blockquote br cite code dd del
//    dfn div dl dt em h1-h6 hr i ins kbd li ol p pre samp small span strong sub sup time tt ul var
//    action-text-attachment figure figcaption); other tags are unwrapped (their text stays),
//    except script, style, iframe, object, svg, math, template, textarea... which go with their
//    content; comments go;
//  - attributes: class, title, lang, dir everywhere; href on a; cite on blockquote, del, ins;
//    datetime on time, del, ins; every other attribute (on*, style, id, src...) goes. URLs must
//    be http, https, mailto or relative (url_policy.hpp);
//  - mentions: <action-text-attachment content-type="application/vnd.campfire.mention"
//    user-id="7"> is rewritten to its canonical form with content "@Name" from `names`; a mention
//    of an unknown user is removed with its content;
//  - OpenGraph embeds (content-type "application/vnd.actiontext.opengraph-embed") keep href, url
//    (http/https), filename and caption; their plain text is empty, as in Campfire;
//  - nesting deeper than kMaxDepth elements is flattened (the text stays).
// The HTML5 tree builder does work quadratic in nesting depth and in attributes per tag (gumbo
// spends ~0.4 s on 64 KiB of nested <div>s, ~0.8 s on one tag with 12,000 attributes), so a body
// must stay within kMaxTags start tags and kMaxAttributesPerTag (within_markup_limits; the routes
// answer 422 otherwise); sanitize() itself escapes a body beyond them as plain text.
// A body without tags (no "<" followed by a letter, "/", "!" or "?") is plain text: it is escaped
// into HTML, newlines becoming <br>.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rooms::rich_text {

inline constexpr std::string_view kMentionType = "application/vnd.campfire.mention";
inline constexpr std::string_view kOpengraphType = "application/vnd.actiontext.opengraph-embed";
inline constexpr int kMaxDepth = 48;        // elements kept inside each other
inline constexpr size_t kMaxMentionIds = 100; // distinct users looked up per body
inline constexpr size_t kMaxTags = 2048;
inline constexpr size_t kMaxAttributesPerTag = 32;

// A mentioned user's name, or nullopt when there is no such user.
using NameLookup = std::function<std::optional<std::string>(int64_t user_id)>;

struct Sanitized {
    std::string html;               // safe HTML to store and serve
    std::string plain;              // plain text: blocks on their own lines, mentions as "@Name"
    std::vector<int64_t> mentioned; // users mentioned (known ones), sorted, no repeats
    bool has_attachment = false;    // a mention or an embed: content even when `plain` is empty
};

enum class Input {
    detect, // from a client: plain text unless it has tags
    html,   // already HTML (a stored body, a transform hook's output)
};

// Never throws on any input; `body` should be valid UTF-8 (invalid bytes become U+FFFD).
Sanitized sanitize(std::string_view body, Input input, const NameLookup& names);

// True when the text has something that parses as a tag or comment.
bool has_markup(std::string_view body);

// False when the body has more than kMaxTags start tags or a tag with more than
// kMaxAttributesPerTag attributes (a quick scan that over-counts rather than under-counts).
bool within_markup_limits(std::string_view body);

// &, <, >, " escaped for text and double-quoted attribute values.
void append_escaped(std::string& out, std::string_view text);

} // namespace rooms::rich_text
