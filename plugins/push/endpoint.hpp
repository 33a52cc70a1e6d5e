// Push endpoints are URLs a browser hands us, so they are hostile input: we POST to them. Only
// https to public hosts, unless the host is in the allow-list (CF_PUSH_ALLOWED_HOSTS, for tests
// and private push services), which also permits plain http. A literal private/loopback address
// is refused when subscribing; names are resolved and checked again before each connection.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct sockaddr;

namespace push {

constexpr size_t kMaxEndpointBytes = 2048;

struct Endpoint {
    std::string scheme; // "https" or "http"
    std::string host;   // lowercased; an IPv6 literal without its brackets
    uint16_t port = 0;  // explicit or the scheme's default
    std::string target; // path and query, at least "/"

    // "https://push.example.net" (the port only when not the default): the JWT audience.
    std::string origin() const;
};

// Syntax only: an absolute http(s) URL with a host, no user info, no fragment, no whitespace or
// control characters, at most kMaxEndpointBytes.
std::optional<Endpoint> parse_endpoint(std::string_view url);

// "host" or "host:port" entries, comma or space separated; an entry without a port allows any.
class AllowList {
public:
    AllowList() = default;
    explicit AllowList(std::string_view spec);
    bool allows(const Endpoint& e) const;
    bool empty() const { return entries_.empty(); }

private:
    struct Entry {
        std::string host;
        std::optional<uint16_t> port;
    };
    std::vector<Entry> entries_;
};

// Why a subscription's endpoint is refused, or nullopt when it is acceptable.
std::optional<std::string> endpoint_problem(const Endpoint& e, const AllowList& allowed);

// True for a literal IPv4/IPv6 address in the text.
bool is_ip_literal(std::string_view host);
// False for loopback, private, link-local, shared, unspecified, multicast, reserved and
// documentation ranges (IPv4-mapped IPv6 judged as IPv4): what a server-side request must not reach.
bool is_public_address(const sockaddr* addr);
bool is_public_ip_literal(std::string_view host);

} // namespace push
