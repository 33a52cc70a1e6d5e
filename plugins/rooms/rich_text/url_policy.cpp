// URL allow-list for links in messages (see url_policy.hpp).
#include "url_policy.hpp"

#include <algorithm>

namespace rooms::rich_text {
namespace {

constexpr size_t kMaxUrlBytes = 2048;

bool c0_or_space(char c) { return static_cast<unsigned char>(c) <= 0x20; }

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

} // namespace

std::optional<std::string> allowed_url(std::string_view decoded, bool web_only) {
    // What the URL parser does first (WHATWG URL): trim C0 controls and spaces, drop tabs and newlines.
    while (!decoded.empty() && c0_or_space(decoded.front())) decoded.remove_prefix(1);
    while (!decoded.empty() && c0_or_space(decoded.back())) decoded.remove_suffix(1);
    std::string url;
    url.reserve(decoded.size());
    for (char c : decoded)
        if (c != '\t' && c != '\n' && c != '\r') url.push_back(c);
    if (url.empty() || url.size() > kMaxUrlBytes) return std::nullopt;
    // Any control character left inside is refused outright (never part of a link we want).
    if (std::any_of(url.begin(), url.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; }))
        return std::nullopt;

    size_t colon = url.find(':');
    size_t delimiter = url.find_first_of("/?#");
    bool has_scheme = colon != std::string::npos && (delimiter == std::string::npos || colon < delimiter);
    if (!has_scheme) {
        // Relative ("/rooms/1", "page", "#top") or scheme-relative ("//host/x", which is http(s)).
        if (!web_only) return url;
        return std::nullopt;
    }
    std::string scheme;
    for (size_t i = 0; i < colon; ++i) scheme.push_back(lower(url[i]));
    if (scheme == "http" || scheme == "https") return url;
    if (scheme == "mailto" && !web_only) return url;
    return std::nullopt;
}

} // namespace rooms::rich_text
