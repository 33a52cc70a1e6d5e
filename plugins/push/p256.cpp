#include "p256.hpp"

#include "openssl_ptr.hpp"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>


namespace push {
namespace {

using Pkey = OpenSslPtr<EVP_PKEY, EVP_PKEY_free>;
using PkeyCtx = OpenSslPtr<EVP_PKEY_CTX, EVP_PKEY_CTX_free>;
using Bignum = OpenSslPtr<BIGNUM, BN_clear_free>;
using ParamBld = OpenSslPtr<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>;
using Params = OpenSslPtr<OSSL_PARAM, OSSL_PARAM_free>;
using Group = OpenSslPtr<EC_GROUP, EC_GROUP_free>;
using Point = OpenSslPtr<EC_POINT, EC_POINT_free>;
using MdCtx = OpenSslPtr<EVP_MD_CTX, EVP_MD_CTX_free>;
using EcdsaSig = OpenSslPtr<ECDSA_SIG, ECDSA_SIG_free>;

constexpr const char* kGroupName = "prime256v1";

Group p256() { return Group(EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1)); }

// An EVP_PKEY holding the public point, and the private scalar when given.
Pkey make_pkey(const Bytes& public_key, const Bytes* private_key) {
    ParamBld bld(OSSL_PARAM_BLD_new());
    if (!bld) return nullptr;
    Bignum priv;
    if (!OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, kGroupName, 0) ||
        !OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, public_key.data(), public_key.size()))
        return nullptr;
    if (private_key) {
        priv.reset(BN_bin2bn(private_key->data(), static_cast<int>(private_key->size()), nullptr));
        if (!priv || !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, priv.get())) return nullptr;
    }
    Params params(OSSL_PARAM_BLD_to_param(bld.get()));
    PkeyCtx ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1) return nullptr;
    EVP_PKEY* raw = nullptr;
    int selection = private_key ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY;
    if (EVP_PKEY_fromdata(ctx.get(), &raw, selection, params.get()) != 1) return nullptr;
    return Pkey(raw);
}

// The uncompressed point for a scalar: scalar × G.
std::optional<Bytes> public_point(const Bytes& private_key) {
    Group group = p256();
    Bignum k(BN_bin2bn(private_key.data(), static_cast<int>(private_key.size()), nullptr));
    if (!group || !k || BN_is_zero(k.get()) || BN_cmp(k.get(), EC_GROUP_get0_order(group.get())) >= 0)
        return std::nullopt;
    Point p(EC_POINT_new(group.get()));
    if (!p || EC_POINT_mul(group.get(), p.get(), k.get(), nullptr, nullptr, nullptr) != 1) return std::nullopt;
    Bytes out(kPublicKeyBytes);
    size_t n = EC_POINT_point2oct(group.get(), p.get(), POINT_CONVERSION_UNCOMPRESSED, out.data(), out.size(), nullptr);
    if (n != kPublicKeyBytes) return std::nullopt;
    return out;
}

} // namespace

std::optional<KeyPair> generate_key_pair() {
    Pkey key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    if (!key) return std::nullopt;
    BIGNUM* raw = nullptr;
    if (EVP_PKEY_get_bn_param(key.get(), OSSL_PKEY_PARAM_PRIV_KEY, &raw) != 1) return std::nullopt;
    Bignum priv(raw);
    KeyPair pair;
    pair.private_key.resize(kPrivateKeyBytes);
    if (BN_bn2binpad(priv.get(), pair.private_key.data(), static_cast<int>(kPrivateKeyBytes)) != static_cast<int>(kPrivateKeyBytes))
        return std::nullopt;
    auto pub = public_point(pair.private_key);
    if (!pub) return std::nullopt;
    pair.public_key = std::move(*pub);
    return pair;
}

std::optional<KeyPair> key_pair_from_private(const Bytes& private_key) {
    if (private_key.size() != kPrivateKeyBytes) return std::nullopt;
    auto pub = public_point(private_key);
    if (!pub) return std::nullopt;
    return KeyPair{private_key, std::move(*pub)};
}

bool valid_public_key(const Bytes& point) {
    if (point.size() != kPublicKeyBytes || point[0] != 0x04) return false;
    Group group = p256();
    Point p(group ? EC_POINT_new(group.get()) : nullptr);
    // oct2point refuses coordinates that are not on the curve.
    return p && EC_POINT_oct2point(group.get(), p.get(), point.data(), point.size(), nullptr) == 1 &&
           EC_POINT_is_at_infinity(group.get(), p.get()) == 0;
}

std::optional<Bytes> ecdh(const KeyPair& mine, const Bytes& peer_public) {
    if (!valid_public_key(peer_public)) return std::nullopt;
    Pkey own = make_pkey(mine.public_key, &mine.private_key);
    Pkey peer = make_pkey(peer_public, nullptr);
    if (!own || !peer) return std::nullopt;
    PkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, own.get(), nullptr));
    size_t len = 0;
    if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1 || EVP_PKEY_derive_set_peer(ctx.get(), peer.get()) != 1 ||
        EVP_PKEY_derive(ctx.get(), nullptr, &len) != 1)
        return std::nullopt;
    Bytes secret(len);
    if (EVP_PKEY_derive(ctx.get(), secret.data(), &len) != 1) return std::nullopt;
    secret.resize(len);
    return secret;
}

std::optional<Bytes> sign_es256(const KeyPair& keys, std::string_view data) {
    Pkey key = make_pkey(keys.public_key, &keys.private_key);
    MdCtx md(EVP_MD_CTX_new());
    if (!key || !md || EVP_DigestSignInit_ex(md.get(), nullptr, "SHA256", nullptr, nullptr, key.get(), nullptr) != 1)
        return std::nullopt;
    const auto* in = reinterpret_cast<const unsigned char*>(data.data());
    size_t len = 0;
    if (EVP_DigestSign(md.get(), nullptr, &len, in, data.size()) != 1) return std::nullopt;
    Bytes der(len);
    if (EVP_DigestSign(md.get(), der.data(), &len, in, data.size()) != 1) return std::nullopt;
    // OpenSSL gives DER (SEQUENCE of two INTEGERs); JWS wants the fixed-width concatenation.
    const unsigned char* p = der.data();
    EcdsaSig sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(len)));
    if (!sig) return std::nullopt;
    const BIGNUM* r = nullptr;
    const BIGNUM* s = nullptr;
    ECDSA_SIG_get0(sig.get(), &r, &s);
    Bytes out(64);
    if (BN_bn2binpad(r, out.data(), 32) != 32 || BN_bn2binpad(s, out.data() + 32, 32) != 32) return std::nullopt;
    return out;
}

std::optional<Bytes> random_bytes(size_t n) {
    Bytes out(n);
    if (n > 0 && RAND_bytes(out.data(), static_cast<int>(n)) != 1) return std::nullopt;
    return out;
}

} // namespace push
