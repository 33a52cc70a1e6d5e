// One loaded plugin: its library handle, its definition, its context, and whether it is on.
#pragma once

#include <campfire/plugin.h>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

namespace cf {

class Kernel;
struct PluginRecord;

// The cf_ctx a plugin receives. cf_ctx (the public part, the host table) comes first.
struct PluginCtx : cf_ctx {
    PluginRecord* plugin = nullptr;
    Kernel* kernel = nullptr;
};

struct LibraryHandle {
    void* handle = nullptr;
    LibraryHandle() = default;
    explicit LibraryHandle(void* h) : handle(h) {}
    LibraryHandle(const LibraryHandle&) = delete;
    LibraryHandle& operator=(const LibraryHandle&) = delete;
    ~LibraryHandle();
};

struct PluginMigration {
    int version;
    std::string name;
    std::string sql;
};

struct PluginRecord {
    std::string name;
    std::string version;
    std::string description;
    std::string path;
    const cf_plugin_def* def = nullptr;
    std::atomic<bool> enabled{true};
    bool registering = false; // registrations are accepted only during init
    PluginCtx ctx;
    std::vector<PluginMigration> migrations;
    std::unique_ptr<LibraryHandle> library; // last member: unloaded after everything else
};

} // namespace cf
