// Converts an application/x-www-form-urlencoded body into JSON text, so plugins see one shape:
//   message[body]=hi&user_ids[]=1&user_ids[]=2  ->  {"message":{"body":"hi"},"user_ids":["1","2"]}
// Values stay strings. Returns nullopt for bad escapes, invalid UTF-8, or nesting deeper than 8.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cf {

std::optional<std::string> form_to_json(std::string_view body);

} // namespace cf
