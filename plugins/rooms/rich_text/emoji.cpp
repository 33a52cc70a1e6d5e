// Emoji-only detection (see emoji.hpp). The range table is generated from Unicode's
// emoji-data.txt by gen_emoji_table.py.
#include "emoji.hpp"

#include <campfire/utf8.hpp>

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
        auto cp = cf::utf8::next(plain, i);
        if (!cp) return false;
        if (is_pictographic(*cp)) {
            seen_emoji = true;
        } else if (is_keycap_base(*cp)) {
            // Only as the base of a keycap: "1" U+FE0F? U+20E3.
            size_t j = i;
            auto after = j < plain.size() ? cf::utf8::next(plain, j) : std::nullopt;
            if (after == kVariationSelector16) after = j < plain.size() ? cf::utf8::next(plain, j) : std::nullopt;
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
