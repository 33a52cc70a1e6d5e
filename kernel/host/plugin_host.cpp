#include "kernel/host/plugin_host.h"

#include "kernel/db/migrations.h"
#include "kernel/host/feature_store.h"
#include "kernel/host/host_api.h"
#include "kernel/host/kernel_hooks.h"
#include "kernel/host/schema.h"

#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <algorithm>
#include <dlfcn.h>
#include <filesystem>

namespace cf {

LibraryHandle::~LibraryHandle() {
    if (handle) dlclose(handle);
}

PluginRecord* Kernel::find_plugin(std::string_view name) const {
    for (const auto& p : plugins)
        if (p->name == name) return p.get();
    return nullptr;
}

void Kernel::notify(const db::StoredEvent& event) {
    if (!notify_pool || !hooks.has(event.type, CF_PHASE_NOTIFY, Kernel::active)) return;
    bool queued = notify_pool->post([this, event] { run_notify_hooks(*this, event); });
    if (!queued) spdlog::warn("notify queue full: dropped hooks for {} #{}", event.type, event.id);
}

namespace {

bool valid_name(const char* name) {
    if (!name || !*name) return false;
    for (const char* p = name; *p; ++p)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_')) return false;
    return std::strlen(name) <= 64;
}


// Loads one library; returns nullptr (logged) when it is not a usable plugin.
std::unique_ptr<PluginRecord> load_one(Kernel& kernel, const std::filesystem::path& path) {
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        spdlog::error("plugin {}: {}", path.string(), dlerror());
        return nullptr;
    }
    auto library = std::make_unique<LibraryHandle>(handle);
    auto entry = reinterpret_cast<cf_plugin_entry_fn>(dlsym(handle, CF_PLUGIN_ENTRY));
    if (!entry) {
        spdlog::error("plugin {}: no `{}` symbol", path.string(), CF_PLUGIN_ENTRY);
        return nullptr;
    }
    const cf_plugin_def* def = entry();
    if (!def || def->size < offsetof(cf_plugin_def, init) + sizeof(def->init) || !def->init) {
        spdlog::error("plugin {}: malformed definition", path.string());
        return nullptr;
    }
    if (def->api_level < 1 || def->api_level > CF_API_LEVEL) {
        spdlog::error("plugin {}: built for API level {}, this kernel has {}", path.string(), def->api_level, CF_API_LEVEL);
        return nullptr;
    }
    if (!valid_name(def->name)) {
        spdlog::error("plugin {}: name must be [a-z0-9_]+", path.string());
        return nullptr;
    }
    if (kernel.find_plugin(def->name)) {
        spdlog::error("plugin {}: a plugin named \"{}\" is already loaded", path.string(), def->name);
        return nullptr;
    }
    auto record = std::make_unique<PluginRecord>();
    record->name = def->name;
    record->version = def->version ? def->version : "";
    record->description = def->description ? def->description : "";
    record->path = path.string();
    record->def = def;
    record->ctx.api = host_api();
    record->ctx.plugin = record.get();
    record->ctx.kernel = &kernel;
    record->library = std::move(library);
    record->registering = true;
    int rc = CF_ERR;
    try {
        rc = def->init(&record->ctx);
    } catch (...) {
        rc = CF_ERR;
    }
    record->registering = false;
    if (rc != CF_OK) {
        spdlog::error("plugin {}: init failed ({}): {}", record->name, rc, record->ctx.api->error(&record->ctx));
        kernel.forget(record.get());
        return nullptr;
    }
    spdlog::info("plugin {} {} loaded from {}", record->name, record->version, record->path);
    return record;
}

} // namespace

bool load_plugins(Kernel& kernel, const std::string& dir, std::string* error) {
    namespace fs = std::filesystem;
    if (dir.empty()) return true;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        *error = "PLUGINS_PATH " + dir + " is not a directory";
        return false;
    }
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir, ec))
        if (e.is_regular_file() && e.path().extension() == ".so") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
        auto record = load_one(kernel, f);
        if (record) kernel.plugins.push_back(std::move(record));
    }
    std::sort(kernel.plugins.begin(), kernel.plugins.end(), [](const auto& a, const auto& b) { return a->name < b->name; });
    return true;
}

bool migrate_and_restore(Kernel& kernel, db::Connection& conn, std::string* error) {
    // The kernel's tables first: plugins' migrations may reference them.
    std::vector<db::Migration> own, plugins;
    for (const auto& m : kernel_migrations()) own.push_back(db::Migration{"kernel", m.version, m.name, m.sql});
    for (const auto& p : kernel.plugins)
        for (const auto& m : p->migrations) plugins.push_back(db::Migration{p->name, m.version, m.name, m.sql});
    if (!db::apply_migrations(conn, own, error) || !db::apply_migrations(conn, plugins, error)) return false;
    return restore_features(kernel, conn, error);
}

void set_plugin_enabled(Kernel& kernel, PluginRecord& plugin, bool enabled, std::function<void(int)> done) {
    FeatureChange change;
    change.enabled = enabled;
    change_feature(kernel, plugin.name, change, std::move(done));
}

void unload_plugins(Kernel& kernel) {
    for (auto& p : kernel.plugins) {
        if (p->def->size >= offsetof(cf_plugin_def, unload) + sizeof(void*) && p->def->unload) {
            try {
                p->def->unload(&p->ctx);
            } catch (...) {
            }
        }
        kernel.forget(p.get());
    }
    kernel.plugins.clear();
}

} // namespace cf
