// Loads plugins from PLUGINS_PATH, applies the kernel's and the plugins' migrations, and turns
// plugins on and off at runtime (persisted in plugin_states).
#pragma once

#include "kernel/host/kernel.h"

#include <string>

namespace cf {

// dlopen()s every *.so in `dir` (sorted), checks its definition, and runs its init with
// registrations open. A plugin that fails to load is logged and skipped, never half-registered.
bool load_plugins(Kernel& kernel, const std::string& dir, std::string* error);

// Kernel migrations first, then each plugin's, recorded per owner. Then reads plugin_states.
bool migrate_and_restore(Kernel& kernel, db::Connection& conn, std::string* error);

// Flips a plugin on or off and persists it (through the writer). `done` gets the status.
void set_plugin_enabled(Kernel& kernel, PluginRecord& plugin, bool enabled, std::function<void(int)> done);

void unload_plugins(Kernel& kernel);

} // namespace cf
