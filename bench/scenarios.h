// The scenarios of campfire-bench. Each starts its own server, prints one block of figures,
// and throws std::runtime_error when it cannot measure (the message says why).
#pragma once

#include "bench/options.h"

namespace cf::bench {

void run_startup(const Options& options);
void run_posts(const Options& options);
void run_fanout(const Options& options, int subscribers);
void run_idle(const Options& options);

}  // namespace cf::bench
