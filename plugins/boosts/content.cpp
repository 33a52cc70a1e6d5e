// Boost content rules (see content.hpp).
#include "content.hpp"

#include <optional>
#include <vector>

namespace boosts {
namespace {

// One code point and its length in bytes; nullopt on a malformed sequence (defensive: the kernel
// has validated the JSON text already).
struct Decoded {
    char32_t cp;
    size_t len;
};

std::optional<Decoded> decode(std::string_view s, size_t i) {
    auto b = static_cast<unsigned char>(s[i]);
    size_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > s.size()) return std::nullopt;
    char32_t cp = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
    for (size_t k = 1; k < len; ++k) {
        auto c = static_cast<unsigned char>(s[i + k]);
        if ((c & 0xC0) != 0x80) return std::nullopt;
        cp = (cp << 6) | (c & 0x3F);
    }
    return Decoded{cp, len};
}

// C0, DEL, C1, and the line/paragraph separators (they break a one-line reaction).
bool is_control(char32_t c) { return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029; }

// Unicode White_Space plus the invisible characters editors leave behind (zero-width space and
// joiners, word joiner, BOM): none of them makes a boost visible on its own.
bool is_blank(char32_t c) {
    return c == 0x20 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200D) || c == 0x202F ||
           c == 0x205F || c == 0x2060 || c == 0x3000 || c == 0xFEFF;
}

} // namespace

Content check_content(std::string_view raw) {
    Content out;
    if (raw.size() > kMaxRawBytes) { // far over any valid length: do not even decode it
        out.error = "boost content is too long (at most 16 characters)";
        return out;
    }
    std::vector<Decoded> cps;
    std::vector<size_t> offsets;
    for (size_t i = 0; i < raw.size();) {
        auto d = decode(raw, i);
        if (!d) {
            out.error = "boost content must be valid UTF-8";
            return out;
        }
        if (is_control(d->cp)) {
            out.error = "boost content must not contain control characters";
            return out;
        }
        cps.push_back(*d);
        offsets.push_back(i);
        i += d->len;
    }
    size_t first = 0, last = cps.size();
    while (first < last && is_blank(cps[first].cp)) ++first;
    while (last > first && is_blank(cps[last - 1].cp)) --last;
    if (first == last) {
        out.error = "boost content can't be blank";
        return out;
    }
    if (last - first > kMaxContentChars) {
        out.error = "boost content is too long (at most 16 characters)";
        return out;
    }
    size_t begin = offsets[first];
    size_t end = offsets[last - 1] + cps[last - 1].len;
    out.text.assign(raw.substr(begin, end - begin));
    return out;
}

} // namespace boosts
