#include "kernel/host/hooks.h"

#include "kernel/host/plugin_record.h"

#include <algorithm>
#include <cstring>
#include <mutex>

namespace cf {

namespace {
const std::string& owner_name(const PluginRecord* p) {
    static const std::string kernel;
    return p ? p->name : kernel;
}

bool before(const HookEntry& a, const HookEntry& b) {
    if (a.event != b.event) return a.event < b.event;
    if (a.phase != b.phase) return a.phase < b.phase;
    if (owner_name(a.owner) != owner_name(b.owner)) return owner_name(a.owner) < owner_name(b.owner);
    return a.seq < b.seq;
}
} // namespace

bool HookRegistry::add(HookEntry entry, std::string* error) {
    if (entry.event.empty() || !entry.fn) { *error = "a hook needs an event name and a function"; return false; }
    if (entry.phase < CF_PHASE_CHECK || entry.phase > CF_PHASE_NOTIFY) { *error = "unknown hook phase"; return false; }
    std::unique_lock lock(mu_);
    entry.seq = next_seq_++;
    auto at = std::upper_bound(hooks_.begin(), hooks_.end(), entry, before);
    hooks_.insert(at, std::move(entry));
    return true;
}

void HookRegistry::remove_owner(const PluginRecord* owner) {
    std::unique_lock lock(mu_);
    std::erase_if(hooks_, [&](const HookEntry& h) { return h.owner == owner; });
}

bool HookRegistry::has(std::string_view event, int phase, const std::function<bool(const PluginRecord*)>& active) const {
    std::shared_lock lock(mu_);
    for (const auto& h : hooks_)
        if (h.event == event && h.phase == phase && active(h.owner)) return true;
    return false;
}

int HookRegistry::run(cf_hook_args* args, const std::function<bool(const PluginRecord*)>& active) const {
    std::vector<HookEntry> chain;
    {
        std::shared_lock lock(mu_);
        for (const auto& h : hooks_)
            if (h.event == args->event && h.phase == args->phase && active(h.owner)) chain.push_back(h);
    }
    cf_hook_call call;
    call.payload = args->payload;
    call.phase = args->phase;
    call.db = args->db;
    call.user = args->user;
    for (const auto& h : chain) {
        // Each plugin is called with its own context.
        cf_ctx* ctx = h.owner ? static_cast<cf_ctx*>(&h.owner->ctx) : nullptr;
        int rc = h.fn(ctx, &call, h.user_data);
        if (call.has_replaced) call.payload = cf_str{call.replaced.data(), call.replaced.size()};
        if (args->phase == CF_PHASE_CHECK && (rc != CF_OK || call.veto_status != 0)) {
            args->veto_status = call.veto_status ? call.veto_status : 403;
            std::string reason = call.veto_reason.empty() ? "denied" : call.veto_reason;
            std::snprintf(args->veto_reason, sizeof args->veto_reason, "%s", reason.c_str());
            return CF_ERR_DENIED;
        }
        if (args->phase == CF_PHASE_STORE && rc != CF_OK) return rc;
    }
    if (call.has_replaced) {
        args->result = static_cast<char*>(std::malloc(call.replaced.size() + 1));
        if (args->result) {
            std::memcpy(args->result, call.replaced.data(), call.replaced.size());
            args->result[call.replaced.size()] = '\0';
            args->result_len = call.replaced.size();
        }
    }
    return CF_OK;
}

} // namespace cf
