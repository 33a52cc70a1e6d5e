#include "kernel/host/kernel_hooks.h"

namespace cf {

cf_user to_cf_user(const UserInfo& u) {
    return cf_user{sizeof(cf_user), u.id, u.role, u.status, cf_str{u.name.data(), u.name.size()}};
}

namespace {
cf_hook_args hook_args(const char* event, int phase, std::string_view payload, const cf_user* user, cf_db* db) {
    cf_hook_args args{};
    args.size = sizeof args;
    args.event = event;
    args.phase = phase;
    args.db = db;
    args.user = user;
    args.payload = cf_str{payload.data(), payload.size()};
    return args;
}
} // namespace

int run_store_hooks(Kernel& kernel, db::Txn& txn, const char* event, std::string_view payload, const UserInfo* user) {
    cf_db handle{&txn.conn, &txn};
    cf_user cu{};
    if (user) cu = to_cf_user(*user);
    cf_hook_args args = hook_args(event, CF_PHASE_STORE, payload, user ? &cu : nullptr, &handle);
    return kernel.hooks.run(&args, kernel.hook_filter(args));
}

void run_notify_hooks(Kernel& kernel, const db::StoredEvent& event) {
    cf_hook_args args = hook_args(event.type.c_str(), CF_PHASE_NOTIFY, event.json, nullptr, nullptr);
    kernel.hooks.run(&args, kernel.hook_filter(args));
    if (args.result) std::free(args.result);
}

bool run_check_hooks(Kernel& kernel, const char* event, std::string_view payload, const UserInfo* user,
                     bool require_hook, int* status, std::string* reason) {
    if (require_hook && !kernel.hooks.has(event, CF_PHASE_CHECK, Kernel::active)) {
        *status = 404;
        *reason = "not found";
        return false;
    }
    cf_user cu{};
    if (user) cu = to_cf_user(*user);
    cf_hook_args args = hook_args(event, CF_PHASE_CHECK, payload, user ? &cu : nullptr, nullptr);
    if (kernel.hooks.run(&args, kernel.hook_filter(args)) == CF_OK) return true;
    *status = args.veto_status;
    *reason = args.veto_reason;
    return false;
}

} // namespace cf
