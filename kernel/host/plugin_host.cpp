#include "kernel/host/plugin_host.h"

#include "kernel/db/migrations.h"
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

void forget(Kernel& kernel, PluginRecord* p) {
    kernel.router.remove_owner(p);
    kernel.hooks.remove_owner(p);
    kernel.channels.remove_owner(p);
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
        forget(kernel, record.get());
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
    db::Statement* st = conn.cached("SELECT name, enabled FROM plugin_states", error);
    if (!st) return false;
    while (st->step() == SQLITE_ROW) {
        if (PluginRecord* p = kernel.find_plugin(st->column_text(0))) p->enabled.store(st->column_int(1) != 0);
    }
    st->reset();
    return true;
}

void set_plugin_enabled(Kernel& kernel, PluginRecord& plugin, bool enabled, std::function<void(int)> done) {
    std::string name = plugin.name;
    db::WriteJob job;
    job.run = [name, enabled](db::Txn& txn) {
        std::string error;
        db::Statement* st = txn.conn.cached(
            "INSERT INTO plugin_states(name, enabled, updated_at) VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ','now')) "
            "ON CONFLICT(name) DO UPDATE SET enabled = excluded.enabled, updated_at = excluded.updated_at",
            &error);
        if (!st) return -1;
        st->bind_text(1, name);
        st->bind_int(2, enabled ? 1 : 0);
        int rc = st->step();
        st->reset();
        return rc == SQLITE_DONE ? 0 : -1;
    };
    PluginRecord* p = &plugin;
    Kernel* k = &kernel;
    job.done = [p, enabled, done, k](int status) { // on the writer thread: quick, no reply here
        if (status == 0) {
            bool was = p->enabled.exchange(enabled);
            if (was != enabled && p->def->size >= offsetof(cf_plugin_def, on_enable) + sizeof(void*) && p->def->on_enable) {
                try {
                    p->def->on_enable(&p->ctx, enabled ? 1 : 0);
                } catch (...) {
                }
            }
            spdlog::info("plugin {} {}", p->name, enabled ? "enabled" : "disabled");
        }
        k->complete([done, status] { done(status); });
    };
    if (kernel.writer->submit(std::move(job)) != 0) done(CF_ERR_BUSY);
}

void unload_plugins(Kernel& kernel) {
    for (auto& p : kernel.plugins) {
        if (p->def->size >= offsetof(cf_plugin_def, unload) + sizeof(void*) && p->def->unload) {
            try {
                p->def->unload(&p->ctx);
            } catch (...) {
            }
        }
        forget(kernel, p.get());
    }
    kernel.plugins.clear();
}

} // namespace cf
