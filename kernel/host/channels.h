// Client-to-server WebSocket message types registered by plugins ("typing.start", ...).
#pragma once

#include <campfire/plugin.h>

#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

namespace cf {

struct PluginRecord;

struct ChannelEntry {
    PluginRecord* owner = nullptr;
    std::string type;
    cf_channel_fn fn = nullptr;
    void* user_data = nullptr;
};

class ChannelRegistry {
public:
    bool add(ChannelEntry entry, std::string* error) {
        static const char* reserved[] = {"subscribe", "unsubscribe", "ping", "pong", "welcome", "subscribed", "error", "reload"};
        for (const char* r : reserved)
            if (entry.type == r) { *error = "channel type \"" + entry.type + "\" is reserved"; return false; }
        std::unique_lock lock(mu_);
        for (const auto& c : channels_)
            if (c.type == entry.type) { *error = "channel type \"" + entry.type + "\" is taken"; return false; }
        channels_.push_back(std::move(entry));
        return true;
    }
    void remove_owner(const PluginRecord* owner) {
        std::unique_lock lock(mu_);
        std::erase_if(channels_, [&](const ChannelEntry& c) { return c.owner == owner; });
    }
    std::optional<ChannelEntry> find(std::string_view type) const {
        std::shared_lock lock(mu_);
        for (const auto& c : channels_)
            if (c.type == type) return c;
        return std::nullopt;
    }

private:
    mutable std::shared_mutex mu_;
    std::vector<ChannelEntry> channels_;
};

} // namespace cf
