#include "settings.hpp"

#include <campfire/plugin.hpp>

namespace webhooks {
namespace {

Settings g_settings;

std::chrono::milliseconds millis(cf_ctx* ctx, const char* name, int64_t fallback, int64_t lo, int64_t hi) {
    std::string_view text = cf::view(cf_config_get(ctx, name));
    if (text.empty()) return std::chrono::milliseconds(fallback);
    auto v = cf::to_int(text);
    if (!v || *v < lo || *v > hi) {
        cf::log(ctx, CF_LOG_WARN,
                std::string("webhooks: ") + name + " must be a number from " + std::to_string(lo) + " to " +
                    std::to_string(hi) + "; using " + std::to_string(fallback));
        return std::chrono::milliseconds(fallback);
    }
    return std::chrono::milliseconds(*v);
}

} // namespace

void load_settings(cf_ctx* ctx) {
    Settings s;
    s.timeout = millis(ctx, "CF_WEBHOOK_TIMEOUT_MS", 7000, 100, 60000);
    s.backoff = millis(ctx, "CF_WEBHOOK_BACKOFF_MS", 1000, 10, 600000);
    s.allowed = AllowList(cf::view(cf_config_get(ctx, "WEBHOOK_ALLOWED_HOSTS")));
    std::string url(cf::view(cf_config_get(ctx, "CF_PUBLIC_URL")));
    while (!url.empty() && url.back() == '/') url.pop_back();
    if (!url.empty() && url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
        cf::log(ctx, CF_LOG_WARN, "webhooks: CF_PUBLIC_URL must start with http:// or https://; ignored");
        url.clear();
    }
    s.public_url = url;
    g_settings = std::move(s);
}

const Settings& settings() { return g_settings; }

std::string timeout_text() {
    int64_t seconds = (g_settings.timeout.count() + 999) / 1000;
    return "Failed to respond within " + std::to_string(seconds) + (seconds == 1 ? " second" : " seconds");
}

} // namespace webhooks
