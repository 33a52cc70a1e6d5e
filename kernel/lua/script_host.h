// The Lua host: finds the scripts in SCRIPTS_PATH (`<name>.lua`, or `<name>/init.lua` for a
// script with modules), loads each on its own thread at start-up, reloads one when a file it
// read changes (checked twice a second) or an administrator asks, unloads it when its file goes,
// and serves GET /api/scripts and POST /api/scripts/:name/reload.
#pragma once

#include "kernel/host/kernel.h"
#include "kernel/lua/http_fetch.h"
#include "kernel/lua/lua_state.h"
#include "kernel/lua/script.h"

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace cf::lua {

struct HostOptions {
    std::string path; // "" = no scripts
    Limits limits;
    std::chrono::milliseconds poll{500};
    std::string allowed_hosts; // WEBHOOK_ALLOWED_HOSTS
};

// SCRIPTS_PATH and the limits from the environment: SCRIPTS_PATH (unset: the shipped scripts;
// empty: none), SCRIPT_MEMORY_MB (1-1024, default 32), SCRIPT_CPU_MS (10-10000, default 250).
std::optional<HostOptions> host_options_from_env(std::string* error);
// The shipped scripts/ folder: beside the binary, in ../share/campfire/scripts, or the source
// tree's (development builds). "" when none exists.
std::string default_scripts_path();

class ScriptHost {
public:
    ScriptHost(Kernel& kernel, HostOptions options);
    ~ScriptHost();
    ScriptHost(const ScriptHost&) = delete;
    ScriptHost& operator=(const ScriptHost&) = delete;

    // Loads every script, waits (at most `wait`) for their first load, starts the watcher.
    void start(std::chrono::milliseconds wait);
    // Stops the watcher and every script (their registrations go). Idempotent.
    void stop();
    void add_routes(std::vector<Route>& out);

    Kernel& kernel() { return kernel_; }
    HttpFetcher& fetcher() { return fetcher_; }
    const HostOptions& options() const { return options_; }
    static constexpr const char* kRoutePrefix = "/api/lua/"; // + script name + the script's path

private:
    struct Found {
        std::filesystem::path folder;
        std::string relative;
    };
    std::map<std::string, Found> discover() const;
    Script* ensure(const std::string& name, const Found& found); // under mu_
    void scan();
    void watch();
    void reload(const std::string& name, Reply reply);
    void list(Reply reply) const;

    Kernel& kernel_;
    HostOptions options_;
    HttpFetcher fetcher_;
    mutable std::mutex mu_;
    std::map<std::string, std::unique_ptr<Script>> scripts_; // never erased before stop: hooks point here
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread watcher_;
};

} // namespace cf::lua
