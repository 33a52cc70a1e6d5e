#pragma once
// Strict UTF-8 validation (RFC 3629): shared by the WebSocket decoder and the HTTP layer.
#include <string_view>

namespace cf::net {

// True when `s` is well-formed UTF-8: no overlong forms, no surrogates (U+D800..U+DFFF),
// nothing above U+10FFFF, no truncated sequences. The empty string is valid.
bool valid_utf8(std::string_view s);

}  // namespace cf::net
