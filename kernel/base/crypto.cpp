#include "kernel/base/crypto.h"

#include <openssl/crypto.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <stdexcept>
#include <vector>

namespace cf {

namespace {
void fill_random(unsigned char* out, size_t n) {
    if (RAND_bytes(out, static_cast<int>(n)) != 1) throw std::runtime_error("RAND_bytes failed");
}

std::string to_hex(const unsigned char* p, size_t n) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out(n * 2, '0');
    for (size_t i = 0; i < n; ++i) {
        out[2 * i] = digits[p[i] >> 4];
        out[2 * i + 1] = digits[p[i] & 15];
    }
    return out;
}
} // namespace

std::string random_hex(size_t bytes) {
    std::vector<unsigned char> buf(bytes);
    fill_random(buf.data(), bytes);
    return to_hex(buf.data(), bytes);
}

std::string random_alnum(size_t length) {
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    std::string out;
    out.reserve(length);
    unsigned char b[64];
    while (out.size() < length) {
        fill_random(b, sizeof b);
        for (unsigned char c : b) {
            if (c >= 248) continue; // 248 = 4*62: reject to stay unbiased
            out.push_back(alphabet[c % 62]);
            if (out.size() == length) break;
        }
    }
    return out;
}

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &len);
    return to_hex(mac, len);
}

bool constant_time_equal(std::string_view a, std::string_view b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

} // namespace cf
