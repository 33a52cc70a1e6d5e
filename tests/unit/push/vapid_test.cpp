// VAPID (RFC 8292): the JWT's shape and claims, and its ES256 signature verified independently
// from the public key alone, by the test support's own verifier (as a push service does).
#include "bytes.hpp"
#include "p256.hpp"
#include "vapid.hpp"

#include "tests/support/web_push_browser.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <variant>

namespace push {
namespace {

bool verify_es256(const Bytes& point, std::string_view data, const Bytes& sig) {
    return cf::test::verify_es256(text_of(point), data, text_of(sig));
}

struct Jwt {
    std::string header, claims, signing_input;
    Bytes signature;
};

Jwt split(const std::string& jwt) {
    size_t a = jwt.find('.');
    size_t b = jwt.find('.', a + 1);
    EXPECT_NE(b, std::string::npos) << jwt;
    Jwt out;
    out.header = std::string(text_of(base64url_decode(jwt.substr(0, a)).value_or(Bytes{})));
    out.claims = std::string(text_of(base64url_decode(jwt.substr(a + 1, b - a - 1)).value_or(Bytes{})));
    out.signing_input = jwt.substr(0, b);
    out.signature = base64url_decode(jwt.substr(b + 1)).value_or(Bytes{});
    return out;
}

TEST(WebPushVapid, TheJwtNamesTheAudienceExpiryAndSubjectAndVerifiesWithThePublicKey) {
    auto keys = generate_key_pair();
    ASSERT_TRUE(keys.has_value());
    std::string jwt = vapid_jwt(*keys, "https://push.example.net", 1700000000, "mailto:ops@example.com");
    Jwt parts = split(jwt);

    rapidjson::Document header, claims;
    header.Parse(parts.header.c_str());
    claims.Parse(parts.claims.c_str());
    ASSERT_TRUE(header.IsObject() && claims.IsObject()) << parts.header << " " << parts.claims;
    EXPECT_STREQ(header["alg"].GetString(), "ES256");
    EXPECT_STREQ(header["typ"].GetString(), "JWT");
    EXPECT_STREQ(claims["aud"].GetString(), "https://push.example.net");
    EXPECT_EQ(claims["exp"].GetInt64(), 1700000000);
    EXPECT_STREQ(claims["sub"].GetString(), "mailto:ops@example.com");

    EXPECT_TRUE(verify_es256(keys->public_key, parts.signing_input, parts.signature));
    EXPECT_FALSE(verify_es256(keys->public_key, parts.signing_input + "x", parts.signature));
    auto other = generate_key_pair();
    EXPECT_FALSE(verify_es256(other->public_key, parts.signing_input, parts.signature));
}

TEST(WebPushVapid, TheAuthorizationHeaderCarriesTokenAndKey) {
    auto keys = generate_key_pair();
    std::string h = vapid_authorization(*keys, "https://fcm.googleapis.com", 1700000000, "mailto:a@b.c");
    ASSERT_EQ(h.rfind("vapid t=", 0), 0u) << h;
    size_t k = h.find(", k=");
    ASSERT_NE(k, std::string::npos);
    EXPECT_EQ(h.substr(k + 4), base64url_encode(keys->public_key));
    Jwt parts = split(h.substr(8, k - 8));
    EXPECT_TRUE(verify_es256(keys->public_key, parts.signing_input, parts.signature));
}

TEST(WebPushVapid, KeysFromTheEnvironmentAreCheckedAgainstEachOther) {
    auto keys = generate_key_pair();
    std::string priv = base64url_encode(keys->private_key), pub = base64url_encode(keys->public_key);
    auto both = vapid_keys_from_text(priv, pub);
    ASSERT_TRUE(std::holds_alternative<KeyPair>(both));
    EXPECT_EQ(std::get<KeyPair>(both).public_key, keys->public_key);
    auto only_private = vapid_keys_from_text(priv, "");
    ASSERT_TRUE(std::holds_alternative<KeyPair>(only_private));
    EXPECT_EQ(std::get<KeyPair>(only_private).public_key, keys->public_key);

    auto other = generate_key_pair();
    EXPECT_TRUE(std::holds_alternative<std::string>(vapid_keys_from_text(priv, base64url_encode(other->public_key))));
    EXPECT_TRUE(std::holds_alternative<std::string>(vapid_keys_from_text("not base64!", pub)));
    EXPECT_TRUE(std::holds_alternative<std::string>(vapid_keys_from_text(pub, "")));  // a point is not a scalar
    EXPECT_TRUE(std::holds_alternative<std::string>(vapid_keys_from_text(priv, priv)));
}

} // namespace
} // namespace push
