// The kernel's own writes from a route: queue `run` on the writer, then call `done` with the
// status and the reply once the transaction is durable. A full queue answers 503 at once.
#pragma once

#include "kernel/host/kernel.h"

#include <functional>

namespace cf {

void write_then_reply(Kernel& kernel, Reply reply, std::function<int(db::Txn&)> run,
                      std::function<void(int status, Reply& reply)> done);

} // namespace cf
