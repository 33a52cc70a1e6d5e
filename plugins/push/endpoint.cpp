#include "endpoint.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>

namespace push {
namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::optional<uint16_t> parse_port(std::string_view s) {
    unsigned v = 0;
    if (s.empty() || s.size() > 5) return std::nullopt;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || v == 0 || v > 65535) return std::nullopt;
    return static_cast<uint16_t>(v);
}

// Letters, digits, '-', '.', as DNS names are; or an IPv6 literal handled by the caller.
bool valid_hostname(std::string_view h) {
    if (h.empty() || h.size() > 253 || h.front() == '.' || h.front() == '-') return false;
    return std::all_of(h.begin(), h.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '-' || c == '.';
    });
}

// Splits "host[:port]" / "[v6][:port]"; false when malformed.
bool split_authority(std::string_view authority, std::string& host, std::optional<uint16_t>& port) {
    std::string_view port_text;
    if (!authority.empty() && authority.front() == '[') {
        size_t close = authority.find(']');
        if (close == std::string_view::npos) return false;
        host = lower(authority.substr(1, close - 1));
        std::string_view rest = authority.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':') return false;
            port_text = rest.substr(1);
        }
        in6_addr ignored{};
        if (inet_pton(AF_INET6, host.c_str(), &ignored) != 1) return false;
    } else {
        size_t colon = authority.rfind(':');
        host = lower(authority.substr(0, colon));
        if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
        if (!valid_hostname(host)) return false;
    }
    port.reset();
    if (!port_text.empty()) {
        port = parse_port(port_text);
        if (!port) return false;
    }
    return true;
}

// Resolvers read "127.1", "2130706433" or "0x7f.1" as addresses: a name whose last label does not
// start with a letter is either such a number or no real domain, so only dotted quads pass as IPs.
bool numeric_looking(std::string_view host) {
    size_t dot = host.rfind('.');
    std::string_view last = dot == std::string_view::npos ? host : host.substr(dot + 1);
    return last.empty() || !std::isalpha(static_cast<unsigned char>(last.front()));
}

bool in_v4(uint32_t a, uint32_t net, int bits) {
    uint32_t mask = bits == 0 ? 0 : 0xFFFFFFFFu << (32 - bits);
    return (a & mask) == (net & mask);
}

bool public_v4(uint32_t a) { // host byte order
    struct Range {
        uint32_t net;
        int bits;
    };
    static constexpr Range kBlocked[] = {
        {0x00000000, 8},  {0x0A000000, 8},  {0x64400000, 10}, {0x7F000000, 8},  {0xA9FE0000, 16},
        {0xAC100000, 12}, {0xC0000000, 24}, {0xC0000200, 24}, {0xC0A80000, 16}, {0xC6120000, 15},
        {0xC6336400, 24}, {0xCB007100, 24}, {0xE0000000, 4},  {0xF0000000, 4},
    };
    return std::none_of(std::begin(kBlocked), std::end(kBlocked), [a](const Range& r) { return in_v4(a, r.net, r.bits); });
}

bool public_v6(const in6_addr& a) {
    const unsigned char* b = a.s6_addr;
    static constexpr unsigned char kMappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
    if (std::memcmp(b, kMappedPrefix, 12) == 0) {
        uint32_t v4 = (uint32_t(b[12]) << 24) | (uint32_t(b[13]) << 16) | (uint32_t(b[14]) << 8) | b[15];
        return public_v4(v4);
    }
    if (std::all_of(b, b + 12, [](unsigned char c) { return c == 0; })) return false; // ::, ::1, IPv4-compatible
    if ((b[0] & 0xFE) == 0xFC) return false;                      // fc00::/7 unique local
    if (b[0] == 0xFE && (b[1] & 0xC0) == 0x80) return false;      // fe80::/10 link-local
    if (b[0] == 0xFE && (b[1] & 0xC0) == 0xC0) return false;      // fec0::/10 site-local
    if (b[0] == 0xFF) return false;                               // multicast
    if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8) return false; // documentation
    if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B) return false; // NAT64 can reach private v4
    if (b[0] == 0x20 && b[1] == 0x02) return false; // 6to4 embeds any v4 address
    return true;
}

} // namespace

std::string Endpoint::origin() const {
    bool v6 = host.find(':') != std::string::npos;
    std::string out = scheme + "://" + (v6 ? "[" + host + "]" : host);
    bool default_port = (scheme == "https" && port == 443) || (scheme == "http" && port == 80);
    if (!default_port) out += ":" + std::to_string(port);
    return out;
}

std::optional<Endpoint> parse_endpoint(std::string_view url) {
    if (url.empty() || url.size() > kMaxEndpointBytes) return std::nullopt;
    if (std::any_of(url.begin(), url.end(), [](unsigned char c) { return c <= 0x20 || c >= 0x7F; })) return std::nullopt;
    if (url.find('#') != std::string_view::npos) return std::nullopt;
    size_t sep = url.find("://");
    if (sep == std::string_view::npos) return std::nullopt;
    Endpoint e;
    e.scheme = lower(url.substr(0, sep));
    if (e.scheme != "https" && e.scheme != "http") return std::nullopt;
    std::string_view rest = url.substr(sep + 3);
    size_t slash = rest.find_first_of("/?");
    std::string_view authority = rest.substr(0, slash);
    if (authority.empty() || authority.find('@') != std::string_view::npos) return std::nullopt;
    std::optional<uint16_t> port;
    if (!split_authority(authority, e.host, port)) return std::nullopt;
    e.port = port ? *port : (e.scheme == "https" ? 443 : 80);
    e.target = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
    if (e.target.front() == '?') e.target.insert(e.target.begin(), '/');
    return e;
}

AllowList::AllowList(std::string_view spec) {
    size_t i = 0;
    while (i < spec.size()) {
        size_t end = spec.find_first_of(", ", i);
        if (end == std::string_view::npos) end = spec.size();
        std::string_view item = spec.substr(i, end - i);
        i = end + 1;
        if (item.empty()) continue;
        Entry entry;
        if (split_authority(item, entry.host, entry.port)) entries_.push_back(std::move(entry));
    }
}

bool AllowList::allows(const Endpoint& e) const {
    return std::any_of(entries_.begin(), entries_.end(), [&](const Entry& a) {
        return a.host == e.host && (!a.port || *a.port == e.port);
    });
}

std::optional<std::string> endpoint_problem(const Endpoint& e, const AllowList& allowed) {
    if (allowed.allows(e)) return std::nullopt;
    if (e.scheme != "https") return "endpoint must be an https URL";
    if (e.host == "localhost" || (e.host.size() > 10 && e.host.ends_with(".localhost")) ||
        (is_ip_literal(e.host) ? !is_public_ip_literal(e.host) : numeric_looking(e.host)))
        return "endpoint must be a public host";
    return std::nullopt;
}

bool is_ip_literal(std::string_view host) {
    std::string h(host);
    in_addr v4{};
    in6_addr v6{};
    return inet_pton(AF_INET, h.c_str(), &v4) == 1 || inet_pton(AF_INET6, h.c_str(), &v6) == 1;
}

bool is_public_address(const sockaddr* addr) {
    if (!addr) return false;
    if (addr->sa_family == AF_INET) {
        sockaddr_in v4{};
        std::memcpy(&v4, addr, sizeof v4);
        return public_v4(ntohl(v4.sin_addr.s_addr));
    }
    if (addr->sa_family == AF_INET6) {
        sockaddr_in6 v6{};
        std::memcpy(&v6, addr, sizeof v6);
        return public_v6(v6.sin6_addr);
    }
    return false;
}

bool is_public_ip_literal(std::string_view host) {
    std::string h(host);
    sockaddr_in v4{};
    sockaddr_in6 v6{};
    if (inet_pton(AF_INET, h.c_str(), &v4.sin_addr) == 1) {
        v4.sin_family = AF_INET;
        return is_public_address(reinterpret_cast<const sockaddr*>(&v4));
    }
    if (inet_pton(AF_INET6, h.c_str(), &v6.sin6_addr) == 1) {
        v6.sin6_family = AF_INET6;
        return is_public_address(reinterpret_cast<const sockaddr*>(&v6));
    }
    return false;
}

} // namespace push
