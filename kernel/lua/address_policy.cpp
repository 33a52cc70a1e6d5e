#include "kernel/lua/address_policy.h"

#include "kernel/base/strings.h"

#include <arpa/inet.h>
#include <netdb.h>

#include <cstring>
#include <memory>

namespace cf::lua {

namespace {

bool public_v4(uint32_t a) { // host byte order
    auto in = [a](uint32_t net, int bits) { return bits == 0 || (a >> (32 - bits)) == (net >> (32 - bits)); };
    return !(in(0x00000000, 8) ||  // "this" network
             in(0x0A000000, 8) ||  // private
             in(0x64400000, 10) || // shared address space (CGNAT)
             in(0x7F000000, 8) ||  // loopback
             in(0xA9FE0000, 16) || // link-local
             in(0xAC100000, 12) || // private
             in(0xC0000000, 24) || // IETF protocol assignments
             in(0xC0000200, 24) || // documentation
             in(0xC0A80000, 16) || // private
             in(0xC6120000, 15) || // benchmarking
             in(0xC6336400, 24) || // documentation
             in(0xCB007100, 24) || // documentation
             in(0xE0000000, 4) ||  // multicast
             in(0xF0000000, 4));   // reserved, broadcast
}

bool public_v6(const unsigned char* b) {
    static const unsigned char zero[16] = {};
    if (std::memcmp(b, zero, 15) == 0 && (b[15] == 0 || b[15] == 1)) return false; // :: and ::1
    // IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::/96): judge the IPv4 inside.
    static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    static const unsigned char nat64[12] = {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
    if (std::memcmp(b, mapped, 12) == 0 || std::memcmp(b, nat64, 12) == 0)
        return public_v4(uint32_t(b[12]) << 24 | uint32_t(b[13]) << 16 | uint32_t(b[14]) << 8 | b[15]);
    if ((b[0] & 0xfe) == 0xfc) return false;                 // unique local fc00::/7
    if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return false; // link-local fe80::/10
    if (b[0] == 0xff) return false;                          // multicast
    if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) return false; // documentation
    return true;
}

} // namespace

AllowedHosts AllowedHosts::parse(std::string_view csv) {
    AllowedHosts out;
    for (auto part : split(csv, ',')) {
        auto entry = trim(part);
        if (!entry.empty()) out.entries_.push_back(to_lower(entry));
    }
    return out;
}

bool AllowedHosts::allows(std::string_view host, uint16_t port) const {
    std::string h = to_lower(host);
    std::string bracketed = h.find(':') != std::string::npos ? "[" + h + "]" : h; // IPv6 literals
    std::string with_port = bracketed + ":" + std::to_string(port);
    for (const auto& e : entries_)
        if (e == h || e == bracketed || e == with_port) return true;
    return false;
}

bool is_public_address(std::string_view ip) {
    std::string text(ip);
    in_addr v4{};
    if (inet_pton(AF_INET, text.c_str(), &v4) == 1) return public_v4(ntohl(v4.s_addr));
    in6_addr v6{};
    if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) return public_v6(v6.s6_addr);
    return false;
}

std::optional<std::string> resolve_target(const std::string& host, uint16_t port, const AllowedHosts& allowed,
                                          std::string* error) {
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    int rc = getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found);
    if (rc != 0 || !found) {
        *error = "cannot resolve " + host;
        return std::nullopt;
    }
    std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> list(found, freeaddrinfo);
    bool listed = allowed.allows(host, port);
    for (addrinfo* a = found; a; a = a->ai_next) {
        char text[INET6_ADDRSTRLEN] = {};
        const void* raw = a->ai_family == AF_INET ? static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(a->ai_addr)->sin_addr)
                                                  : static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(a->ai_addr)->sin6_addr);
        if (a->ai_family != AF_INET && a->ai_family != AF_INET6) continue;
        if (!inet_ntop(a->ai_family, raw, text, sizeof text)) continue;
        if (listed || is_public_address(text)) return std::string(text);
    }
    *error = "refused: " + host + " is a private, loopback or reserved address (list it in WEBHOOK_ALLOWED_HOSTS)";
    return std::nullopt;
}

} // namespace cf::lua
