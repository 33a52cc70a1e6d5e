// The browser's half of Web Push, for tests: a subscription's key pair and auth secret (what
// PushManager.subscribe() creates), decryption of an aes128gcm push message (RFC 8291 / RFC 8188)
// and the push service's check of a VAPID Authorization header (RFC 8292). Written from the RFCs
// with OpenSSL, independently of plugins/push, so a mistake there cannot cancel out here.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cf::test {

std::string base64url(std::string_view bytes);
std::optional<std::string> unbase64url(std::string_view text);

class BrowserSubscription {
public:
  BrowserSubscription();  // a fresh P-256 key pair and 16-byte auth secret
  ~BrowserSubscription();
  BrowserSubscription(const BrowserSubscription&) = delete;
  BrowserSubscription& operator=(const BrowserSubscription&) = delete;

  std::string p256dh_key() const { return base64url(public_key_); }  // 65-byte point, base64url
  std::string auth_key() const { return base64url(auth_); }          // 16 bytes, base64url

  // {"push_subscription":{"endpoint":…,"p256dh_key":…,"auth_key":…}}
  std::string subscribe_json(const std::string& endpoint) const;

  // The plaintext of a push message body, or nullopt (with `error` set) if it does not decrypt.
  std::optional<std::string> decrypt(std::string_view body, std::string* error = nullptr) const;

private:
  struct Key;
  std::unique_ptr<Key> key_;
  std::string public_key_;
  std::string auth_;
};

// A key pair as web-push tools print it for VAPID_PRIVATE_KEY / VAPID_PUBLIC_KEY (base64url raw
// 32-byte scalar, 65-byte uncompressed point).
struct VapidKeyText {
  std::string private_key, public_key;
};
VapidKeyText generate_vapid_keys();

// True when `signature` (r || s, 64 bytes: JWS ES256) signs `data` for the P-256 point `point`.
bool verify_es256(std::string_view point, std::string_view data, std::string_view signature);

// Checks "vapid t=<jwt>, k=<key>": ES256 signature by k, aud == audience, exp within 24 h from
// now, sub a mailto: or https: URL, and (when given) k == expected_key. Empty when fine, else why.
std::string vapid_problem(std::string_view authorization, std::string_view audience,
                          std::string_view expected_key = {});

}  // namespace cf::test
