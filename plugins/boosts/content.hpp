// A boost's content: Campfire's free-text reaction, at most 16 characters (Unicode code points,
// so "👍" is one and "👍🏽" two), with at least one visible character and no control characters.
// Pure functions, no SDK: the input is already valid UTF-8 (the kernel validates JSON bodies).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace boosts {

inline constexpr size_t kMaxContentChars = 16;
// Checked before decoding, so a huge string costs nothing: 16 code points take at most 64 bytes,
// and this leaves room for white space around them that trimming removes.
inline constexpr size_t kMaxRawBytes = 256;

struct Content {
    std::string text;  // trimmed; set when `error` is empty
    std::string error; // why it was refused (422)
};

// Trims surrounding white space, then checks the rules above.
Content check_content(std::string_view raw);

} // namespace boosts
