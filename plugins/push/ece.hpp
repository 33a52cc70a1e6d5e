// Message encryption for Web Push (RFC 8291): the "aes128gcm" content coding of RFC 8188 with the
// key derived from an ECDH exchange with the subscription's p256dh key and its auth secret.
// One record, the last, so the plaintext is followed by the delimiter 0x02 and no padding.
#pragma once

#include "bytes.hpp"
#include "p256.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace push {

constexpr size_t kAuthSecretBytes = 16;
constexpr size_t kSaltBytes = 16;
constexpr uint32_t kRecordSize = 4096;
// A push service need accept no more than 4096 bytes of body (RFC 8291 §4): that is the header
// (16 salt + 4 rs + 1 idlen + 65 key), the plaintext, its delimiter and the 16-byte tag.
constexpr size_t kMaxPlaintextBytes = 4096 - 86 - 1 - 16;

// HKDF-SHA256 (RFC 5869): extract with `salt`, expand with `info` to `length` bytes.
std::optional<Bytes> hkdf_sha256(const Bytes& salt, const Bytes& ikm, const Bytes& info, size_t length);

// The request body for `plaintext`, with a fresh ephemeral key pair and salt.
std::optional<Bytes> encrypt_push(std::string_view plaintext, const Bytes& ua_public, const Bytes& auth_secret);

// The same with the sender's key pair and salt given (the RFC's worked example fixes them).
std::optional<Bytes> encrypt_push_with(std::string_view plaintext, const Bytes& ua_public, const Bytes& auth_secret,
                                       const KeyPair& as_keys, const Bytes& salt);

} // namespace push
