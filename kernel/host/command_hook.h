// Slash commands run from posted messages: the kernel's "message.create" check hook.
#pragma once

#include "kernel/host/kernel.h"

#include <string>

namespace cf {

// Registers the hook (owner: the kernel, so it runs before every plugin's check). At boot.
bool install_command_hook(Kernel& kernel, std::string* error);

} // namespace cf
