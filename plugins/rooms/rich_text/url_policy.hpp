// Which URLs a message may link to: http, https, mailto, or a relative URL. Everything else
// (javascript:, data:, vbscript:, file:, ...) is refused, however it is spelled: the check runs
// on the value the HTML parser decoded (entities resolved) and strips what browsers strip
// (leading/trailing C0 controls and spaces, tabs and newlines anywhere) before reading the scheme.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace rooms::rich_text {

// The URL to write back (the cleaned form), or nullopt when it is not allowed.
// `web_only`: only http and https (an image or embed source), no mailto, no relative.
std::optional<std::string> allowed_url(std::string_view decoded, bool web_only = false);

} // namespace rooms::rich_text
