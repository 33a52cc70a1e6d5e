#include "webhook_url.hpp"

#include "text.hpp"

#include <charconv>

namespace webhooks {
namespace {

bool host_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == '_';
}

bool hex_or_colon(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
}

std::optional<WebhookUrl> refuse(std::string* problem, const char* why) {
    if (problem) *problem = why;
    return std::nullopt;
}

} // namespace

std::string WebhookUrl::host_header() const {
    std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    bool default_port = (https && port == 443) || (!https && port == 80);
    return default_port ? h : h + ":" + std::to_string(port);
}

std::optional<WebhookUrl> parse_webhook_url(std::string_view text, std::string* problem) {
    if (text.empty()) return refuse(problem, "the URL is empty");
    if (text.size() > kMaxUrlBytes) return refuse(problem, "the URL is longer than 2048 bytes");
    for (unsigned char c : text)
        if (c <= 0x20 || c >= 0x7f) return refuse(problem, "the URL must not contain spaces, control or non-ASCII characters");

    WebhookUrl url;
    size_t colon = text.find("://");
    if (colon == std::string_view::npos) return refuse(problem, "the URL must start with http:// or https://");
    std::string scheme = lower(text.substr(0, colon));
    if (scheme == "https") url.https = true;
    else if (scheme != "http") return refuse(problem, "the URL must start with http:// or https://");
    std::string_view rest = text.substr(colon + 3);

    size_t end = rest.find_first_of("/?#");
    std::string_view authority = rest.substr(0, end);
    std::string_view tail = end == std::string_view::npos ? std::string_view() : rest.substr(end);
    if (authority.find('@') != std::string_view::npos) return refuse(problem, "the URL must not carry a user name or password");

    std::string_view host, port;
    if (!authority.empty() && authority.front() == '[') {
        size_t close = authority.find(']');
        if (close == std::string_view::npos) return refuse(problem, "the URL has an unclosed [ in its host");
        host = authority.substr(1, close - 1);
        std::string_view after = authority.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':') return refuse(problem, "the URL has a malformed host");
            port = after.substr(1);
        }
        if (host.empty() || host.find(':') == std::string_view::npos) return refuse(problem, "the URL has a malformed IPv6 host");
        for (char c : host)
            if (!hex_or_colon(c)) return refuse(problem, "the URL has a malformed IPv6 host");
    } else {
        size_t p = authority.rfind(':');
        host = authority.substr(0, p);
        if (p != std::string_view::npos) port = authority.substr(p + 1);
        for (char c : host)
            if (!host_char(c)) return refuse(problem, "the URL's host may hold only letters, digits, '-', '.' and '_'");
    }
    if (host.empty() || host.size() > 253) return refuse(problem, "the URL has no host");
    url.host = lower(host);

    url.port = url.https ? 443 : 80;
    if (!port.empty()) {
        unsigned value = 0;
        auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
        if (ec != std::errc() || ptr != port.data() + port.size() || value == 0 || value > 65535)
            return refuse(problem, "the URL's port must be a number from 1 to 65535");
        url.port = static_cast<uint16_t>(value);
    } else if (authority.back() == ':') {
        return refuse(problem, "the URL's port must be a number from 1 to 65535");
    }

    std::string_view target = tail.substr(0, tail.find('#'));
    url.target = target.empty() || target.front() != '/' ? "/" + std::string(target) : std::string(target);
    return url;
}

} // namespace webhooks
