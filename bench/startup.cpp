// startup: from fork/exec of the server to its first 200 from GET /up, on a fresh data dir each time.
#include "bench/report.h"
#include "bench/scenarios.h"
#include "tests/support/server_process.h"

#include <vector>

namespace cf::bench {

void run_startup(const Options& options) {
  std::vector<double> ms;
  for (int i = 0; i < options.startup_runs; ++i) {
    test::ServerProcess server;  // start() measures; the destructor stops it and removes the dir
    ms.push_back(std::chrono::duration<double, std::milli>(server.startup_time()).count());
  }
  print_figure("startup", "runs", static_cast<double>(ms.size()), "runs", 0);
  print_figure("startup", "min", percentile(ms, 0), "ms");
  print_figure("startup", "median", percentile(ms, 0.5), "ms");
  print_figure("startup", "max", percentile(ms, 1), "ms");
}

}  // namespace cf::bench
