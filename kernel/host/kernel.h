// The services the host table hands to plugins, gathered in one place. main.cpp builds one.
#pragma once

#include "kernel/base/config.h"
#include "kernel/bus/fanout.h"
#include "kernel/db/writer.h"
#include "kernel/host/channels.h"
#include "kernel/host/commands.h"
#include "kernel/host/features.h"
#include "kernel/host/hooks.h"
#include "kernel/host/plugin_record.h"
#include "kernel/host/router.h"
#include "kernel/host/worker_pool.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace cf {

// The person behind a request and the room its `:room_id` names, for feature audiences.
Viewer request_viewer(const HttpRequest& req);

// A request made inside the process (cf_dispatch): runs a route as an active user or bot.
struct InternalRequest {
    std::string method;
    std::string target;       // path with an optional query
    std::string content_type; // "" means application/json
    std::string body;
    int64_t as_user_id = 0;
    std::function<void(int status, std::string_view content_type, const Pairs& headers, std::string body)> done;
};

class Kernel {
public:
    Config config;
    db::Writer* writer = nullptr;
    Fanout* fanout = nullptr;
    WorkerPool* notify_pool = nullptr; // runs notify-phase hooks off the request path
    WorkerPool* completions = nullptr; // runs write completions (replies) off the writer thread

    // Runs `done` on the completion thread (inline when there is none or it is full), so the
    // writer never spends its time serialising replies or in send().
    void complete(std::function<void()> done) const {
        if (!completions || !completions->post(done)) done();
    }

    Router router;
    HookRegistry hooks;
    ChannelRegistry channels;
    CommandRegistry commands;
    FeatureFlags features;
    std::vector<std::unique_ptr<PluginRecord>> plugins; // sorted by name

    // Is this owner's code live? The kernel (nullptr) always is.
    static bool active(const PluginRecord* p) { return p == nullptr || p->enabled.load(std::memory_order_acquire); }
    std::function<bool(const PluginRecord*)> active_fn() const { return &Kernel::active; }
    PluginRecord* find_plugin(std::string_view name) const;

    // Is this owner's code live for this viewer: switched on, and its audience lets them in?
    // (feature_access.cpp)
    bool allows(const PluginRecord* owner, const Viewer& viewer) const;
    // Is the plugin or named flag `name` on for this viewer? Unknown names are off.
    bool feature_on(std::string_view name, const Viewer& viewer) const;
    // The owner filter for one hook chain: the switch, and the audience for the hook's user and
    // room (read from the payload only when some audience names rooms).
    std::function<bool(const PluginRecord*)> hook_filter(const cf_hook_args& args) const;
    // Removes everything an owner registered: routes, hooks, channels, commands, flag rules.
    void forget(const PluginRecord* owner);

    // Queues the notify-phase hooks of a committed event (room_id 0 = not room-scoped).
    void notify(const db::StoredEvent& event);

    // Set by the HTTP layer once it accepts requests: CF_OK, or CF_ERR_BUSY without calling done.
    std::function<int(InternalRequest)> dispatch;
};

} // namespace cf
