// Query cleaning and index text (see query_text.hpp). Character classes come from glibc's
// built-in C.UTF-8 locale (its Unicode tables), so no ICU is needed; should that locale be
// missing, every non-ASCII character counts as a word character, which stays safe because the
// words are quoted and FTS5's own unicode61 tokenizer splits them the way it split the index.
#include "query_text.hpp"

#include <campfire/utf8.hpp>

#include <locale.h>
#include <wctype.h>

#include <array>
#include <cstdint>
#include <optional>

namespace search {
namespace {

locale_t unicode_locale() {
    static const locale_t loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
    return loc;
}

bool is_word_char(char32_t cp) {
    if (cp < 0x80) {
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '_';
    }
    locale_t loc = unicode_locale();
    if (!loc) return true;
    return iswalnum_l(static_cast<wint_t>(cp), loc) != 0;
}

bool ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Tags after which words must not run together in the plain text.
bool is_block_tag(std::string_view name) {
    static constexpr std::string_view kBlocks[] = {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
        "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "ol", "p", "pre", "section",
        "table", "td", "th", "tr", "ul", "action-text-attachment", "cite"};
    for (std::string_view b : kBlocks)
        if (name == b) return true;
    return false;
}

// The end of the tag starting at html[i] == '<' (the index after '>'), skipping quoted
// attribute values; html.size() when it never closes.
size_t tag_end(std::string_view html, size_t i) {
    char quote = 0;
    for (size_t k = i + 1; k < html.size(); ++k) {
        char c = html[k];
        if (quote) {
            if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '>') {
            return k + 1;
        }
    }
    return html.size();
}

std::string tag_name(std::string_view tag) {
    size_t k = 1;
    if (k < tag.size() && tag[k] == '/') ++k;
    std::string name;
    while (k < tag.size() && (ascii_alpha(tag[k]) || (tag[k] >= '0' && tag[k] <= '9') || tag[k] == '-'))
        name.push_back(ascii_lower(tag[k++]));
    return name;
}

// A character reference at html[i] == '&': its text and length, or nullopt to keep '&' as is.
std::optional<std::pair<std::string, size_t>> character_reference(std::string_view html, size_t i) {
    size_t semi = html.find(';', i);
    if (semi == std::string_view::npos || semi - i > 10) return std::nullopt;
    std::string_view name = html.substr(i + 1, semi - i - 1);
    size_t len = semi - i + 1;
    static constexpr std::pair<std::string_view, std::string_view> kNamed[] = {
        {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", " "}};
    for (auto [n, text] : kNamed)
        if (name == n) return std::make_pair(std::string(text), len);
    if (name.size() < 2 || name[0] != '#') return std::nullopt;
    bool hex = name[1] == 'x' || name[1] == 'X';
    std::string_view digits = name.substr(hex ? 2 : 1);
    if (digits.empty()) return std::nullopt;
    char32_t cp = 0;
    for (char c : digits) {
        int d = c >= '0' && c <= '9' ? c - '0'
                : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                              : -1;
        if (d < 0) return std::nullopt;
        cp = cp * (hex ? 16 : 10) + static_cast<char32_t>(d);
        if (cp > 0x10FFFF) return std::nullopt;
    }
    if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
    std::string text;
    cf::utf8::append(text, cp);
    return std::make_pair(std::move(text), len);
}

} // namespace

CleanQuery clean_query(std::string_view raw) {
    CleanQuery out;
    if (raw.size() > kMaxQueryBytes) {
        out.status = 422;
        out.error = "query is too long (at most 256 bytes)";
        return out;
    }
    bool pending_space = false;
    for (size_t i = 0; i < raw.size();) {
        size_t start = i;
        auto cp = cf::utf8::next(raw, i);
        if (!cp) {
            out.status = 400;
            out.error = "query is not valid UTF-8";
            out.words.clear();
            return out;
        }
        if (!is_word_char(*cp)) {
            pending_space = !out.words.empty();
            continue;
        }
        if (pending_space) out.words.push_back(' ');
        pending_space = false;
        out.words.append(raw.substr(start, i - start));
    }
    return out;
}

std::string match_expression(std::string_view words) {
    std::string expr;
    size_t i = 0;
    while (i < words.size()) {
        size_t end = words.find(' ', i);
        if (end == std::string_view::npos) end = words.size();
        if (end > i) {
            if (!expr.empty()) expr.push_back(' ');
            expr.push_back('"');
            for (char c : words.substr(i, end - i)) {
                if (c == '"') expr.push_back('"'); // cannot happen after cleaning; doubled all the same
                expr.push_back(c);
            }
            expr.push_back('"');
        }
        i = end + 1;
    }
    return expr;
}

std::string html_to_text(std::string_view html) {
    std::string out;
    out.reserve(html.size());
    for (size_t i = 0; i < html.size();) {
        char c = html[i];
        if (c == '<' && i + 1 < html.size() && (ascii_alpha(html[i + 1]) || html[i + 1] == '/' || html[i + 1] == '!')) {
            size_t end = tag_end(html, i);
            if (is_block_tag(tag_name(html.substr(i, end - i)))) out.push_back(' ');
            i = end;
        } else if (c == '&') {
            if (auto ref = character_reference(html, i)) {
                out += ref->first;
                i += ref->second;
            } else {
                out.push_back(c);
                ++i;
            }
        } else {
            out.push_back(c);
            ++i;
        }
    }
    return out;
}

std::string index_text(std::string_view plain_body, std::string_view html_body) {
    if (!plain_body.empty()) return std::string(plain_body);
    return html_to_text(html_body);
}

} // namespace search
