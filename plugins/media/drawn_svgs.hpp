// The pictures we draw ourselves, as SVG text: the initials avatar of a person without an upload
// (Campfire's fallback: the first letter of each word of the name on a colour picked by
// CRC32(user id) % 18), the default bot avatar, and the default account logo. Names are user
// input: everything that reaches the SVG is XML-escaped.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace media {

// Our own 18 colours: hues 20° apart, each as light as white text on it allows at a 4.6:1
// contrast ratio (WCAG AA).
inline constexpr std::array<std::string_view, 18> kPalette = {
    "#D04337", "#AE6029", "#8C7221", "#727A1D", "#57801E", "#38841F", "#1F8628", "#1F8449", "#1F8269",
    "#208088", "#2A7AB4", "#4D6FD5", "#6E64DB", "#8D58D8", "#AE41D2", "#C62FBA", "#CF338E", "#D13D62",
};

// kPalette[crc32(decimal user id) % 18]: stable for a user across restarts and servers.
std::string_view avatar_colour(int64_t user_id);

// The first letter of each word (white-space separated), upper-cased (any script the C.UTF-8
// locale knows), at most `max_letters`. A letter keeps its combining marks, variation selectors
// and emoji modifiers. Invalid UTF-8 and control or invisible characters are skipped.
std::string initials(std::string_view name, size_t max_letters = 3);

// Text for XML content and attribute values: & < > " ' escaped, characters XML 1.0 forbids dropped.
std::string xml_escape(std::string_view text);

std::string initials_svg(int64_t user_id, std::string_view name);
std::string bot_svg();
std::string default_logo_svg();

} // namespace media
