// Feature switches and audiences persisted in plugin_states (one row per plugin or named flag),
// changed through the writer and applied in memory once durable.
#pragma once

#include "kernel/host/kernel.h"

#include <functional>
#include <optional>
#include <string>

namespace cf {

struct FeatureChange {
    std::optional<bool> enabled;      // unset: unchanged (a new named flag starts on)
    std::optional<Audience> audience; // unset: unchanged (a new row starts with everyone)
    bool remove = false;              // a named flag: deleted; a plugin: audience back to everyone
};

// `done` gets 0 once the change is durable and applied, else an error, on the completion thread.
// A plugin's on_enable runs (on the writer thread) when its switch changed.
void change_feature(Kernel& kernel, std::string name, FeatureChange change, std::function<void(int)> done);

// At boot, after migrations: plugin switches, named flags and audiences from plugin_states.
bool restore_features(Kernel& kernel, db::Connection& conn, std::string* error);

} // namespace cf
