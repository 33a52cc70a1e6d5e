#include "tests/support/web_push_browser.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>
#include <rapidjson/document.h>

#include <ctime>
#include <stdexcept>

namespace cf::test {

struct BrowserSubscription::Key {
  EVP_PKEY* pkey = nullptr;
  ~Key() { EVP_PKEY_free(pkey); }
};

namespace {

const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

// HMAC-SHA-256, the building block of HKDF (RFC 5869), spelled out here on purpose.
std::string hmac_sha256(std::string_view key, std::string_view data) {
  unsigned char out[32];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), bytes(data), data.size(), out, &len);
  return std::string(reinterpret_cast<char*>(out), len);
}

// HKDF with one expand block (every length here is at most 32).
std::string hkdf(std::string_view salt, std::string_view ikm, std::string_view info, size_t length) {
  std::string prk = hmac_sha256(salt, ikm);
  std::string t = hmac_sha256(prk, std::string(info) + '\x01');
  return t.substr(0, length);
}

EVP_PKEY* public_key_from_point(std::string_view point) {
  OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
  OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0);
  OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size());
  OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(bld);
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr);
  EVP_PKEY* key = nullptr;
  if (EVP_PKEY_fromdata_init(ctx) != 1 || EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params) != 1) key = nullptr;
  EVP_PKEY_CTX_free(ctx);
  OSSL_PARAM_free(params);
  OSSL_PARAM_BLD_free(bld);
  return key;
}

std::optional<std::string> fail(std::string* error, const char* why) {
  if (error) *error = why;
  return std::nullopt;
}

}  // namespace

std::string base64url(std::string_view in) {
  static const char* a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (unsigned char c : in) {
    acc = (acc << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += a[(acc >> bits) & 63];
    }
  }
  if (bits > 0) out += a[(acc << (6 - bits)) & 63];
  return out;
}

std::optional<std::string> unbase64url(std::string_view in) {
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    int v = c >= 'A' && c <= 'Z'   ? c - 'A'
            : c >= 'a' && c <= 'z' ? c - 'a' + 26
            : c >= '0' && c <= '9' ? c - '0' + 52
            : c == '-'             ? 62
            : c == '_'             ? 63
                                   : -1;
    if (c == '=') break;
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return out;
}

BrowserSubscription::BrowserSubscription() : key_(std::make_unique<Key>()) {
  key_->pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
  if (!key_->pkey) throw std::runtime_error("browser key generation failed");
  unsigned char point[65];
  size_t len = 0;
  EVP_PKEY_set_utf8_string_param(key_->pkey, OSSL_PKEY_PARAM_EC_POINT_CONVERSION_FORMAT, "uncompressed");
  if (EVP_PKEY_get_octet_string_param(key_->pkey, OSSL_PKEY_PARAM_PUB_KEY, point, sizeof point, &len) != 1 || len != 65)
    throw std::runtime_error("browser public key export failed");
  public_key_.assign(reinterpret_cast<char*>(point), len);
  unsigned char secret[16];
  RAND_bytes(secret, sizeof secret);
  auth_.assign(reinterpret_cast<char*>(secret), sizeof secret);
}

BrowserSubscription::~BrowserSubscription() = default;

std::string BrowserSubscription::subscribe_json(const std::string& endpoint) const {
  return R"({"push_subscription":{"endpoint":")" + endpoint + R"(","p256dh_key":")" + p256dh_key() +
         R"(","auth_key":")" + auth_key() + R"("}})";
}

std::optional<std::string> BrowserSubscription::decrypt(std::string_view body, std::string* error) const {
  // Header (RFC 8188 §2.1): salt(16) rs(4) idlen(1) keyid(idlen); then one record.
  if (body.size() < 21) return fail(error, "shorter than the header");
  std::string_view salt = body.substr(0, 16);
  uint32_t rs = (uint32_t(uint8_t(body[16])) << 24) | (uint32_t(uint8_t(body[17])) << 16) |
                (uint32_t(uint8_t(body[18])) << 8) | uint8_t(body[19]);
  size_t idlen = uint8_t(body[20]);
  if (idlen != 65 || body.size() < 21 + idlen + 17) return fail(error, "key id is not a P-256 point");
  std::string_view sender_key = body.substr(21, idlen);
  std::string_view record = body.substr(21 + idlen);
  if (record.size() > rs) return fail(error, "more than one record");

  EVP_PKEY* peer = public_key_from_point(sender_key);
  if (!peer) return fail(error, "bad sender key");
  EVP_PKEY_CTX* dctx = EVP_PKEY_CTX_new_from_pkey(nullptr, key_->pkey, nullptr);
  unsigned char shared[32];
  size_t shared_len = sizeof shared;
  bool derived = dctx && EVP_PKEY_derive_init(dctx) == 1 && EVP_PKEY_derive_set_peer(dctx, peer) == 1 &&
                 EVP_PKEY_derive(dctx, shared, &shared_len) == 1;
  EVP_PKEY_CTX_free(dctx);
  EVP_PKEY_free(peer);
  if (!derived) return fail(error, "ECDH failed");

  std::string key_info = std::string("WebPush: info", 13) + '\0' + public_key_ + std::string(sender_key);
  std::string ikm = hkdf(auth_, std::string_view(reinterpret_cast<char*>(shared), shared_len), key_info, 32);
  std::string cek = hkdf(salt, ikm, std::string("Content-Encoding: aes128gcm", 27) + '\0', 16);
  std::string nonce = hkdf(salt, ikm, std::string("Content-Encoding: nonce", 23) + '\0', 12);

  std::string_view ciphertext = record.substr(0, record.size() - 16);
  std::string_view tag = record.substr(record.size() - 16);
  std::string plain(ciphertext.size(), '\0');
  EVP_CIPHER_CTX* c = EVP_CIPHER_CTX_new();
  int n = 0, tail = 0;
  bool opened = EVP_DecryptInit_ex(c, EVP_aes_128_gcm(), nullptr, bytes(cek), bytes(nonce)) == 1 &&
                EVP_DecryptUpdate(c, reinterpret_cast<unsigned char*>(plain.data()), &n, bytes(ciphertext),
                                  static_cast<int>(ciphertext.size())) == 1 &&
                EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, 16, const_cast<char*>(tag.data())) == 1 &&
                EVP_DecryptFinal_ex(c, reinterpret_cast<unsigned char*>(plain.data()) + n, &tail) == 1;
  EVP_CIPHER_CTX_free(c);
  if (!opened) return fail(error, "authentication tag mismatch");

  // Padding: strip trailing zeros; the last record ends with the delimiter 0x02.
  size_t end = plain.find_last_not_of('\0');
  if (end == std::string::npos || plain[end] != '\x02') return fail(error, "missing last-record delimiter");
  return plain.substr(0, end);
}

bool verify_es256(std::string_view point, std::string_view data, std::string_view signature) {
  if (signature.size() != 64) return false;
  EVP_PKEY* pub = public_key_from_point(point);
  ECDSA_SIG* es = ECDSA_SIG_new();
  ECDSA_SIG_set0(es, BN_bin2bn(bytes(signature), 32, nullptr), BN_bin2bn(bytes(signature) + 32, 32, nullptr));
  unsigned char* der = nullptr;
  int der_len = i2d_ECDSA_SIG(es, &der);
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  bool ok = pub && der_len > 0 && EVP_DigestVerifyInit(md, nullptr, EVP_sha256(), nullptr, pub) == 1 &&
            EVP_DigestVerify(md, der, static_cast<size_t>(der_len), bytes(data), data.size()) == 1;
  EVP_MD_CTX_free(md);
  OPENSSL_free(der);
  ECDSA_SIG_free(es);
  EVP_PKEY_free(pub);
  return ok;
}

VapidKeyText generate_vapid_keys() {
  EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
  BIGNUM* priv = nullptr;
  unsigned char scalar[32], point[65];
  size_t len = 0;
  if (!key || EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_PRIV_KEY, &priv) != 1 ||
      BN_bn2binpad(priv, scalar, sizeof scalar) != 32 ||
      EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_PUB_KEY, point, sizeof point, &len) != 1 || len != 65)
    throw std::runtime_error("VAPID key generation failed");
  BN_clear_free(priv);
  EVP_PKEY_free(key);
  return {base64url(std::string_view(reinterpret_cast<char*>(scalar), 32)),
          base64url(std::string_view(reinterpret_cast<char*>(point), 65))};
}

std::string vapid_problem(std::string_view authorization, std::string_view audience, std::string_view expected_key) {
  if (authorization.substr(0, 8) != "vapid t=") return "not a vapid scheme header";
  size_t k = authorization.find(", k=");
  if (k == std::string_view::npos) return "no k= parameter";
  std::string_view jwt = authorization.substr(8, k - 8);
  std::string_view key_text = authorization.substr(k + 4);
  if (!expected_key.empty() && key_text != expected_key) return "k is not the server's public key";
  auto key = unbase64url(key_text);
  if (!key || key->size() != 65) return "k is not a P-256 point";

  size_t dot1 = jwt.find('.');
  size_t dot2 = jwt.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos) return "malformed JWT";
  auto header = unbase64url(jwt.substr(0, dot1));
  auto claims = unbase64url(jwt.substr(dot1 + 1, dot2 - dot1 - 1));
  auto sig = unbase64url(jwt.substr(dot2 + 1));
  if (!header || !claims || !sig || sig->size() != 64) return "malformed JWT parts";

  rapidjson::Document h, c;
  h.Parse(header->c_str());
  c.Parse(claims->c_str());
  if (!h.IsObject() || !h.HasMember("alg") || std::string(h["alg"].GetString()) != "ES256") return "alg is not ES256";
  if (!c.IsObject() || !c.HasMember("aud") || !c["aud"].IsString() || c["aud"].GetString() != audience)
    return "aud is not " + std::string(audience) + ": " + *claims;
  if (!c.HasMember("exp") || !c["exp"].IsInt64()) return "no exp";
  int64_t now = static_cast<int64_t>(std::time(nullptr));
  if (c["exp"].GetInt64() <= now || c["exp"].GetInt64() > now + 24 * 3600) return "exp not within 24 hours";
  if (!c.HasMember("sub") || !c["sub"].IsString()) return "no sub";
  std::string sub = c["sub"].GetString();
  if (sub.rfind("mailto:", 0) != 0 && sub.rfind("https:", 0) != 0) return "sub is not mailto: or https:";

  bool ok = verify_es256(*key, jwt.substr(0, dot2), *sig);
  return ok ? std::string() : "signature does not verify";
}

}  // namespace cf::test
