#include "kernel/auth/ip_rules.h"

#include <arpa/inet.h>

#include <cstdint>
#include <cstring>
#include <string>

namespace cf {

namespace {

bool public_v4(uint32_t a) { // host byte order
    auto in = [a](uint32_t net, int bits) { return (a >> (32 - bits)) == (net >> (32 - bits)); };
    return !(in(0x00000000, 8) || in(0x0A000000, 8) || in(0x7F000000, 8) || in(0xA9FE0000, 16) ||
             in(0xAC100000, 12) || in(0xC0A80000, 16) || in(0x64400000, 10) || in(0xE0000000, 4) ||
             in(0xF0000000, 4));
}

} // namespace

bool is_public_ip(std::string_view text) {
    if (text.empty() || text.size() > 45) return false;
    std::string ip(text);
    in_addr v4{};
    if (inet_pton(AF_INET, ip.c_str(), &v4) == 1) return public_v4(ntohl(v4.s_addr));
    in6_addr v6{};
    if (inet_pton(AF_INET6, ip.c_str(), &v6) != 1) return false;
    const uint8_t* b = v6.s6_addr;
    static const uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::memcmp(b, kMapped, 12) == 0)
        return public_v4(uint32_t{b[12]} << 24 | uint32_t{b[13]} << 16 | uint32_t{b[14]} << 8 | b[15]);
    static const uint8_t kZero[15] = {};
    if (std::memcmp(b, kZero, 15) == 0) return false;          // :: and ::1
    if ((b[0] & 0xfe) == 0xfc) return false;                     // fc00::/7 unique local
    if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return false;     // fe80::/10 link-local
    if (b[0] == 0xff) return false;                              // multicast
    return true;
}

} // namespace cf
