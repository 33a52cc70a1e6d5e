// campfire-bench: drives the real server on loopback and prints measured figures (bench/README.md).
#include "bench/options.h"
#include "bench/scenarios.h"
#include "tests/support/server_process.h"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <exception>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

namespace {

// A last guard: every step has its own timeout, but should one be missed the tool still ends.
// The servers die with us (they are started with PR_SET_PDEATHSIG).
class Watchdog {
public:
  Watchdog(std::string scenario, std::chrono::seconds limit)
      : thread_([this, scenario = std::move(scenario), limit] {
          std::unique_lock lock(mutex_);
          if (!done_cv_.wait_for(lock, limit, [this] { return done_; })) {
            std::fprintf(stderr, "%s: still running after %lld s, giving up\n", scenario.c_str(),
                         static_cast<long long>(limit.count()));
            ::_exit(3);
          }
        }) {}
  ~Watchdog() {
    {
      std::lock_guard lock(mutex_);
      done_ = true;
    }
    done_cv_.notify_all();
  }

private:
  std::mutex mutex_;
  std::condition_variable done_cv_;
  bool done_ = false;
  std::jthread thread_;  // last: joined before the members it uses go away
};

bool run(const std::string& scenario, const std::function<void()>& body) {
  Watchdog watchdog(scenario, std::chrono::seconds(300));
  try {
    body();
    std::printf("\n");
    return true;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: FAILED: %s\n\n", scenario.c_str(), e.what());
    return false;
  }
}

}  // namespace

int main(int argc, char** argv) {
  using namespace cf::bench;
  Options options;
  try {
    options = parse_options(argc, argv);
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "campfire-bench: %s\n%s", e.what(), usage());
    return 2;
  }
  ::signal(SIGPIPE, SIG_IGN);
  if (!options.binary.empty()) cf::test::ServerProcess::set_binary(options.binary);
  if (::access(cf::test::ServerProcess::binary().c_str(), X_OK) != 0) {
    std::fprintf(stderr, "campfire-bench: no server binary at %s (build it, or pass --binary)\n",
                 cf::test::ServerProcess::binary().c_str());
    return 2;
  }

  bool all = options.scenario == "all", ok = true;
  if (all || options.scenario == "startup") ok &= run("startup", [&] { run_startup(options); });
  if (all || options.scenario == "posts") ok &= run("posts", [&] { run_posts(options); });
  if (all || options.scenario == "fanout")
    for (int subscribers : options.subscribers)
      ok &= run("fanout_" + std::to_string(subscribers), [&] { run_fanout(options, subscribers); });
  if (all || options.scenario == "idle") ok &= run("idle", [&] { run_idle(options); });
  return ok ? 0 : 1;
}
