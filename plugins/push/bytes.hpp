// Byte strings and their base64url text form (RFC 4648 §5), as Web Push keys travel: browsers and
// web-push tools print keys and auth secrets in base64url without padding.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace push {

using Bytes = std::vector<unsigned char>;

inline Bytes bytes_of(std::string_view s) { return Bytes(s.begin(), s.end()); }
inline std::string_view text_of(const Bytes& b) { return {reinterpret_cast<const char*>(b.data()), b.size()}; }

// Unpadded base64url.
std::string base64url_encode(const unsigned char* data, size_t size);
inline std::string base64url_encode(const Bytes& b) { return base64url_encode(b.data(), b.size()); }
inline std::string base64url_encode(std::string_view s) {
    return base64url_encode(reinterpret_cast<const unsigned char*>(s.data()), s.size());
}

// Accepts base64url or standard base64, with or without '=' padding (clients differ); nullopt on
// any other character, a misplaced '=', or leftover bits that are not zero.
std::optional<Bytes> base64url_decode(std::string_view text);

} // namespace push
