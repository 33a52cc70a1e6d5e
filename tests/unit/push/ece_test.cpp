// RFC 8291 (Web Push message encryption) against the RFC's own worked example (§5, Appendix A):
// fixed keys and salt must give exactly the published intermediate values and request body.
#include "bytes.hpp"
#include "ece.hpp"
#include "p256.hpp"

#include <gtest/gtest.h>

namespace push {
namespace {

Bytes b64(std::string_view s) {
    auto out = base64url_decode(s);
    EXPECT_TRUE(out.has_value()) << s;
    return out.value_or(Bytes{});
}

constexpr std::string_view kPlaintext = "When I grow up, I want to be a watermelon";
constexpr std::string_view kAsPrivate = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
constexpr std::string_view kAsPublic =
    "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
constexpr std::string_view kUaPrivate = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";
constexpr std::string_view kUaPublic =
    "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
constexpr std::string_view kAuthSecret = "BTBZMqHH6r4Tts7J_aSIgg";
constexpr std::string_view kSalt = "DGv6ra1nlYgDCS1FRnbzlw";
constexpr std::string_view kEcdhSecret = "kyrL1jIIOHEzg3sM2ZWRHDRB62YACZhhSlknJ672kSs";
constexpr std::string_view kIkm = "S4lYMb_L0FxCeq0WhDx813KgSYqU26kOyzWUdsXYyrg";
constexpr std::string_view kCek = "oIhVW04MRdy2XN9CiKLxTg";
constexpr std::string_view kNonce = "4h_95klXJ5E_qnoN";
constexpr std::string_view kBody =
    "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_"
    "yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN";

KeyPair as_keys() {
    auto keys = key_pair_from_private(b64(kAsPrivate));
    EXPECT_TRUE(keys.has_value());
    return keys.value_or(KeyPair{});
}

TEST(WebPushEncryption, ThePublicKeyIsDerivedFromThePrivateScalar) {
    EXPECT_EQ(base64url_encode(as_keys().public_key), kAsPublic);
    auto ua = key_pair_from_private(b64(kUaPrivate));
    ASSERT_TRUE(ua.has_value());
    EXPECT_EQ(base64url_encode(ua->public_key), kUaPublic);
}

TEST(WebPushEncryption, EcdhGivesTheRfcSharedSecretFromBothSides) {
    auto ours = ecdh(as_keys(), b64(kUaPublic));
    ASSERT_TRUE(ours.has_value());
    EXPECT_EQ(base64url_encode(*ours), kEcdhSecret);
    auto theirs = ecdh(*key_pair_from_private(b64(kUaPrivate)), b64(kAsPublic));
    ASSERT_TRUE(theirs.has_value());
    EXPECT_EQ(*theirs, *ours);
}

TEST(WebPushEncryption, HkdfGivesTheRfcIkmKeyAndNonce) {
    Bytes key_info = bytes_of(std::string_view("WebPush: info\0", 14));
    Bytes ua = b64(kUaPublic), as = b64(kAsPublic);
    key_info.insert(key_info.end(), ua.begin(), ua.end());
    key_info.insert(key_info.end(), as.begin(), as.end());
    auto ikm = hkdf_sha256(b64(kAuthSecret), b64(kEcdhSecret), key_info, 32);
    ASSERT_TRUE(ikm.has_value());
    EXPECT_EQ(base64url_encode(*ikm), kIkm);
    auto cek = hkdf_sha256(b64(kSalt), *ikm, bytes_of(std::string_view("Content-Encoding: aes128gcm\0", 28)), 16);
    auto nonce = hkdf_sha256(b64(kSalt), *ikm, bytes_of(std::string_view("Content-Encoding: nonce\0", 24)), 12);
    ASSERT_TRUE(cek && nonce);
    EXPECT_EQ(base64url_encode(*cek), kCek);
    EXPECT_EQ(base64url_encode(*nonce), kNonce);
}

TEST(WebPushEncryption, FixedKeysAndSaltGiveTheRfcBodyExactly) {
    auto body = encrypt_push_with(kPlaintext, b64(kUaPublic), b64(kAuthSecret), as_keys(), b64(kSalt));
    ASSERT_TRUE(body.has_value());
    EXPECT_EQ(base64url_encode(*body), kBody);
}

TEST(WebPushEncryption, FreshEncryptionsDifferAndHaveTheHeaderShape) {
    auto a = encrypt_push(kPlaintext, b64(kUaPublic), b64(kAuthSecret));
    auto b = encrypt_push(kPlaintext, b64(kUaPublic), b64(kAuthSecret));
    ASSERT_TRUE(a && b);
    EXPECT_NE(*a, *b); // new salt and ephemeral key each time
    ASSERT_EQ(a->size(), 16 + 4 + 1 + 65 + kPlaintext.size() + 1 + 16);
    EXPECT_EQ((*a)[16], 0x00);
    EXPECT_EQ((*a)[18], 0x10); // rs = 4096
    EXPECT_EQ((*a)[20], 65);   // idlen
    EXPECT_EQ((*a)[21], 0x04); // uncompressed point
}

TEST(WebPushEncryption, RefusesBadInputs) {
    Bytes ua = b64(kUaPublic), auth = b64(kAuthSecret);
    EXPECT_FALSE(encrypt_push(kPlaintext, ua, Bytes(15, 1)).has_value());
    Bytes off_curve = ua;
    off_curve[40] ^= 0x01;
    EXPECT_FALSE(encrypt_push(kPlaintext, off_curve, auth).has_value());
    EXPECT_FALSE(encrypt_push(std::string(kMaxPlaintextBytes + 1, 'x'), ua, auth).has_value());
    auto largest = encrypt_push(std::string(kMaxPlaintextBytes, 'x'), ua, auth);
    ASSERT_TRUE(largest.has_value());
    EXPECT_EQ(largest->size(), 4096u);
}

TEST(WebPushKeys, ValidPublicKeysArePointsOnTheCurve) {
    Bytes ua = b64(kUaPublic);
    EXPECT_TRUE(valid_public_key(ua));
    Bytes compressed(ua.begin(), ua.begin() + 33);
    compressed[0] = 0x02;
    EXPECT_FALSE(valid_public_key(compressed));
    Bytes wrong_tag = ua;
    wrong_tag[0] = 0x05;
    EXPECT_FALSE(valid_public_key(wrong_tag));
    Bytes off_curve = ua;
    off_curve[64] ^= 0x01;
    EXPECT_FALSE(valid_public_key(off_curve));
    EXPECT_FALSE(valid_public_key(Bytes(65, 0)));
}

TEST(WebPushKeys, GeneratedPairsAreConsistent) {
    auto keys = generate_key_pair();
    ASSERT_TRUE(keys.has_value());
    EXPECT_EQ(keys->private_key.size(), kPrivateKeyBytes);
    EXPECT_TRUE(valid_public_key(keys->public_key));
    EXPECT_EQ(key_pair_from_private(keys->private_key)->public_key, keys->public_key);
    EXPECT_FALSE(key_pair_from_private(Bytes(32, 0)).has_value());     // zero scalar
    EXPECT_FALSE(key_pair_from_private(Bytes(32, 0xFF)).has_value());  // above the group order
    EXPECT_FALSE(key_pair_from_private(Bytes(31, 1)).has_value());
}

TEST(WebPushBase64url, RoundTripsAndAcceptsWhatClientsSend) {
    for (size_t n = 0; n < 40; ++n) {
        Bytes data(n);
        for (size_t i = 0; i < n; ++i) data[i] = static_cast<unsigned char>(i * 37 + 11);
        std::string text = base64url_encode(data);
        EXPECT_EQ(text.find('='), std::string::npos);
        EXPECT_EQ(base64url_decode(text), data);
    }
    EXPECT_EQ(base64url_decode("BTBZMqHH6r4Tts7J_aSIgg=="), b64(kAuthSecret));   // padded
    EXPECT_EQ(base64url_decode("BTBZMqHH6r4Tts7J/aSIgg"), b64(kAuthSecret));     // standard alphabet
    EXPECT_FALSE(base64url_decode("BTBZ MqHH").has_value());
    EXPECT_FALSE(base64url_decode("A").has_value());
    EXPECT_FALSE(base64url_decode("AB=C").has_value());
    EXPECT_FALSE(base64url_decode("AB===").has_value());
    EXPECT_EQ(base64url_decode("AQ"), Bytes{0x01});
    EXPECT_FALSE(base64url_decode("AF").has_value()); // non-zero bits after the last byte
}

} // namespace
} // namespace push
