#include "kernel/auth/password.h"

#include "kernel/base/crypto.h"

#include <crypt.h>

#include <cstdlib>
#include <memory>

namespace cf {

std::optional<std::string> hash_password(std::string_view password) {
    if (password.find('\0') != std::string_view::npos) return std::nullopt;
    std::unique_ptr<char, decltype(&std::free)> salt(crypt_gensalt_ra("$y$", 0, nullptr, 0), &std::free);
    if (!salt) return std::nullopt;
    auto data = std::make_unique<crypt_data>();
    std::string pw(password);
    const char* out = crypt_r(pw.c_str(), salt.get(), data.get());
    if (!out || out[0] == '*') return std::nullopt;
    return std::string(out);
}

bool verify_password(std::string_view password, const std::string& digest) {
    if (digest.empty() || password.find('\0') != std::string_view::npos) return false;
    auto data = std::make_unique<crypt_data>();
    std::string pw(password);
    const char* out = crypt_r(pw.c_str(), digest.c_str(), data.get());
    if (!out || out[0] == '*') return false;
    return constant_time_equal(out, digest);
}

} // namespace cf
