// Runs the server until SIGINT or SIGTERM. Returns the process exit code (2 for bad config).
#pragma once

namespace cf {

int run_server();

} // namespace cf
