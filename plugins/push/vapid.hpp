// Voluntary Application Server Identification (RFC 8292): the server signs a short-lived ES256
// JWT naming the push service's origin and a contact, and sends it with its public key:
//   Authorization: vapid t=<jwt>, k=<base64url public key>
#pragma once

#include "p256.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace push {

// JWTs we sign live this long (RFC 8292 §2: at most 24 hours).
constexpr int64_t kVapidTokenSeconds = 12 * 60 * 60;

// The JWT: header {"typ":"JWT","alg":"ES256"}, claims {"aud","exp","sub"}; empty on failure.
std::string vapid_jwt(const KeyPair& keys, std::string_view audience, int64_t expires_at, std::string_view subject);

// The Authorization header value; empty on failure.
std::string vapid_authorization(const KeyPair& keys, std::string_view audience, int64_t expires_at,
                                std::string_view subject);

// Keys from their base64url text, as web-push tools print them (VAPID_PRIVATE_KEY: the 32-byte
// scalar; VAPID_PUBLIC_KEY: the 65-byte point). The public key may be empty (it is computed);
// when given it must match the private key. The error says what is wrong.
std::variant<KeyPair, std::string> vapid_keys_from_text(std::string_view private_b64, std::string_view public_b64);

} // namespace push
