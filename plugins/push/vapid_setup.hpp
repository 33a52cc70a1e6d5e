// Where the VAPID key pair comes from (CAMPFIRE.md §6, "VAPID"): VAPID_PRIVATE_KEY (and optionally
// VAPID_PUBLIC_KEY, which must match) from the environment; otherwise a pair generated on first
// start and kept in push_vapid_keys, so subscriptions survive restarts.
#pragma once

#include "p256.hpp"

#include <campfire/plugin.h>

#include <optional>
#include <string>

namespace push {

// In init: loads the keys from the environment, or queues the write that loads or creates the
// stored pair (it runs after migrations). CF_OK, or an error with a log line for bad keys.
int setup_vapid_keys(cf_ctx* ctx);

// The key pair: the one set at start, else the stored pair read now (the boot-time write that
// loads it may still be queued behind others), else nullopt while the first pair is being made.
std::optional<KeyPair> current_vapid_keys(cf_ctx* ctx);

// The JWT's "sub": CF_VAPID_SUBJECT, else mailto: the first active administrator, read now.
std::string vapid_subject(cf_ctx* ctx, cf_db* db);

} // namespace push
