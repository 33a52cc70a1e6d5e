// VAPID (RFC 8292): the JWT's shape and claims, and its ES256 signature verified independently
// with OpenSSL from the public key alone (as a push service does).
#include "bytes.hpp"
#include "p256.hpp"
#include "vapid.hpp"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <memory>
#include <variant>

namespace push {
namespace {

// True when `sig` (r || s) is a valid ES256 signature of `data` by the holder of `point`.
bool verify_es256(const Bytes& point, std::string_view data, const Bytes& sig) {
    if (sig.size() != 64) return false;
    OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
    OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0);
    OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size());
    OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(bld);
    EVP_PKEY_CTX* pctx = EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr);
    EVP_PKEY* key = nullptr;
    EVP_PKEY_fromdata_init(pctx);
    EVP_PKEY_fromdata(pctx, &key, EVP_PKEY_PUBLIC_KEY, params);
    ECDSA_SIG* es = ECDSA_SIG_new();
    ECDSA_SIG_set0(es, BN_bin2bn(sig.data(), 32, nullptr), BN_bin2bn(sig.data() + 32, 32, nullptr));
    unsigned char* der = nullptr;
    int der_len = i2d_ECDSA_SIG(es, &der);
    EVP_MD_CTX* md = EVP_MD_CTX_new();
    bool ok = key && der_len > 0 && EVP_DigestVerifyInit(md, nullptr, EVP_sha256(), nullptr, key) == 1 &&
              EVP_DigestVerify(md, der, static_cast<size_t>(der_len), reinterpret_cast<const unsigned char*>(data.data()),
                               data.size()) == 1;
    EVP_MD_CTX_free(md);
    OPENSSL_free(der);
    ECDSA_SIG_free(es);
    EVP_PKEY_free(key);
    EVP_PKEY_CTX_free(pctx);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    return ok;
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
