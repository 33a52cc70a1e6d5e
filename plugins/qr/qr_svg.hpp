// QR codes as SVG text, drawn from libqrencode's module matrix: one path of dark modules (a
// horizontal run per `h`) on a white square with the 4-module quiet zone the standard asks for.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace qr {

// RFC 4648 §5 base64url, padded or not; nullopt on any other character, bad padding or length.
std::optional<std::string> base64url_decode(std::string_view text);

// The SVG of a QR code (byte mode, error correction M, smallest version that fits) for `data`,
// or nullopt when it does not fit any version (over ~2.3 KB).
std::optional<std::string> svg(std::string_view data);

} // namespace qr
