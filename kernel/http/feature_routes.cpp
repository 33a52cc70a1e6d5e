// Feature flags and slash commands over HTTP:
//   GET /api/commands              the commands this user can run (autocompletion);
//   GET /api/flags                 (admin) every plugin and named flag: switch, audience, rules;
//   PUT|PATCH /api/flags/:name     (admin) {"enabled":bool, "audience":...}: change or create;
//   DELETE /api/flags/:name        (admin) a named flag goes; a plugin's audience is everyone again.
// The per-user part of GET /api/features is written here too (write_features_for).
#include "kernel/http/kernel_routes.h"

#include "kernel/host/feature_store.h"

#include <campfire/json.hpp>

#include <algorithm>
#include <map>

namespace cf {

namespace {

Viewer user_viewer(const HttpRequest& req) {
    Viewer viewer;
    if (req.user) {
        viewer.user_id = req.user->id;
        viewer.role = req.user->role;
    }
    return viewer;
}

std::string owner_label(const PluginRecord* owner) { return owner ? owner->name : "kernel"; }

void write_command(Json& j, std::string_view name, std::string_view description, std::string_view args,
                   std::string_view owner) {
    j.obj([&] { j.key("name").str(name).key("description").str(description).key("args").str(args).key("owner").str(owner); });
}

void list_commands(Kernel& kernel, HttpRequest& req, Reply reply) {
    Viewer viewer = user_viewer(req);
    auto commands = kernel.commands.list();
    PluginRecord* sounds = kernel.find_plugin("sounds");
    bool play_built_in = sounds && kernel.allows(sounds, viewer) &&
                         std::none_of(commands.begin(), commands.end(), [](const CommandEntry& c) { return c.name == "play"; });
    Json j;
    j.obj([&] {
        j.key("commands").arr([&] {
            bool play_written = false;
            auto write_play = [&] {
                // Campfire's /play: a message that plays a sound, handled by the sounds plugin.
                if (play_built_in && !play_written) write_command(j, "play", "Play a sound", "sound name", "sounds");
                play_written = true;
            };
            for (const auto& c : commands) {
                if (c.name > "play") write_play();
                if (kernel.allows(c.owner, viewer)) write_command(j, c.name, c.description, c.args, owner_label(c.owner));
            }
            write_play();
        });
    });
    reply.json(200, std::string(j.text()));
}

// One flag as administrators see it.
void write_flag(Json& j, const Kernel& kernel, const std::string& name, const std::optional<StoredFeature>& stored,
                const std::vector<FeatureRule>& rules) {
    const PluginRecord* plugin = kernel.find_plugin(name);
    j.obj([&] {
        j.key("name").str(name);
        j.key("plugin").boolean(plugin != nullptr);
        j.key("enabled").boolean(plugin ? plugin->enabled.load() : stored && stored->enabled);
        j.key("audience");
        write_audience(j, stored ? stored->audience : Audience{});
        j.key("rules").arr([&] {
            for (const auto& r : rules) {
                if (r.feature != name) continue;
                j.obj([&] {
                    j.key("owner").str(owner_label(r.owner));
                    j.key("audience");
                    write_audience(j, r.audience);
                });
            }
        });
    });
}

std::string flag_json(const Kernel& kernel, const std::string& name) {
    Json j;
    write_flag(j, kernel, name, kernel.features.stored(name), kernel.features.rules());
    return std::string(j.text());
}

void list_flags(Kernel& kernel, HttpRequest&, Reply reply) {
    auto stored = kernel.features.all_stored();
    auto rules = kernel.features.rules();
    std::map<std::string, bool> names; // every plugin, stored flag and ruled feature, by name
    for (const auto& p : kernel.plugins) names[p->name] = true;
    for (const auto& [name, s] : stored) names[name] = true;
    for (const auto& r : rules) names[r.feature] = true;
    Json j;
    j.obj([&] {
        j.key("flags").arr([&] {
            for (const auto& [name, unused] : names) {
                auto it = stored.find(name);
                write_flag(j, kernel, name, it == stored.end() ? std::nullopt : std::optional<StoredFeature>(it->second), rules);
            }
        });
    });
    reply.json(200, std::string(j.text()));
}

void put_flag(Kernel& kernel, HttpRequest& req, Reply reply) {
    std::string name = *req.param("name");
    if (!valid_feature_name(name)) return reply.error(422, "flag names are 1 to 64 of [a-z0-9_.-]");
    rapidjson::Document doc;
    parse_json(doc, req.json);
    if (!doc.IsObject()) return reply.error(400, "send {\"enabled\":bool, \"audience\":...}");
    FeatureChange change;
    for (const auto& m : doc.GetObject()) {
        std::string_view key(m.name.GetString(), m.name.GetStringLength());
        if (key == "enabled") {
            if (!m.value.IsBool()) return reply.error(422, "enabled must be true or false");
            change.enabled = m.value.GetBool();
        } else if (key == "audience") {
            std::string error;
            change.audience = parse_audience(m.value, &error);
            if (!change.audience) return reply.error(422, error);
        } else {
            return reply.error(422, "unknown field \"" + std::string(key) + "\"; send enabled and/or audience");
        }
    }
    if (!change.enabled && !change.audience) return reply.error(422, "send enabled and/or audience");
    auto shared = std::make_shared<Reply>(std::move(reply)); // answered once the change is durable
    Kernel* k = &kernel;
    change_feature(kernel, name, std::move(change), [shared, k, name](int status) {
        if (status != 0) return shared->error(503, "could not save the change; try again");
        shared->json(200, flag_json(*k, name));
    });
}

void delete_flag(Kernel& kernel, HttpRequest& req, Reply reply) {
    std::string name = *req.param("name");
    bool plugin = kernel.find_plugin(name) != nullptr;
    if (!plugin && !kernel.features.stored(name)) return reply.error(404, "no such flag");
    FeatureChange change;
    change.remove = true;
    auto shared = std::make_shared<Reply>(std::move(reply));
    Kernel* k = &kernel;
    change_feature(kernel, name, std::move(change), [shared, k, name, plugin](int status) {
        if (status != 0) return shared->error(503, "could not save the change; try again");
        if (!plugin) return shared->no_content();
        shared->json(200, flag_json(*k, name));
    });
}

} // namespace

void write_features_for(Json& j, const Kernel& kernel, const HttpRequest& req) {
    Viewer viewer = user_viewer(req);
    j.key("features").obj([&] {
        for (const auto& p : kernel.plugins) {
            bool on = kernel.allows(p.get(), viewer);
            j.key(p->name).obj([&] {
                j.key("name").str(p->name);
                j.key("enabled").boolean(on);
                j.key("version").str(p->version);
                j.key("description").str(p->description);
                // On only in some rooms: the UI shows the feature there alone.
                auto rooms = on ? kernel.features.rooms_for(p->name, viewer) : std::nullopt;
                if (rooms) j.key("room_ids").arr([&] {
                    for (int64_t id : *rooms) j.num(id);
                });
            });
        }
    });
    j.key("flags").obj([&] {
        for (const auto& [name, stored] : kernel.features.all_stored()) {
            if (kernel.find_plugin(name)) continue;
            j.key(name).boolean(kernel.feature_on(name, viewer));
        }
    });
}

void add_feature_routes(const OpsContext& ctx, std::vector<Route>& out) {
    Kernel* kernel = ctx.kernel;
    out.push_back({"GET", "/api/commands", {}, CF_AUTH_USER, nullptr,
                   [kernel](HttpRequest& req, Reply reply) { list_commands(*kernel, req, std::move(reply)); }});
    out.push_back({"GET", "/api/flags", {}, CF_AUTH_ADMIN, nullptr,
                   [kernel](HttpRequest& req, Reply reply) { list_flags(*kernel, req, std::move(reply)); }});
    auto put = [kernel](HttpRequest& req, Reply reply) { put_flag(*kernel, req, std::move(reply)); };
    out.push_back({"PUT", "/api/flags/:name", {}, CF_AUTH_ADMIN, nullptr, put});
    out.push_back({"PATCH", "/api/flags/:name", {}, CF_AUTH_ADMIN, nullptr, put});
    out.push_back({"DELETE", "/api/flags/:name", {}, CF_AUTH_ADMIN, nullptr,
                   [kernel](HttpRequest& req, Reply reply) { delete_flag(*kernel, req, std::move(reply)); }});
}

} // namespace cf
