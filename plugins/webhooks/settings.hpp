// This plugin's settings, read once at init through cf_config_get (environment-backed):
//   WEBHOOK_ALLOWED_HOSTS   comma-separated host, host:port, [v6] or [v6]:port entries that may be
//                           reached although their address is not public (default: none)
//   CF_WEBHOOK_TIMEOUT_MS   the time a bot has to answer, connect and read (default 7000, Campfire's
//                           7 s; 100 to 60000; tests shorten it)
//   CF_WEBHOOK_BACKOFF_MS   the first retry's delay; then x4 each time (default 1000: 1 s, 4 s, 16 s)
//   CF_PUBLIC_URL           this server's public origin, e.g. https://chat.example.com; when set,
//                           the bot API's Location, url and avatar_url and the webhook's reply_url are
//                           absolute (default: paths)
#pragma once

#include "address_policy.hpp"

#include <campfire/plugin.h>

#include <chrono>
#include <string>

namespace webhooks {

struct Settings {
    std::chrono::milliseconds timeout{7000};
    std::chrono::milliseconds backoff{1000};
    AllowList allowed;
    std::string public_url; // without a trailing slash; "" when unset
};

void load_settings(cf_ctx* ctx); // init only, before any other thread reads them
const Settings& settings();

// Campfire's text when a bot does not answer in time: "Failed to respond within 7 seconds".
std::string timeout_text();

} // namespace webhooks
