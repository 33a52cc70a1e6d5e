// P-256 keys in the raw forms Web Push uses (RFC 8291 §3.1, RFC 8292 §3.2): a 32-byte private
// scalar and a 65-byte uncompressed public point (0x04 || X || Y). OpenSSL 3 EVP only.
#pragma once

#include "bytes.hpp"

#include <optional>
#include <string_view>

namespace push {

constexpr size_t kPrivateKeyBytes = 32;
constexpr size_t kPublicKeyBytes = 65;

struct KeyPair {
    Bytes private_key; // big-endian scalar, 32 bytes
    Bytes public_key;  // uncompressed point, 65 bytes
};

// A fresh key pair from OpenSSL's generator.
std::optional<KeyPair> generate_key_pair();

// The key pair for a private scalar (its public point computed); nullopt if the scalar is not a
// valid P-256 private key.
std::optional<KeyPair> key_pair_from_private(const Bytes& private_key);

// True for a 65-byte uncompressed point that lies on P-256 (what a browser's p256dh must be).
bool valid_public_key(const Bytes& point);

// ECDH shared secret (the X coordinate, 32 bytes) between our key pair and a peer's public point.
std::optional<Bytes> ecdh(const KeyPair& mine, const Bytes& peer_public);

// ECDSA P-256 with SHA-256 over `data`, as JWS ES256 wants it: r || s, 32 bytes each (RFC 7518 §3.4).
std::optional<Bytes> sign_es256(const KeyPair& keys, std::string_view data);

// Cryptographically random bytes.
std::optional<Bytes> random_bytes(size_t n);

} // namespace push
