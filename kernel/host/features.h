// Feature flags: who a plugin (or a named flag) is on for. A feature has a switch (a plugin's own
// `enabled`, or a named flag's) and an audience: everyone, or some roles / user ids ("who") and
// some room ids ("where"). A viewer is let in when the who-part matches (or is empty) and the
// where-part matches (or is empty, or no room is involved).
// Two layers: the audience administrators (or scripts, through campfire.flags.set) stored in
// plugin_states, and rules that running scripts add (campfire.flags.rule) and that vanish with
// them. When a feature has rules, their union replaces its stored audience.
#pragma once

#include <campfire/json.hpp>

#include <atomic>
#include <cstdint>
#include <map>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

namespace cf {

struct PluginRecord;

struct Audience {
    std::vector<int> roles; // CF_ROLE_*
    std::vector<int64_t> user_ids;
    std::vector<int64_t> room_ids;
    bool everyone() const { return roles.empty() && user_ids.empty() && room_ids.empty(); }
};

// Who asks, and where. `person` false: no one in particular (notify hooks), so only the room
// counts. A person with no user_id is an anonymous request: a who-restricted feature is off.
struct Viewer {
    bool person = true;
    std::optional<int64_t> user_id;
    int role = 0;
    std::optional<int64_t> room_id;
};

bool audience_allows(const Audience& audience, const Viewer& viewer);

// {"roles":["administrator"],"user_ids":[1],"room_ids":[2]}; {} or "everyone" is everyone.
// At most 1000 ids per list. nullopt with `error` on anything else.
std::optional<Audience> parse_audience(const rapidjson::Value& value, std::string* error);
std::optional<Audience> parse_audience_text(std::string_view json, std::string* error);
void write_audience(Json& j, const Audience& audience);
std::string audience_text(const Audience& audience);
const char* role_label(int role);               // "member", "administrator", "bot"
std::optional<int> role_from_label(std::string_view label);

// [a-z0-9_.-], 1 to 64 characters (plugin names are a subset).
bool valid_feature_name(std::string_view name);

struct StoredFeature {
    bool enabled = true;
    Audience audience;
};

struct FeatureRule {
    const PluginRecord* owner = nullptr;
    std::string feature;
    Audience audience;
};

class FeatureFlags {
public:
    // The stored layer (mirrors plugin_states; written only after the row is durable).
    void store(std::string name, StoredFeature state);
    void forget_stored(std::string_view name);
    std::optional<StoredFeature> stored(std::string_view name) const;
    std::map<std::string, StoredFeature, std::less<>> all_stored() const;

    // The rules layer.
    void add_rule(FeatureRule rule);
    void remove_owner(const PluginRecord* owner);
    std::vector<FeatureRule> rules() const;

    // The audience in force for `name` (rules, else stored, else everyone), switch aside.
    bool allows(std::string_view name, const Viewer& viewer) const;
    // The rooms where `name` is on for this viewer: nullopt means every room (or none involved).
    std::optional<std::vector<int64_t>> rooms_for(std::string_view name, const Viewer& viewer) const;
    // Fast paths: is any audience restricted at all / by room?
    bool any_audience() const;
    bool any_room_audience() const;

private:
    void recount(); // under the unique lock
    mutable std::shared_mutex mu_;
    std::map<std::string, StoredFeature, std::less<>> stored_;
    std::vector<FeatureRule> rules_;
    std::atomic<bool> any_audience_{false};
    std::atomic<bool> any_room_audience_{false};
};

} // namespace cf
