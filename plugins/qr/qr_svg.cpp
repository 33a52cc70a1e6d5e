#include "qr_svg.hpp"

#include <qrencode.h>

#include <cstdint>
#include <memory>

namespace qr {
namespace {

constexpr int kQuietZone = 4;

int sextet(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '-') return 62;
    if (c == '_') return 63;
    return -1;
}

} // namespace

std::optional<std::string> base64url_decode(std::string_view text) {
    if (text.size() % 4 == 0 && !text.empty()) {
        size_t pad = text.ends_with("==") ? 2 : text.ends_with("=") ? 1 : 0;
        text.remove_suffix(pad);
    }
    if (text.size() % 4 == 1) return std::nullopt; // one sextet cannot hold a byte
    std::string out;
    out.reserve(text.size() * 3 / 4);
    uint32_t bits = 0;
    int count = 0;
    for (char c : text) {
        int v = sextet(c);
        if (v < 0) return std::nullopt;
        bits = (bits << 6) | static_cast<uint32_t>(v);
        count += 6;
        if (count >= 8) {
            count -= 8;
            out.push_back(static_cast<char>((bits >> count) & 0xFF));
        }
    }
    return out;
}

std::optional<std::string> svg(std::string_view data) {
    if (data.empty() || data.size() > 4096) return std::nullopt;
    std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeData(static_cast<int>(data.size()), reinterpret_cast<const unsigned char*>(data.data()), 0,
                          QR_ECLEVEL_M),
        QRcode_free);
    if (!code) return std::nullopt;
    const int width = code->width, size = width + 2 * kQuietZone;
    const std::string n = std::to_string(size);
    std::string out = R"(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 )" + n + " " + n +
                      R"(" shape-rendering="crispEdges"><rect width=")" + n + R"(" height=")" + n +
                      R"(" fill="#FFFFFF"/><path fill="#000000" d=")";
    for (int y = 0; y < width; ++y) {
        const unsigned char* row = code->data + static_cast<size_t>(y) * width;
        for (int x = 0; x < width;) {
            if (!(row[x] & 1)) { ++x; continue; }
            int run = 1;
            while (x + run < width && (row[x + run] & 1)) ++run;
            const std::string len = std::to_string(run);
            out += "M" + std::to_string(x + kQuietZone) + " " + std::to_string(y + kQuietZone) + "h" + len + "v1h-" + len + "z";
            x += run;
        }
    }
    out += R"("/></svg>)";
    return out;
}

} // namespace qr
