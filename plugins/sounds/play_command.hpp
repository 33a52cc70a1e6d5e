// Campfire's sound command: a message is a sound only if its whole plain text is `/play <name>`
// (\A/play (\w+)\z) and the name is one of the 56 (catalog.hpp). Pure functions, no SDK.
#pragma once

#include "catalog.hpp"

#include <string>
#include <string_view>

namespace sounds {

// The sound a message's plain text asks for, or nullptr (ordinary text). Surrounding white space
// is ignored (a rich-text body's plain form may end in a newline); anything else must match.
const Sound* played_sound(std::string_view plain_text);

// A rich-text body's text without its tags: block elements and <br> become line breaks, inline
// tags vanish. For payloads that carry no `plain_body`.
std::string strip_tags(std::string_view html);

} // namespace sounds
