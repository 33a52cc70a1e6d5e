// Where the server may send a webhook (SSRF guard). Bots are reached from inside our network, so
// an address that is not public (loopback, private, link-local, CGNAT, multicast, unspecified,
// reserved; IPv4 and IPv6, IPv4 embedded in IPv6 included) is refused unless the operator lists
// the host in WEBHOOK_ALLOWED_HOSTS. The name is resolved once here, and the caller connects to
// the address returned, so a second DNS answer cannot swap in another address (rebinding).
// Pure code (no SDK calls), unit-tested in tests/unit/webhooks.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace webhooks {

// Why an address is not public, or nullopt when it is. `bytes` is 4 (IPv4) or 16 (IPv6) bytes
// in network order.
std::optional<std::string> non_public_reason(const uint8_t* bytes, size_t size);
// The same for a numeric address text ("10.0.0.1", "::1"); "not an IP address" when it is none.
std::optional<std::string> non_public_reason(std::string_view ip_text);

// WEBHOOK_ALLOWED_HOSTS: comma-separated "host", "host:port", "[v6]" or "[v6]:port" entries.
class AllowList {
public:
    AllowList() = default;
    explicit AllowList(std::string_view spec);
    // True when an entry names this host (or address text) and either no port or this port.
    bool allows(std::string_view host, uint16_t port) const;
    bool empty() const { return entries_.empty(); }

private:
    struct Entry {
        std::string host; // lowercase, no brackets
        uint16_t port;    // 0: any port
    };
    std::vector<Entry> entries_;
};

struct ResolvedTarget {
    std::string ip;      // numeric address text to connect to
    std::string refusal; // non-empty: do not connect; why (for logs and admins)
};

// Resolves `host` (blocking getaddrinfo) and picks the first address that is public or allowed.
// A host listed in the allow list may use any address it resolves to.
ResolvedTarget resolve_target(std::string_view host, uint16_t port, const AllowList& allowed);

} // namespace webhooks
