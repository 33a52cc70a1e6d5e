#include "kernel/auth/cookie.h"

#include "kernel/base/crypto.h"
#include "kernel/base/strings.h"

namespace cf {

std::string CookieSigner::sign(std::string_view token) const {
    return std::string(token) + "--" + hmac_sha256_hex(secret_, "session_token:" + std::string(token));
}

std::optional<std::string> CookieSigner::verify(std::string_view value) const {
    size_t sep = value.rfind("--");
    if (sep == std::string_view::npos || sep == 0 || value.size() > 256) return std::nullopt;
    std::string_view token = value.substr(0, sep);
    std::string_view mac = value.substr(sep + 2);
    if (!constant_time_equal(mac, hmac_sha256_hex(secret_, "session_token:" + std::string(token)))) return std::nullopt;
    return std::string(token);
}

std::string CookieSigner::set_cookie(std::string_view token, bool secure) const {
    std::string v = "session_token=" + sign(token) + "; Path=/; Max-Age=631152000; HttpOnly; SameSite=Lax";
    if (secure) v += "; Secure";
    return v;
}

std::string CookieSigner::clear_cookie(bool secure) {
    std::string v = "session_token=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax";
    if (secure) v += "; Secure";
    return v;
}

std::optional<std::string> cookie_value(std::string_view header, std::string_view name) {
    for (auto part : split(header, ';')) {
        auto p = trim(part);
        size_t eq = p.find('=');
        if (eq == std::string_view::npos) continue;
        if (trim(p.substr(0, eq)) == name) return std::string(trim(p.substr(eq + 1)));
    }
    return std::nullopt;
}

} // namespace cf
