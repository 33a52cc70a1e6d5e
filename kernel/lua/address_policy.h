// Where scripts may send HTTP requests: the webhook rule. The server reaches out from inside the
// network, so loopback, private, link-local, shared (CGNAT), multicast and reserved addresses are
// refused unless the host (or host:port) is listed in WEBHOOK_ALLOWED_HOSTS (comma-separated).
// The name is resolved once and the connection goes to the address that was checked, so a second
// DNS answer cannot point it elsewhere.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cf::lua {

class AllowedHosts {
public:
    static AllowedHosts parse(std::string_view csv); // "hooks.local, 127.0.0.1:9000"
    bool allows(std::string_view host, uint16_t port) const;

private:
    std::vector<std::string> entries_; // lowercased
};

// True for a public unicast IPv4 or IPv6 address in text form.
bool is_public_address(std::string_view ip);

// The address to connect to for host:port, or nullopt with `error` (unresolvable or refused).
std::optional<std::string> resolve_target(const std::string& host, uint16_t port, const AllowedHosts& allowed,
                                          std::string* error);

} // namespace cf::lua
