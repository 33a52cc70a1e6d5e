// Password hashing through libcrypt: yescrypt for new hashes; verifies any hash libcrypt knows,
// including Rails' "$2a$" bcrypt, so people imported from Campfire keep their passwords.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cf {

std::optional<std::string> hash_password(std::string_view password);
bool verify_password(std::string_view password, const std::string& digest);

} // namespace cf
