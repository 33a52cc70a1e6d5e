#include "kernel/host/feature_store.h"

#include <spdlog/spdlog.h>
#include <sqlite3.h>

namespace cf {

namespace {

struct Outcome {
    bool exists = false; // the row is still there (not a removed named flag)
    bool enabled = true;
    Audience audience;
};

int write_change(db::Txn& txn, const std::string& name, const FeatureChange& change, bool plugin, bool plugin_enabled,
                 Outcome& out) {
    std::string error;
    if (change.remove && !plugin) {
        db::Statement* del = txn.conn.cached("DELETE FROM plugin_states WHERE name = ?", &error);
        if (!del) return -1;
        del->bind_text(1, name);
        int rc = del->step();
        del->reset();
        out.exists = false;
        return rc == SQLITE_DONE ? 0 : -1;
    }
    std::optional<Audience> audience = change.remove ? Audience{} : change.audience;
    db::Statement* up = txn.conn.cached(
        "INSERT INTO plugin_states(name, enabled, audience, updated_at) "
        "VALUES (?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%fZ','now')) "
        "ON CONFLICT(name) DO UPDATE SET enabled = coalesce(?4, enabled), audience = coalesce(?5, audience), "
        "updated_at = excluded.updated_at",
        &error);
    if (!up) return -1;
    bool initial = change.enabled.value_or(plugin ? plugin_enabled : true);
    up->bind_text(1, name);
    up->bind_int(2, initial ? 1 : 0);
    up->bind_text(3, audience ? audience_text(*audience) : "{}");
    if (change.enabled) up->bind_int(4, *change.enabled ? 1 : 0);
    else up->bind_null(4);
    if (audience) up->bind_text(5, audience_text(*audience));
    else up->bind_null(5);
    int rc = up->step();
    up->reset();
    if (rc != SQLITE_DONE) return -1;
    db::Statement* read = txn.conn.cached("SELECT enabled, audience FROM plugin_states WHERE name = ?", &error);
    if (!read) return -1;
    read->bind_text(1, name);
    if (read->step() == SQLITE_ROW) {
        out.exists = true;
        out.enabled = read->column_int(0) != 0;
        out.audience = parse_audience_text(read->column_text(1), &error).value_or(Audience{});
    }
    read->reset();
    return out.exists ? 0 : -1;
}

void call_on_enable(PluginRecord& p, bool enabled) {
    if (p.def && p.def->size >= offsetof(cf_plugin_def, on_enable) + sizeof(void*) && p.def->on_enable) {
        try {
            p.def->on_enable(&p.ctx, enabled ? 1 : 0);
        } catch (...) {
        }
    }
}

} // namespace

void change_feature(Kernel& kernel, std::string name, FeatureChange change, std::function<void(int)> done) {
    PluginRecord* plugin = kernel.find_plugin(name);
    bool plugin_enabled = plugin && plugin->enabled.load();
    auto out = std::make_shared<Outcome>();
    db::WriteJob job;
    job.run = [name, change, plugin, plugin_enabled, out](db::Txn& txn) {
        return write_change(txn, name, change, plugin != nullptr, plugin_enabled, *out);
    };
    Kernel* k = &kernel;
    job.done = [k, name, plugin, out, done](int status) { // writer thread: quick, no reply here
        if (status == 0) {
            if (!out->exists) {
                k->features.forget_stored(name);
            } else {
                k->features.store(name, StoredFeature{out->enabled, out->audience});
                if (plugin) {
                    bool was = plugin->enabled.exchange(out->enabled);
                    if (was != out->enabled) {
                        call_on_enable(*plugin, out->enabled);
                        spdlog::info("plugin {} {}", plugin->name, out->enabled ? "enabled" : "disabled");
                    }
                }
            }
        }
        k->complete([done, status] { done(status); });
    };
    if (kernel.writer->submit(std::move(job)) != 0) done(CF_ERR_BUSY);
}

bool restore_features(Kernel& kernel, db::Connection& conn, std::string* error) {
    db::Statement* st = conn.cached("SELECT name, enabled, audience FROM plugin_states", error);
    if (!st) return false;
    while (st->step() == SQLITE_ROW) {
        std::string name(st->column_text(0));
        bool enabled = st->column_int(1) != 0;
        std::string problem;
        auto audience = parse_audience_text(st->column_text(2), &problem);
        if (!audience) spdlog::warn("feature {}: stored audience ignored ({})", name, problem);
        if (PluginRecord* p = kernel.find_plugin(name)) p->enabled.store(enabled);
        kernel.features.store(std::move(name), StoredFeature{enabled, audience.value_or(Audience{})});
    }
    st->reset();
    return true;
}

} // namespace cf
