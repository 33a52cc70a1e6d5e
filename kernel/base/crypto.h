// Randomness and MACs from OpenSSL, for tokens, cookies and secrets.
#pragma once

#include <string>
#include <string_view>

namespace cf {

std::string random_hex(size_t bytes);            // 2*bytes hex characters
std::string random_alnum(size_t length);         // [A-Za-z0-9], unbiased
std::string hmac_sha256_hex(std::string_view key, std::string_view data);
bool constant_time_equal(std::string_view a, std::string_view b);

} // namespace cf
