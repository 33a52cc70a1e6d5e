// Where feature flags are enforced: the Kernel's owner checks used by routing, hooks, channels
// and slash commands (see features.h for the rules).
#include "kernel/host/kernel.h"

#include <campfire/json.hpp>

#include <charconv>

namespace cf {

namespace {

// The room a hook payload is about: "room":{"id"}, "room_id", or "message":{"room_id"}.
std::optional<int64_t> room_in_payload(std::string_view json) {
    rapidjson::Document doc;
    if (!parse_json(doc, json) || !doc.IsObject()) return std::nullopt;
    auto int_member = [](const rapidjson::Value& v, const char* name) -> std::optional<int64_t> {
        if (!v.IsObject()) return std::nullopt;
        auto it = v.FindMember(name);
        if (it == v.MemberEnd() || !it->value.IsInt64()) return std::nullopt;
        return it->value.GetInt64();
    };
    if (auto room = doc.FindMember("room"); room != doc.MemberEnd())
        if (auto id = int_member(room->value, "id")) return id;
    if (auto id = int_member(doc, "room_id")) return id;
    if (auto message = doc.FindMember("message"); message != doc.MemberEnd()) return int_member(message->value, "room_id");
    return std::nullopt;
}

} // namespace

Viewer request_viewer(const HttpRequest& req) {
    Viewer viewer;
    if (req.user) {
        viewer.user_id = req.user->id;
        viewer.role = req.user->role;
    }
    if (const std::string* room = req.param("room_id")) {
        int64_t id = 0;
        auto [end, ec] = std::from_chars(room->data(), room->data() + room->size(), id);
        if (ec == std::errc() && end == room->data() + room->size() && id > 0) viewer.room_id = id;
    }
    return viewer;
}

bool Kernel::allows(const PluginRecord* owner, const Viewer& viewer) const {
    if (!active(owner)) return false;
    return owner == nullptr || features.allows(owner->name, viewer);
}

bool Kernel::feature_on(std::string_view name, const Viewer& viewer) const {
    if (const PluginRecord* p = find_plugin(name)) return allows(p, viewer);
    auto stored = features.stored(name);
    return stored && stored->enabled && features.allows(name, viewer);
}

std::function<bool(const PluginRecord*)> Kernel::hook_filter(const cf_hook_args& args) const {
    if (!features.any_audience()) return &Kernel::active;
    Viewer viewer;
    if (args.user) {
        viewer.user_id = args.user->id;
        viewer.role = args.user->role;
    } else {
        viewer.person = false; // notify hooks and the like: no one in particular
    }
    if (features.any_room_audience()) viewer.room_id = room_in_payload(std::string_view(args.payload.ptr ? args.payload.ptr : "", args.payload.len));
    return [this, viewer](const PluginRecord* p) { return allows(p, viewer); };
}

void Kernel::forget(const PluginRecord* owner) {
    router.remove_owner(owner);
    hooks.remove_owner(owner);
    channels.remove_owner(owner);
    commands.remove_owner(owner);
    features.remove_owner(owner);
}

} // namespace cf
