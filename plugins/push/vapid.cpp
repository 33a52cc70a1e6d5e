#include "vapid.hpp"

#include <campfire/json.hpp>

namespace push {

std::string vapid_jwt(const KeyPair& keys, std::string_view audience, int64_t expires_at, std::string_view subject) {
    cf::Json claims;
    claims.obj([&] { claims.key("aud").str(audience).key("exp").num(expires_at).key("sub").str(subject); });
    std::string signing_input = base64url_encode(std::string_view(R"({"typ":"JWT","alg":"ES256"})")) + "." +
                                base64url_encode(claims.text());
    auto signature = sign_es256(keys, signing_input);
    if (!signature) return {};
    return signing_input + "." + base64url_encode(*signature);
}

std::string vapid_authorization(const KeyPair& keys, std::string_view audience, int64_t expires_at,
                                std::string_view subject) {
    std::string jwt = vapid_jwt(keys, audience, expires_at, subject);
    if (jwt.empty()) return {};
    return "vapid t=" + jwt + ", k=" + base64url_encode(keys.public_key);
}

std::variant<KeyPair, std::string> vapid_keys_from_text(std::string_view private_b64, std::string_view public_b64) {
    auto scalar = base64url_decode(private_b64);
    if (!scalar || scalar->size() != kPrivateKeyBytes)
        return std::string("VAPID_PRIVATE_KEY must be a base64url P-256 private key (32 bytes)");
    auto keys = key_pair_from_private(*scalar);
    if (!keys) return std::string("VAPID_PRIVATE_KEY is not a valid P-256 private key");
    if (!public_b64.empty()) {
        auto point = base64url_decode(public_b64);
        if (!point || !valid_public_key(*point))
            return std::string("VAPID_PUBLIC_KEY must be a base64url uncompressed P-256 point (65 bytes)");
        if (*point != keys->public_key) return std::string("VAPID_PUBLIC_KEY does not belong to VAPID_PRIVATE_KEY");
    }
    return std::move(*keys);
}

} // namespace push
