#include "address_policy.hpp"

#include "text.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <memory>

namespace webhooks {
namespace {

// IANA special-purpose IPv4 ranges a webhook has no business reaching (RFC 6890 and updates).
std::optional<std::string> v4_reason(const uint8_t* b) {
    uint32_t a = (uint32_t(b[0]) << 24) | (uint32_t(b[1]) << 16) | (uint32_t(b[2]) << 8) | uint32_t(b[3]);
    auto in = [a](uint32_t net, int bits) { return bits == 0 || (a >> (32 - bits)) == (net >> (32 - bits)); };
    if (in(0x00000000, 8)) return "unspecified";             // 0.0.0.0/8 "this network"
    if (in(0x7f000000, 8)) return "loopback";                // 127.0.0.0/8
    if (in(0x0a000000, 8) || in(0xac100000, 12) || in(0xc0a80000, 16)) return "private"; // RFC 1918
    if (in(0x64400000, 10)) return "shared (carrier-grade NAT)"; // 100.64.0.0/10
    if (in(0xa9fe0000, 16)) return "link-local";             // 169.254.0.0/16
    if (in(0xc0000000, 24)) return "reserved";               // 192.0.0.0/24 protocol assignments
    if (in(0xc0000200, 24) || in(0xc6336400, 24) || in(0xcb007100, 24)) return "documentation";
    if (in(0xc6120000, 15)) return "reserved";               // 198.18.0.0/15 benchmarking
    if (in(0xe0000000, 4)) return "multicast";               // 224.0.0.0/4
    if (in(0xf0000000, 4)) return "reserved";                // 240.0.0.0/4 and the broadcast address
    return std::nullopt;
}

std::optional<std::string> v6_reason(const uint8_t* b) {
    static constexpr uint8_t zero[16] = {};
    auto prefix = [b](std::initializer_list<uint8_t> p) { return std::memcmp(b, p.begin(), p.size()) == 0; };
    if (std::memcmp(b, zero, 16) == 0) return "unspecified";
    if (std::memcmp(b, zero, 15) == 0 && b[15] == 1) return "loopback";
    if (std::memcmp(b, zero, 10) == 0 && b[10] == 0xff && b[11] == 0xff) { // ::ffff:a.b.c.d
        auto r = v4_reason(b + 12);
        return r ? std::optional<std::string>("IPv4-mapped " + *r) : std::nullopt;
    }
    if (std::memcmp(b, zero, 12) == 0) return "reserved";                    // IPv4-compatible (deprecated)
    if (prefix({0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0})) {         // 64:ff9b::/96 NAT64
        auto r = v4_reason(b + 12);
        return r ? std::optional<std::string>("NAT64 " + *r) : std::nullopt;
    }
    if (prefix({0x00, 0x64, 0xff, 0x9b, 0x00, 0x01})) return "private";     // 64:ff9b:1::/48 local NAT64
    if (prefix({0x01, 0x00, 0, 0, 0, 0, 0, 0})) return "reserved";          // 100::/64 discard
    if (prefix({0x20, 0x01, 0x0d, 0xb8})) return "documentation";           // 2001:db8::/32
    if (prefix({0x20, 0x01, 0x00, 0x00})) return "reserved";                // 2001::/32 Teredo
    if (prefix({0x20, 0x02})) {                                             // 2002::/16 6to4
        auto r = v4_reason(b + 2);
        return r ? std::optional<std::string>("6to4 " + *r) : std::nullopt;
    }
    if ((b[0] & 0xfe) == 0xfc) return "private";                            // fc00::/7 unique local
    if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return "link-local";         // fe80::/10
    if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return "private";            // fec0::/10 site-local
    if (b[0] == 0xff) return "multicast";                                   // ff00::/8
    return std::nullopt;
}

std::optional<uint16_t> parse_port(std::string_view s) {
    unsigned v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || v == 0 || v > 65535) return std::nullopt;
    return static_cast<uint16_t>(v);
}

std::string address_text(const sockaddr* sa) {
    char buf[INET6_ADDRSTRLEN] = {};
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(sa)->sin_addr, buf, sizeof buf);
    else
        inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr, buf, sizeof buf);
    return buf;
}

std::optional<std::string> sockaddr_reason(const sockaddr* sa) {
    if (sa->sa_family == AF_INET)
        return v4_reason(reinterpret_cast<const uint8_t*>(&reinterpret_cast<const sockaddr_in*>(sa)->sin_addr));
    return v6_reason(reinterpret_cast<const uint8_t*>(&reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr));
}

} // namespace

std::optional<std::string> non_public_reason(const uint8_t* bytes, size_t size) {
    if (size == 4) return v4_reason(bytes);
    if (size == 16) return v6_reason(bytes);
    return "not an IP address";
}

std::optional<std::string> non_public_reason(std::string_view ip_text) {
    std::string text(ip_text);
    uint8_t buf[16];
    if (inet_pton(AF_INET, text.c_str(), buf) == 1) return v4_reason(buf);
    if (inet_pton(AF_INET6, text.c_str(), buf) == 1) return v6_reason(buf);
    return "not an IP address";
}

AllowList::AllowList(std::string_view spec) {
    while (!spec.empty()) {
        size_t comma = spec.find(',');
        std::string_view item = trim(spec.substr(0, comma));
        spec = comma == std::string_view::npos ? std::string_view() : spec.substr(comma + 1);
        if (item.empty()) continue;
        Entry e{{}, 0};
        if (item.front() == '[') {
            size_t close = item.find(']');
            if (close == std::string_view::npos) continue;
            e.host = lower(item.substr(1, close - 1));
            std::string_view after = item.substr(close + 1);
            if (!after.empty()) {
                auto port = after.front() == ':' ? parse_port(after.substr(1)) : std::nullopt;
                if (!port) continue;
                e.port = *port;
            }
        } else if (std::count(item.begin(), item.end(), ':') == 1) {
            size_t colon = item.find(':');
            auto port = parse_port(item.substr(colon + 1));
            if (!port) continue;
            e.host = lower(item.substr(0, colon));
            e.port = *port;
        } else {
            e.host = lower(item); // a name, an IPv4 address, or a bare IPv6 address
        }
        if (!e.host.empty()) entries_.push_back(std::move(e));
    }
}

bool AllowList::allows(std::string_view host, uint16_t port) const {
    std::string h = lower(host);
    for (const auto& e : entries_)
        if (e.host == h && (e.port == 0 || e.port == port)) return true;
    return false;
}

ResolvedTarget resolve_target(std::string_view host, uint16_t port, const AllowList& allowed) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    std::string name(host);
    int rc = getaddrinfo(name.c_str(), nullptr, &hints, &found);
    std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> owned(found, freeaddrinfo);
    if (rc != 0 || !found) return {{}, "cannot resolve " + name + ": " + gai_strerror(rc)};

    bool host_allowed = allowed.allows(host, port);
    std::string first_refusal;
    for (addrinfo* ai = found; ai; ai = ai->ai_next) {
        if (ai->ai_family != AF_INET && ai->ai_family != AF_INET6) continue;
        std::string ip = address_text(ai->ai_addr);
        if (host_allowed || allowed.allows(ip, port)) return {ip, {}};
        auto reason = sockaddr_reason(ai->ai_addr);
        if (!reason) return {ip, {}};
        if (first_refusal.empty())
            first_refusal = name + " resolves to " + ip + ", a " + *reason +
                            " address; list the host in WEBHOOK_ALLOWED_HOSTS to allow it";
    }
    return {{}, first_refusal.empty() ? "no IPv4 or IPv6 address for " + name : first_refusal};
}

} // namespace webhooks
