// Random tokens and the HMAC behind signed deliveries (OpenSSL). Pure code, unit-tested.
#pragma once

#include <string>
#include <string_view>

namespace webhooks {

// n characters from [A-Za-z0-9], from a CSPRNG (Campfire's bot token is 12 of them).
std::string random_alphanumeric(size_t n);
// 2n lowercase hex digits from n random bytes.
std::string random_hex(size_t n_bytes);
// A random (version 4) UUID, "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".
std::string random_uuid();
// Lowercase hex of HMAC-SHA256(key, data).
std::string hmac_sha256_hex(std::string_view key, std::string_view data);

} // namespace webhooks
