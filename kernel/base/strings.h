// Small string helpers for parsing what comes off the network.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cf {

std::string to_lower(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
std::string_view trim(std::string_view s);
// Percent-decoding; `plus_is_space` for form bodies and query strings. nullopt on a bad escape.
std::optional<std::string> url_decode(std::string_view s, bool plus_is_space);
// "a=1&b=2" -> pairs, decoded. nullopt on a bad escape.
std::optional<std::vector<std::pair<std::string, std::string>>> parse_query(std::string_view q);
std::optional<int64_t> parse_int(std::string_view s);
std::vector<std::string_view> split(std::string_view s, char sep);
// "host:port" -> "host"; "[::1]:3000" -> "[::1]"; no port -> as is.
std::string_view host_without_port(std::string_view authority);

} // namespace cf
