// A bot's webhook URL, parsed once and strictly: http or https, a host, an optional port, a path.
// Pure code (no SDK calls), unit-tested in tests/unit/webhooks.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace webhooks {

constexpr size_t kMaxUrlBytes = 2048;

struct WebhookUrl {
    bool https = false;
    std::string host;   // lowercase; an IPv6 literal without its brackets
    uint16_t port = 0;  // the scheme's default when the URL has none
    std::string target; // path and query, at least "/"; never the fragment

    // "host" or "host:port" (brackets around IPv6) for the Host header: the port only when it is
    // not the scheme's default.
    std::string host_header() const;
};

// nullopt (with a reason) for anything but an absolute http(s) URL of at most 2 KB without user
// information, spaces or control characters.
std::optional<WebhookUrl> parse_webhook_url(std::string_view text, std::string* problem);

} // namespace webhooks
