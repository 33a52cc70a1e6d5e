// The session cookie: "<token>--<hmac>", signed with SECRET_KEY_BASE so a forged or altered
// token is refused before any database lookup.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cf {

class CookieSigner {
public:
    explicit CookieSigner(std::string secret) : secret_(std::move(secret)) {}
    std::string sign(std::string_view token) const;
    std::optional<std::string> verify(std::string_view cookie_value) const; // the token
    // The Set-Cookie header value for a session (20 years, as Campfire).
    std::string set_cookie(std::string_view token, bool secure) const;
    static std::string clear_cookie(bool secure);

private:
    std::string secret_;
};

// The value of cookie `name` in a Cookie header, or nullopt.
std::optional<std::string> cookie_value(std::string_view cookie_header, std::string_view name);

} // namespace cf
