// Text handling for search, with no host calls (unit-tested on its own): cleaning a hostile query
// into words, turning the words into an FTS5 expression no operator survives, and the plain text
// of a message body for the index.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace search {

// Longest query accepted, in bytes, before cleaning. Longer ones are refused (422), not cut:
// a silently shortened query would search for something the user did not type.
inline constexpr size_t kMaxQueryBytes = 256;

struct CleanQuery {
    int status = 0;    // 0, or the HTTP status of the problem (400 invalid UTF-8, 422 too long)
    const char* error = nullptr;
    std::string words; // the words separated by single spaces; empty when nothing is left
};

// Campfire's rule (every non-word character becomes a space), Unicode-aware: letters and digits
// of any script and "_" are kept, everything else (punctuation, symbols, quotes, controls, NUL)
// separates words. Runs of separators collapse to one space; the ends are trimmed.
CleanQuery clean_query(std::string_view raw);

// `"w1" "w2" …`: each word of a cleaned query as an FTS5 string (implicit AND). Words hold no
// '"', so nothing in them can act as an operator, column filter or prefix. Empty for no words.
std::string match_expression(std::string_view words);

// The indexable text of a message: its plain_body when it has one, else its HTML body with the
// tags dropped (block tags become spaces) and character references decoded.
std::string index_text(std::string_view plain_body, std::string_view html_body);
std::string html_to_text(std::string_view html);

} // namespace search
