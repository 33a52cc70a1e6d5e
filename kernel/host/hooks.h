// Named hook points, run in phases: check (may veto), transform (may replace the payload),
// store (inside the writer's transaction), notify (after commit, off the request path).
// Within a phase hooks run by plugin name, then registration order, so the order never
// depends on load timing.
#pragma once

#include "kernel/host/abi_types.h"

#include <functional>
#include <shared_mutex>
#include <string>
#include <vector>

namespace cf {

struct PluginRecord;

struct HookEntry {
    PluginRecord* owner = nullptr;
    std::string event;
    int phase = 0;
    cf_hook_fn fn = nullptr;
    void* user_data = nullptr;
    uint64_t seq = 0;
};

class HookRegistry {
public:
    bool add(HookEntry entry, std::string* error);
    void remove_owner(const PluginRecord* owner);
    // Runs the hooks for args->event / args->phase synchronously (notify too: the caller decides
    // the thread). Returns CF_OK, CF_ERR_DENIED (check veto; veto fields set) or a store hook's error.
    int run(cf_hook_args* args, const std::function<bool(const PluginRecord*)>& active) const;
    // Is any active hook registered for this event and phase?
    bool has(std::string_view event, int phase, const std::function<bool(const PluginRecord*)>& active) const;

private:
    mutable std::shared_mutex mu_;
    std::vector<HookEntry> hooks_; // kept sorted by (event, phase, owner name, seq)
    uint64_t next_seq_ = 0;
};

} // namespace cf
