// Emoji-only messages (Campfire's `message--emoji`: no bubble, larger type). Campfire tests the
// plain text against \A(\p{Emoji_Presentation}|\p{Extended_Pictographic}|\uFE0F)+\z; we accept
// the same characters plus what real emoji sequences are made of, so "👍🏽", "👨‍👩‍👧",
// "1️⃣" and "🏴󠁧󠁢󠁳󠁣󠁴󠁿" count, and whitespace between emoji ("🎉 🎉").
#pragma once

#include <cstdint>
#include <string_view>

namespace rooms::rich_text {

// Emoji_Presentation or Extended_Pictographic (Unicode 15 table, emoji_table.inc).
bool is_pictographic(char32_t cp);

// True when `plain` holds at least one emoji and nothing else but emoji sequence parts
// (U+FE0F, U+200D zero-width joiner, U+20E3 keycap after 0-9 # *, tag characters U+E0020..E007F)
// and ASCII whitespace. Invalid UTF-8 is never emoji-only.
bool emoji_only(std::string_view plain);

} // namespace rooms::rich_text
