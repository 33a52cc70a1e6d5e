// Signed session cookies, passwords (including Rails' $2a$ bcrypt) and the sign-in rate limit.
#include "kernel/auth/cookie.h"
#include "kernel/auth/password.h"
#include "kernel/auth/rate_limiter.h"

#include <gtest/gtest.h>

namespace cf {
namespace {

TEST(Cookie, SignedTokensVerifyAndTamperedOnesDoNot) {
    CookieSigner signer(std::string(64, 'k'));
    std::string value = signer.sign("token123");
    EXPECT_EQ(signer.verify(value), "token123");
    std::string tampered = value;
    tampered[0] = 'X';
    EXPECT_FALSE(signer.verify(tampered));
    EXPECT_FALSE(signer.verify("token123"));
    EXPECT_FALSE(signer.verify("token123--"));
    EXPECT_FALSE(CookieSigner(std::string(64, 'o')).verify(value)); // another secret
    std::string set = signer.set_cookie("t", true);
    EXPECT_NE(set.find("HttpOnly"), std::string::npos);
    EXPECT_NE(set.find("SameSite=Lax"), std::string::npos);
    EXPECT_NE(set.find("; Secure"), std::string::npos);
    EXPECT_EQ(signer.set_cookie("t", false).find("Secure"), std::string::npos);
}

TEST(Cookie, FindsOneCookieInAHeader) {
    EXPECT_EQ(cookie_value("a=1; session_token=abc--def; b=2", "session_token"), "abc--def");
    EXPECT_FALSE(cookie_value("a=1; b=2", "session_token"));
    EXPECT_FALSE(cookie_value("", "session_token"));
}

TEST(Password, HashesVerifyAndWrongPasswordsFail) {
    auto digest = hash_password("correct horse");
    ASSERT_TRUE(digest);
    EXPECT_EQ(digest->rfind("$y$", 0), 0u); // yescrypt
    EXPECT_TRUE(verify_password("correct horse", *digest));
    EXPECT_FALSE(verify_password("correct horsE", *digest));
    EXPECT_FALSE(verify_password("correct horse", ""));
    EXPECT_FALSE(verify_password("correct horse", "garbage"));
}

TEST(Password, VerifiesRailsBcryptHashes) {
    // A "$2a$" bcrypt hash of "secret" at cost 4, the format Rails' has_secure_password stores,
    // made once outside this code so the test does not check our hashing against itself.
    const std::string rails = "$2a$04$0GoAgxaDn66qfIRoKMutBuy8hgfMvqNsoPZJ7iEAA93oXP4gxDc4i";
    EXPECT_TRUE(verify_password("secret", rails));
    EXPECT_FALSE(verify_password("Secret", rails));
}

TEST(RateLimiter, TenPerWindowPerKey) {
    RateLimiter limiter(10, std::chrono::minutes(3));
    int64_t t = 1000000;
    for (int i = 0; i < 10; ++i) EXPECT_TRUE(limiter.allow("1.2.3.4", t + i));
    EXPECT_FALSE(limiter.allow("1.2.3.4", t + 10));
    EXPECT_TRUE(limiter.allow("5.6.7.8", t + 10)); // per key
    EXPECT_TRUE(limiter.allow("1.2.3.4", t + 180000 + 1)); // the window slid past the first attempt
}

TEST(RateLimiter, TracksABoundedNumberOfKeys) {
    RateLimiter limiter(10, std::chrono::minutes(3), 100);
    for (int i = 0; i < 1000; ++i) limiter.allow("k" + std::to_string(i), 1000 + i);
    EXPECT_LE(limiter.tracked(), 100u);
}

} // namespace
} // namespace cf
