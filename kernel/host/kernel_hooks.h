// The kernel firing its own hook points (user.created, account.created, cable.subscribe).
#pragma once

#include "kernel/host/kernel.h"

#include <string>

namespace cf {

cf_user to_cf_user(const UserInfo& u);

// Store phase inside a kernel write. Returns CF_OK or the failing hook's code.
int run_store_hooks(Kernel& kernel, db::Txn& txn, const char* event, std::string_view payload, const UserInfo* user);

// Notify phase for a committed event, on the calling thread (the notify pool).
void run_notify_hooks(Kernel& kernel, const db::StoredEvent& event);

// Check phase. `require_hook`: deny when no active plugin registered one (deny by default).
// On veto returns false with the status and reason.
bool run_check_hooks(Kernel& kernel, const char* event, std::string_view payload, const UserInfo* user,
                     bool require_hook, int* status, std::string* reason);

} // namespace cf
