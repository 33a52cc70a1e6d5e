#include "drawn_svgs.hpp"

#include <campfire/utf8.hpp>

#include <zlib.h>

#include <locale.h>
#include <wctype.h>

#include <cctype>
#include <string>

namespace media {
namespace {

constexpr char32_t kInvalid = 0xFFFFFFFF;

// The code point at `i` (advancing past it), or kInvalid for a malformed sequence (advancing one byte).
char32_t next_code_point(std::string_view s, size_t& i) {
    if (auto cp = cf::utf8::next(s, i)) return *cp;
    ++i;
    return kInvalid;
}


bool in(char32_t c, char32_t lo, char32_t hi) { return c >= lo && c <= hi; }

// Unicode White_Space.
bool is_space(char32_t c) {
    return in(c, 0x09, 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 || in(c, 0x2000, 0x200A) ||
           c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

// Controls and characters that draw nothing (zero-width, bidi controls, BOM, soft hyphen).
bool is_invisible(char32_t c) {
    return c < 0x20 || in(c, 0x7F, 0x9F) || c == 0xAD || in(c, 0x200B, 0x200F) || in(c, 0x202A, 0x202E) ||
           in(c, 0x2060, 0x206F) || c == 0xFEFF || in(c, 0xFFF9, 0xFFFB);
}

// What stays attached to the letter before it: combining marks, variation selectors, emoji
// modifiers, keycaps, tag characters.
bool is_extender(char32_t c) {
    return in(c, 0x0300, 0x036F) || in(c, 0x1AB0, 0x1AFF) || in(c, 0x1DC0, 0x1DFF) || in(c, 0x20D0, 0x20FF) ||
           in(c, 0xFE20, 0xFE2F) || in(c, 0xFE00, 0xFE0F) || in(c, 0xE0100, 0xE01EF) || in(c, 0x1F3FB, 0x1F3FF) ||
           in(c, 0xE0020, 0xE007F);
}

bool is_regional_indicator(char32_t c) { return in(c, 0x1F1E6, 0x1F1FF); }

bool is_ascii_punctuation(char32_t c) { return c < 0x80 && std::ispunct(static_cast<int>(c)); }

// Full Unicode upper-casing from glibc's C.UTF-8 tables, without touching the process locale.
char32_t upper(char32_t c) {
    static const locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(0));
    if (c < 0x80) return c >= 'a' && c <= 'z' ? c - 32 : c;
    if (!utf8) return c;
    return static_cast<char32_t>(towupper_l(static_cast<wint_t>(c), utf8));
}

std::string_view font_size(size_t letters) {
    switch (letters) {
    case 0:
    case 1: return "240";
    case 2: return "200";
    default: return "150";
    }
}

} // namespace

std::string_view avatar_colour(int64_t user_id) {
    std::string id = std::to_string(user_id);
    uLong crc = crc32(0L, Z_NULL, 0);
    crc = crc32(crc, reinterpret_cast<const Bytef*>(id.data()), static_cast<uInt>(id.size()));
    return kPalette[crc % kPalette.size()];
}

namespace {

struct Letters {
    std::string text;
    size_t count = 0;
};

Letters first_letters(std::string_view name, size_t max_letters) {
    Letters result;
    std::string& out = result.text;
    size_t& letters = result.count;
    size_t i = 0;
    bool word_start = true;
    while (i < name.size() && letters < max_letters) {
        char32_t c = next_code_point(name, i);
        if (c == kInvalid || is_space(c)) {
            word_start = word_start || c != kInvalid;
            continue;
        }
        if (!word_start || is_invisible(c) || is_extender(c) || is_ascii_punctuation(c)) continue;
        word_start = false;
        ++letters;
        cf::utf8::append(out, upper(c));
        // The marks and joiners that belong to it, bounded.
        for (int kept = 0; i < name.size() && kept < 8; ++kept) {
            size_t j = i;
            char32_t next = next_code_point(name, j);
            bool joins = next == 0x200D && j < name.size();
            bool pair = is_regional_indicator(c) && is_regional_indicator(next) && kept == 0;
            if (!joins && !pair && !is_extender(next)) break;
            cf::utf8::append(out, next);
            i = j;
            if (joins) {
                char32_t joined = next_code_point(name, i);
                if (joined == kInvalid || is_space(joined)) { word_start = is_space(joined); break; }
                cf::utf8::append(out, joined);
            }
        }
    }
    return result;
}

} // namespace

std::string initials(std::string_view name, size_t max_letters) { return first_letters(name, max_letters).text; }

std::string xml_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    size_t i = 0;
    while (i < text.size()) {
        size_t start = i;
        char32_t c = next_code_point(text, i);
        if (c == kInvalid || (c < 0x20 && c != 0x09 && c != 0x0A && c != 0x0D) || c == 0xFFFE || c == 0xFFFF) continue;
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out.append(text.substr(start, i - start));
        }
    }
    return out;
}

std::string initials_svg(int64_t user_id, std::string_view name) {
    const Letters found = first_letters(name, 3);
    const std::string_view letters = found.text.empty() ? std::string_view("?") : std::string_view(found.text);
    std::string svg;
    svg.reserve(640);
    svg += R"(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512" width="512" height="512" role="img" aria-label=")";
    svg += xml_escape(name);
    svg += R"("><rect width="512" height="512" fill=")";
    svg += avatar_colour(user_id);
    svg += R"("/><text x="256" y="256" dy="0.35em" text-anchor="middle" fill="#FFFFFF" font-weight="600" )"
           R"(font-family="system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', Helvetica, Arial, sans-serif" font-size=")";
    svg += font_size(found.count);
    svg += R"(">)";
    svg += xml_escape(letters);
    svg += "</text></svg>";
    return svg;
}

std::string bot_svg() {
    // A friendly robot head on slate: antenna, ears, two eyes and a mouth.
    return R"svg(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512" width="512" height="512" role="img" aria-label="Bot">)svg"
           R"svg(<rect width="512" height="512" fill="#3D4451"/>)svg"
           R"svg(<path d="M256 96v56" stroke="#E6E9EF" stroke-width="16" stroke-linecap="round"/>)svg"
           R"svg(<circle cx="256" cy="90" r="24" fill="#F2B84B"/>)svg"
           R"svg(<rect x="92" y="228" width="40" height="80" rx="16" fill="#C9CED8"/>)svg"
           R"svg(<rect x="380" y="228" width="40" height="80" rx="16" fill="#C9CED8"/>)svg"
           R"svg(<rect x="120" y="152" width="272" height="228" rx="60" fill="#E6E9EF"/>)svg"
           R"svg(<circle cx="200" cy="256" r="30" fill="#3D4451"/><circle cx="312" cy="256" r="30" fill="#3D4451"/>)svg"
           R"svg(<circle cx="210" cy="246" r="9" fill="#FFFFFF"/><circle cx="322" cy="246" r="9" fill="#FFFFFF"/>)svg"
           R"svg(<rect x="200" y="318" width="112" height="18" rx="9" fill="#3D4451"/>)svg"
           R"svg(</svg>)svg";
}

std::string default_logo_svg() {
    // A campfire: an orange flame with a yellow heart over a log, on a dark rounded square.
    return R"svg(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512" width="512" height="512">)svg"
           R"svg(<rect width="512" height="512" rx="112" fill="#2B2F36"/>)svg"
           R"svg(<path d="M256 72C300 150 376 190 376 292C376 362 322 416 256 416C190 416 136 362 136 292)svg"
           R"svg(C136 230 174 196 204 154C212 204 232 226 252 236C244 176 234 126 256 72Z" fill="#F26B2A"/>)svg"
           R"svg(<path d="M258 226C282 268 318 294 318 340C318 378 290 406 256 406C222 406 194 378 194 340)svg"
           R"svg(C194 306 218 286 236 262C240 286 248 296 260 300C254 276 250 254 258 226Z" fill="#FFC23D"/>)svg"
           R"svg(<rect x="136" y="418" width="240" height="30" rx="15" fill="#8A5A3C"/>)svg"
           R"svg(<rect x="176" y="404" width="160" height="22" rx="11" fill="#A86E48" transform="rotate(-8 256 415)"/>)svg"
           R"svg(</svg>)svg";
}

} // namespace media
