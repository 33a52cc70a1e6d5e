#include "bytes.hpp"

#include <array>

namespace push {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// 0..63, or -1 for a character outside both alphabets.
constexpr std::array<int, 256> make_table() {
    std::array<int, 256> t{};
    for (int& v : t) v = -1;
    for (int i = 0; i < 64; ++i) t[static_cast<unsigned char>(kAlphabet[i])] = i;
    t['+'] = 62;
    t['/'] = 63;
    return t;
}
constexpr std::array<int, 256> kTable = make_table();

} // namespace

std::string base64url_encode(const unsigned char* data, size_t size) {
    std::string out;
    out.reserve((size * 4 + 2) / 3);
    size_t i = 0;
    for (; i + 3 <= size; i += 3) {
        unsigned v = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63];
        out += kAlphabet[v & 63];
    }
    if (size - i == 1) {
        unsigned v = data[i] << 16;
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
    } else if (size - i == 2) {
        unsigned v = (data[i] << 16) | (data[i + 1] << 8);
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63];
    }
    return out;
}

std::optional<Bytes> base64url_decode(std::string_view text) {
    size_t end = text.size();
    while (end > 0 && text[end - 1] == '=') --end;
    if (text.size() - end > 2 || (text.size() != end && text.size() % 4 != 0)) return std::nullopt;
    if (end % 4 == 1) return std::nullopt; // 6 bits cannot end a byte string
    Bytes out;
    out.reserve(end * 3 / 4);
    unsigned acc = 0;
    int bits = 0;
    for (size_t i = 0; i < end; ++i) {
        int v = kTable[static_cast<unsigned char>(text[i])];
        if (v < 0) return std::nullopt;
        acc = (acc << 6) | static_cast<unsigned>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<unsigned char>((acc >> bits) & 0xFF));
        }
    }
    if (bits > 0 && (acc & ((1u << bits) - 1)) != 0) return std::nullopt; // non-canonical tail
    return out;
}

} // namespace push
