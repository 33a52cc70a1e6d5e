// UTF-8 checks for bodies that arrive as raw bytes (bot messages, webhook replies). Pure code.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace webhooks {

// Length of the valid UTF-8 sequence at s[i] (and its code point), or 0 when there is none.
size_t decode_utf8(std::string_view s, size_t i, uint32_t* cp);
bool valid_utf8(std::string_view s);
// Valid UTF-8 stays as it is; each invalid byte becomes U+FFFD.
std::string scrub_utf8(std::string_view s);

} // namespace webhooks
