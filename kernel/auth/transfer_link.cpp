#include "kernel/auth/transfer_link.h"

#include "kernel/base/crypto.h"
#include "kernel/base/strings.h"

namespace cf {

namespace {
// The purpose prefix keeps a session token, signed by the same key, from passing as a transfer.
constexpr std::string_view kPurpose = "transfer.";
} // namespace

std::string mint_transfer_token(const CookieSigner& signer, int64_t user_id, int64_t now_ms) {
    std::string claim = std::string(kPurpose) + std::to_string(user_id) + "." +
                        std::to_string(now_ms + kTransferLifetimeMs) + "." + random_hex(12);
    return signer.sign(claim);
}

std::optional<TransferClaim> read_transfer_token(const CookieSigner& signer, std::string_view token, int64_t now_ms) {
    if (token.size() > 256) return std::nullopt;
    auto claim = signer.verify(token);
    if (!claim || claim->rfind(kPurpose, 0) != 0) return std::nullopt;
    auto parts = split(std::string_view(*claim).substr(kPurpose.size()), '.');
    if (parts.size() != 3) return std::nullopt;
    auto user = parse_int(parts[0]);
    auto expires = parse_int(parts[1]);
    if (!user || !expires || *user <= 0 || parts[2].size() != 24) return std::nullopt;
    if (*expires <= now_ms) return std::nullopt;
    return TransferClaim{*user, *expires, std::string(parts[2])};
}

} // namespace cf
