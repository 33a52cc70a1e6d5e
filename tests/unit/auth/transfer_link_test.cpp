#include "kernel/auth/transfer_link.h"

#include <gtest/gtest.h>

namespace cf {
namespace {

TEST(TransferLink, ReadsBackWhatItMintsUntilItExpires) {
  CookieSigner signer("secret");
  std::string token = mint_transfer_token(signer, 42, 1'000);
  auto claim = read_transfer_token(signer, token, 2'000);
  ASSERT_TRUE(claim.has_value());
  EXPECT_EQ(claim->user_id, 42);
  EXPECT_EQ(claim->expires_ms, 1'000 + kTransferLifetimeMs);
  EXPECT_EQ(claim->nonce.size(), 24u);
  EXPECT_FALSE(read_transfer_token(signer, token, 1'000 + kTransferLifetimeMs).has_value());
  EXPECT_NE(mint_transfer_token(signer, 42, 1'000), token); // a fresh nonce each time
}

TEST(TransferLink, RefusesForgeriesOtherKeysAndSessionTokens) {
  CookieSigner signer("secret");
  std::string token = mint_transfer_token(signer, 42, 1'000);
  EXPECT_FALSE(read_transfer_token(CookieSigner("other"), token, 2'000).has_value());
  std::string tampered = token;
  tampered.replace(tampered.find('.') + 1, 2, "43");
  EXPECT_FALSE(read_transfer_token(signer, tampered, 2'000).has_value());
  EXPECT_FALSE(read_transfer_token(signer, signer.sign("abcdef"), 2'000).has_value()); // a session cookie value
  EXPECT_FALSE(read_transfer_token(signer, signer.sign("transfer.0.99999999999.aaaaaaaaaaaaaaaaaaaaaaaa"), 2'000));
  EXPECT_FALSE(read_transfer_token(signer, "", 2'000).has_value());
  EXPECT_FALSE(read_transfer_token(signer, std::string(300, 'a'), 2'000).has_value());
}

}  // namespace
}  // namespace cf
