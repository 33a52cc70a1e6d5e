// idle: the server's resident memory per authenticated, subscribed-to-nothing WebSocket connection.
#include "bench/bench_server.h"
#include "bench/report.h"
#include "bench/scenarios.h"
#include "bench/ws_swarm.h"

#include <sys/resource.h>

#include <algorithm>
#include <fstream>
#include <stdexcept>
#include <thread>

namespace cf::bench {

namespace {

// VmRSS of a process in bytes, from /proc/<pid>/status.
long vm_rss_bytes(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);)
    if (line.starts_with("VmRSS:")) return std::stol(line.substr(6)) * 1024;  // reported in kB
  throw std::runtime_error("no VmRSS for pid " + std::to_string(pid));
}

}  // namespace

void run_idle(const Options& options) {
  // Raised before the server starts, so that it inherits the same limit.
  rlimit limit{};
  ::getrlimit(RLIMIT_NOFILE, &limit);
  limit.rlim_cur = limit.rlim_max;
  ::setrlimit(RLIMIT_NOFILE, &limit);
  size_t sockets = static_cast<size_t>(options.sockets);
  const rlim_t spare = 64;  // the tool's and the server's own files
  if (limit.rlim_cur < sockets + spare) {
    sockets = limit.rlim_cur > spare ? limit.rlim_cur - spare : 0;
    print_note("idle", "RLIMIT_NOFILE hard limit is " + std::to_string(limit.rlim_max) + ": measuring " +
                           std::to_string(sockets) + " sockets instead of " + std::to_string(options.sockets));
  }
  if (sockets == 0) throw std::runtime_error("RLIMIT_NOFILE is too low to open any socket");

  BenchServer bench;
  const std::string cookie = bench.admin.cookie_header();
  // One socket first, so that what the first connection allocates once is not counted per socket.
  auto warmup = open_swarm(1, bench.server.cable_port(), cookie, bench.origin(), test::Clock::now() + std::chrono::seconds(10));
  if (!warmup[0].open) throw std::runtime_error("the warm-up WebSocket connection was refused");
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  long before = vm_rss_bytes(bench.server.pid());

  int refusal = 0;
  auto started = test::Clock::now();
  auto conns = open_swarm(sockets, bench.server.cable_port(), cookie, bench.origin(), started + std::chrono::seconds(120), &refusal);
  double open_s = std::chrono::duration<double>(test::Clock::now() - started).count();
  size_t opened = std::count_if(conns.begin(), conns.end(), [](const SwarmConn& c) { return c.open; });
  if (opened != sockets)
    throw std::runtime_error("only " + std::to_string(opened) + " of " + std::to_string(sockets) +
                             " WebSocket connections opened (first refusal: HTTP " + std::to_string(refusal) + ")");
  std::this_thread::sleep_for(std::chrono::seconds(2));
  long after = vm_rss_bytes(bench.server.pid());

  // They must all still be open: a server that dropped them would look cheap.
  SwarmReader reader(conns, 0);
  size_t closed = 0;
  for (int i = 0; i < 10; ++i) closed += reader.poll_once(0, [](size_t, std::string_view) {});
  if (closed > 0) throw std::runtime_error(std::to_string(closed) + " idle sockets were closed by the server");

  print_figure("idle", "sockets", static_cast<double>(opened), "sockets", 0);
  print_figure("idle", "open_time", open_s, "s", 3);
  print_figure("idle", "rss_before", static_cast<double>(before) / 1024, "KiB", 0);
  print_figure("idle", "rss_after", static_cast<double>(after) / 1024, "KiB", 0);
  print_figure("idle", "per_socket", static_cast<double>(after - before) / static_cast<double>(opened), "bytes", 0);
}

}  // namespace cf::bench
