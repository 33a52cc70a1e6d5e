// Emoji-only detection (see emoji.hpp). The range table is generated from Unicode's
// emoji-data.txt by gen_emoji_table.py.
#include "emoji.hpp"

#include <algorithm>
#include <iterator>
#include <optional>

namespace rooms::rich_text {
namespace {

struct Range {
    char32_t lo, hi;
};

constexpr Range kPictographic[] = {
#include "emoji_table.inc"
};

static_assert(std::size(kPictographic) > 0);

constexpr char32_t kVariationSelector16 = 0xFE0F;
constexpr char32_t kZeroWidthJoiner = 0x200D;
constexpr char32_t kKeycap = 0x20E3;

bool is_tag(char32_t cp) { return cp >= 0xE0020 && cp <= 0xE007F; }
bool is_keycap_base(char32_t cp) { return (cp >= '0' && cp <= '9') || cp == '#' || cp == '*'; }
bool is_space(char32_t cp) { return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r'; }

// Decodes one UTF-8 code point at s[i], advancing i; nullopt on malformed input.
std::optional<char32_t> next_code_point(std::string_view s, size_t& i) {
    auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char b0 = byte(i);
    size_t len = b0 < 0x80 ? 1 : (b0 >> 5) == 0x6 ? 2 : (b0 >> 4) == 0xE ? 3 : (b0 >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > s.size()) return std::nullopt;
    char32_t cp = len == 1 ? b0 : len == 2 ? (b0 & 0x1F) : len == 3 ? (b0 & 0x0F) : (b0 & 0x07);
    for (size_t k = 1; k < len; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) return std::nullopt;
        cp = (cp << 6) | (byte(i + k) & 0x3F);
    }
    static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
    i += len;
    return cp;
}

} // namespace

bool is_pictographic(char32_t cp) {
    auto it = std::upper_bound(std::begin(kPictographic), std::end(kPictographic), cp,
                               [](char32_t c, const Range& r) { return c < r.lo; });
    return it != std::begin(kPictographic) && cp <= std::prev(it)->hi;
}

bool emoji_only(std::string_view plain) {
    bool seen_emoji = false;
    std::optional<char32_t> previous;
    size_t i = 0;
    while (i < plain.size()) {
        auto cp = next_code_point(plain, i);
        if (!cp) return false;
        if (is_pictographic(*cp)) {
            seen_emoji = true;
        } else if (is_keycap_base(*cp)) {
            // Only as the base of a keycap: "1" U+FE0F? U+20E3.
            size_t j = i;
            auto after = j < plain.size() ? next_code_point(plain, j) : std::nullopt;
            if (after == kVariationSelector16) after = j < plain.size() ? next_code_point(plain, j) : std::nullopt;
            if (after != kKeycap) return false;
            seen_emoji = true;
        } else if (*cp == kKeycap) {
            if (!previous || !(is_keycap_base(*previous) || *previous == kVariationSelector16)) return false;
        } else if (*cp != kVariationSelector16 && *cp != kZeroWidthJoiner && !is_tag(*cp) && !is_space(*cp)) {
            return false;
        }
        previous = cp;
    }
    return seen_emoji;
}

} // namespace rooms::rich_text
