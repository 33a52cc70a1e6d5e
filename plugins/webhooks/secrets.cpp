#include "secrets.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <stdexcept>
#include <vector>

namespace webhooks {
namespace {

constexpr char kHex[] = "0123456789abcdef";

std::vector<unsigned char> random_bytes(size_t n) {
    std::vector<unsigned char> out(n);
    if (n && RAND_bytes(out.data(), static_cast<int>(n)) != 1) throw std::runtime_error("RAND_bytes failed");
    return out;
}

std::string hex(const unsigned char* p, size_t n) {
    std::string out;
    out.reserve(n * 2);
    for (size_t i = 0; i < n; ++i) {
        out.push_back(kHex[p[i] >> 4]);
        out.push_back(kHex[p[i] & 15]);
    }
    return out;
}

} // namespace

std::string random_alphanumeric(size_t n) {
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    std::string out;
    out.reserve(n);
    // Rejection sampling keeps every character equally likely: 248 = 4 * 62.
    while (out.size() < n)
        for (unsigned char b : random_bytes(n))
            if (b < 248 && out.size() < n) out.push_back(kAlphabet[b % 62]);
    return out;
}

std::string random_hex(size_t n_bytes) {
    auto b = random_bytes(n_bytes);
    return hex(b.data(), b.size());
}

std::string random_uuid() {
    auto b = random_bytes(16);
    b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);
    b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);
    std::string h = hex(b.data(), b.size());
    return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" + h.substr(20);
}

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
              data.size(), mac, &len))
        throw std::runtime_error("HMAC failed");
    return hex(mac, len);
}

} // namespace webhooks
