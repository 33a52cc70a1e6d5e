#include "kernel/host/features.h"

#include <campfire/plugin.h>

#include <algorithm>
#include <mutex>

namespace cf {

namespace {

constexpr size_t kMaxIds = 1000;

template <class T>
bool contains(const std::vector<T>& list, T value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

bool read_ids(const rapidjson::Value& v, const char* field, std::vector<int64_t>& out, std::string* error) {
    if (!v.IsArray() || v.Size() > kMaxIds) {
        *error = std::string(field) + " must be an array of at most 1000 ids";
        return false;
    }
    for (const auto& id : v.GetArray()) {
        if (!id.IsInt64() || id.GetInt64() <= 0) {
            *error = std::string(field) + " must hold positive integer ids";
            return false;
        }
        if (!contains(out, id.GetInt64())) out.push_back(id.GetInt64());
    }
    return true;
}

} // namespace

bool audience_allows(const Audience& a, const Viewer& v) {
    bool who_restricted = !a.roles.empty() || !a.user_ids.empty();
    if (who_restricted && v.person) {
        if (!v.user_id) return false;
        if (!contains(a.roles, v.role) && !contains(a.user_ids, *v.user_id)) return false;
    }
    if (!a.room_ids.empty() && v.room_id && !contains(a.room_ids, *v.room_id)) return false;
    return true;
}

const char* role_label(int role) {
    switch (role) {
    case CF_ROLE_ADMIN: return "administrator";
    case CF_ROLE_BOT: return "bot";
    default: return "member";
    }
}

std::optional<int> role_from_label(std::string_view label) {
    if (label == "member") return CF_ROLE_MEMBER;
    if (label == "administrator") return CF_ROLE_ADMIN;
    if (label == "bot") return CF_ROLE_BOT;
    return std::nullopt;
}

bool valid_feature_name(std::string_view name) {
    if (name.empty() || name.size() > 64) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    });
}

std::optional<Audience> parse_audience(const rapidjson::Value& v, std::string* error) {
    Audience a;
    if (v.IsString() && std::string_view(v.GetString(), v.GetStringLength()) == "everyone") return a;
    if (!v.IsObject()) {
        *error = "audience must be \"everyone\" or an object with roles, user_ids and room_ids";
        return std::nullopt;
    }
    for (const auto& m : v.GetObject()) {
        std::string_view key(m.name.GetString(), m.name.GetStringLength());
        if (key == "roles") {
            if (!m.value.IsArray() || m.value.Size() > 3) {
                *error = "roles must be an array of \"member\", \"administrator\", \"bot\"";
                return std::nullopt;
            }
            for (const auto& r : m.value.GetArray()) {
                auto role = r.IsString() ? role_from_label(std::string_view(r.GetString(), r.GetStringLength())) : std::nullopt;
                if (!role) {
                    *error = "roles must be an array of \"member\", \"administrator\", \"bot\"";
                    return std::nullopt;
                }
                if (!contains(a.roles, *role)) a.roles.push_back(*role);
            }
        } else if (key == "user_ids") {
            if (!read_ids(m.value, "user_ids", a.user_ids, error)) return std::nullopt;
        } else if (key == "room_ids") {
            if (!read_ids(m.value, "room_ids", a.room_ids, error)) return std::nullopt;
        } else {
            *error = "unknown audience field \"" + std::string(key) + "\"";
            return std::nullopt;
        }
    }
    return a;
}

std::optional<Audience> parse_audience_text(std::string_view json, std::string* error) {
    if (json.empty()) return Audience{};
    rapidjson::Document doc;
    if (!parse_json(doc, json)) {
        *error = "audience is not valid JSON";
        return std::nullopt;
    }
    return parse_audience(doc, error);
}

void write_audience(Json& j, const Audience& a) {
    j.obj([&] {
        if (!a.roles.empty()) j.key("roles").arr([&] {
            for (int r : a.roles) j.str(role_label(r));
        });
        if (!a.user_ids.empty()) j.key("user_ids").arr([&] {
            for (int64_t id : a.user_ids) j.num(id);
        });
        if (!a.room_ids.empty()) j.key("room_ids").arr([&] {
            for (int64_t id : a.room_ids) j.num(id);
        });
    });
}

std::string audience_text(const Audience& a) {
    Json j;
    write_audience(j, a);
    return std::string(j.text());
}

void FeatureFlags::store(std::string name, StoredFeature state) {
    std::unique_lock lock(mu_);
    stored_[std::move(name)] = std::move(state);
    recount();
}

void FeatureFlags::forget_stored(std::string_view name) {
    std::unique_lock lock(mu_);
    if (auto it = stored_.find(name); it != stored_.end()) stored_.erase(it);
    recount();
}

std::optional<StoredFeature> FeatureFlags::stored(std::string_view name) const {
    std::shared_lock lock(mu_);
    auto it = stored_.find(name);
    if (it == stored_.end()) return std::nullopt;
    return it->second;
}

std::map<std::string, StoredFeature, std::less<>> FeatureFlags::all_stored() const {
    std::shared_lock lock(mu_);
    return stored_;
}

void FeatureFlags::add_rule(FeatureRule rule) {
    std::unique_lock lock(mu_);
    rules_.push_back(std::move(rule));
    recount();
}

void FeatureFlags::remove_owner(const PluginRecord* owner) {
    std::unique_lock lock(mu_);
    std::erase_if(rules_, [&](const FeatureRule& r) { return r.owner == owner; });
    recount();
}

std::vector<FeatureRule> FeatureFlags::rules() const {
    std::shared_lock lock(mu_);
    return rules_;
}

bool FeatureFlags::allows(std::string_view name, const Viewer& viewer) const {
    if (!any_audience_.load(std::memory_order_acquire)) return true;
    std::shared_lock lock(mu_);
    bool ruled = false;
    for (const auto& r : rules_) {
        if (r.feature != name) continue;
        if (audience_allows(r.audience, viewer)) return true;
        ruled = true;
    }
    if (ruled) return false;
    auto it = stored_.find(name);
    return it == stored_.end() || audience_allows(it->second.audience, viewer);
}

std::optional<std::vector<int64_t>> FeatureFlags::rooms_for(std::string_view name, const Viewer& viewer) const {
    Viewer anywhere = viewer;
    anywhere.room_id.reset();
    std::shared_lock lock(mu_);
    std::vector<const Audience*> in_force;
    for (const auto& r : rules_)
        if (r.feature == name) in_force.push_back(&r.audience);
    auto it = stored_.find(name);
    if (in_force.empty() && it != stored_.end()) in_force.push_back(&it->second.audience);
    std::vector<int64_t> rooms;
    for (const Audience* a : in_force) {
        if (!audience_allows(*a, anywhere)) continue;
        if (a->room_ids.empty()) return std::nullopt;
        for (int64_t id : a->room_ids)
            if (!contains(rooms, id)) rooms.push_back(id);
    }
    if (in_force.empty()) return std::nullopt;
    return rooms;
}

bool FeatureFlags::any_audience() const { return any_audience_.load(std::memory_order_acquire); }
bool FeatureFlags::any_room_audience() const { return any_room_audience_.load(std::memory_order_acquire); }

void FeatureFlags::recount() {
    bool any = !rules_.empty(), rooms = false;
    for (const auto& r : rules_) rooms = rooms || !r.audience.room_ids.empty();
    for (const auto& [name, s] : stored_) {
        any = any || !s.audience.everyone();
        rooms = rooms || !s.audience.room_ids.empty();
    }
    any_audience_.store(any, std::memory_order_release);
    any_room_audience_.store(rooms, std::memory_order_release);
}

} // namespace cf
