#include "ece.hpp"

#include "openssl_ptr.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>


namespace push {
namespace {

using Kdf = OpenSslPtr<EVP_KDF, EVP_KDF_free>;
using KdfCtx = OpenSslPtr<EVP_KDF_CTX, EVP_KDF_CTX_free>;
using CipherCtx = OpenSslPtr<EVP_CIPHER_CTX, EVP_CIPHER_CTX_free>;

constexpr size_t kTagBytes = 16;

Bytes concat(std::string_view label, const Bytes& a = {}, const Bytes& b = {}) {
    Bytes out(label.begin(), label.end());
    out.insert(out.end(), a.begin(), a.end());
    out.insert(out.end(), b.begin(), b.end());
    return out;
}

// AES-128-GCM; the tag is appended to the ciphertext.
std::optional<Bytes> aes128gcm_seal(const Bytes& key, const Bytes& nonce, const Bytes& plaintext) {
    CipherCtx ctx(EVP_CIPHER_CTX_new());
    if (!ctx || EVP_EncryptInit_ex2(ctx.get(), EVP_aes_128_gcm(), key.data(), nonce.data(), nullptr) != 1)
        return std::nullopt;
    Bytes out(plaintext.size() + kTagBytes);
    int n = 0;
    int tail = 0;
    if (EVP_EncryptUpdate(ctx.get(), out.data(), &n, plaintext.data(), static_cast<int>(plaintext.size())) != 1 ||
        EVP_EncryptFinal_ex(ctx.get(), out.data() + n, &tail) != 1 ||
        static_cast<size_t>(n + tail) != plaintext.size() ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes, out.data() + plaintext.size()) != 1)
        return std::nullopt;
    return out;
}

} // namespace

std::optional<Bytes> hkdf_sha256(const Bytes& salt, const Bytes& ikm, const Bytes& info, size_t length) {
    Kdf kdf(EVP_KDF_fetch(nullptr, "HKDF", nullptr));
    KdfCtx ctx(kdf ? EVP_KDF_CTX_new(kdf.get()) : nullptr);
    if (!ctx) return std::nullopt;
    char digest[] = "SHA256";
    // OSSL_PARAM takes non-const pointers; OpenSSL only reads these.
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, const_cast<unsigned char*>(ikm.data()), ikm.size()),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, const_cast<unsigned char*>(salt.data()), salt.size()),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, const_cast<unsigned char*>(info.data()), info.size()),
        OSSL_PARAM_construct_end(),
    };
    Bytes out(length);
    if (EVP_KDF_derive(ctx.get(), out.data(), out.size(), params) != 1) return std::nullopt;
    return out;
}

std::optional<Bytes> encrypt_push(std::string_view plaintext, const Bytes& ua_public, const Bytes& auth_secret) {
    auto keys = generate_key_pair();
    auto salt = random_bytes(kSaltBytes);
    if (!keys || !salt) return std::nullopt;
    return encrypt_push_with(plaintext, ua_public, auth_secret, *keys, *salt);
}

std::optional<Bytes> encrypt_push_with(std::string_view plaintext, const Bytes& ua_public, const Bytes& auth_secret,
                                       const KeyPair& as_keys, const Bytes& salt) {
    if (plaintext.size() > kMaxPlaintextBytes || auth_secret.size() != kAuthSecretBytes || salt.size() != kSaltBytes ||
        as_keys.public_key.size() != kPublicKeyBytes)
        return std::nullopt;
    auto shared = ecdh(as_keys, ua_public);
    if (!shared) return std::nullopt;

    // RFC 8291 §3.3-3.4: IKM from the ECDH secret keyed by the auth secret, bound to both public
    // keys; then RFC 8188 §2.2-2.3: the content key and nonce from IKM and the salt.
    auto ikm = hkdf_sha256(auth_secret, *shared, concat(std::string_view("WebPush: info\0", 14), ua_public,
                                                        as_keys.public_key), 32);
    if (!ikm) return std::nullopt;
    auto cek = hkdf_sha256(salt, *ikm, concat(std::string_view("Content-Encoding: aes128gcm\0", 28)), 16);
    auto nonce = hkdf_sha256(salt, *ikm, concat(std::string_view("Content-Encoding: nonce\0", 24)), 12);
    if (!cek || !nonce) return std::nullopt;

    Bytes record(plaintext.begin(), plaintext.end());
    record.push_back(0x02); // delimiter of the last record (RFC 8188 §2)
    auto sealed = aes128gcm_seal(*cek, *nonce, record);
    if (!sealed) return std::nullopt;

    // Header: salt, record size (big-endian uint32), key id length, key id = our public key.
    Bytes body(salt);
    for (int shift = 24; shift >= 0; shift -= 8) body.push_back(static_cast<unsigned char>((kRecordSize >> shift) & 0xFF));
    body.push_back(static_cast<unsigned char>(as_keys.public_key.size()));
    body.insert(body.end(), as_keys.public_key.begin(), as_keys.public_key.end());
    body.insert(body.end(), sealed->begin(), sealed->end());
    return body;
}

} // namespace push
