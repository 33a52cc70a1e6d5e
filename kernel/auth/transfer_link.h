// Session transfer links: "<signed token>" naming a user and an expiry (4 hours, as Campfire).
// Unlike Campfire's, each link signs in once: its nonce is recorded when it is redeemed.
#pragma once

#include "kernel/auth/cookie.h"

#include <cstdint>
#include <optional>
#include <string>

namespace cf {

constexpr int64_t kTransferLifetimeMs = 4LL * 60 * 60 * 1000;

struct TransferClaim {
    int64_t user_id = 0;
    int64_t expires_ms = 0;
    std::string nonce;
};

std::string mint_transfer_token(const CookieSigner& signer, int64_t user_id, int64_t now_ms);
// The claim of a well-signed, unexpired token; nullopt otherwise. Single use is checked on redeem.
std::optional<TransferClaim> read_transfer_token(const CookieSigner& signer, std::string_view token, int64_t now_ms);

} // namespace cf
