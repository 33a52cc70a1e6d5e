// Where the VAPID key pair comes from (CAMPFIRE.md §6, "VAPID"): VAPID_PRIVATE_KEY (and optionally
// VAPID_PUBLIC_KEY, which must match) from the environment; otherwise a pair generated on first
// start and kept in push_vapid_keys, so subscriptions survive restarts.
#pragma once

#include <campfire/plugin.h>

#include <string>

namespace push {

// In init: loads the keys from the environment, or queues the write that loads or creates the
// stored pair (it runs after migrations). CF_OK, or an error with a log line for bad keys.
int setup_vapid_keys(cf_ctx* ctx);

// The JWT's "sub": CF_VAPID_SUBJECT, else mailto: the first active administrator, read now.
std::string vapid_subject(cf_ctx* ctx, cf_db* db);

} // namespace push
