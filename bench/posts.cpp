// posts: N keep-alive connections, one thread each, all signed in as the first user, posting to
// All Talk as fast as each post is acknowledged (201).
#include "bench/bench_server.h"
#include "bench/report.h"
#include "bench/scenarios.h"

#include <atomic>
#include <thread>
#include <vector>

namespace cf::bench {

namespace {

struct PosterResult {
  std::vector<double> latencies_ms;  // of acknowledged posts
  long errors = 0;
  std::string first_error;
};

}  // namespace

void run_posts(const Options& options) {
  BenchServer bench;
  const std::string path = bench.messages_path();
  const std::string prefix = test::unique_id();
  std::vector<PosterResult> results(static_cast<size_t>(options.posters));
  std::atomic<bool> go{false};
  std::vector<std::jthread> threads;
  test::Deadline until{};  // set before `go`, read after it
  for (size_t t = 0; t < results.size(); ++t) {
    threads.emplace_back([&, t] {
      test::HttpClient http(bench.server.port());
      http.copy_cookies_from(bench.admin);
      PosterResult& result = results[t];
      result.latencies_ms.reserve(1 << 16);
      while (!go.load(std::memory_order_acquire)) std::this_thread::yield();
      for (long i = 0; test::Clock::now() < until; ++i) {
        std::string body = bench.message_body(prefix + "-" + std::to_string(t) + "-" + std::to_string(i));
        auto sent = test::Clock::now();
        test::HttpResponse response = http.post(path, body);
        double ms = std::chrono::duration<double, std::milli>(test::Clock::now() - sent).count();
        if (response.status == 201) {
          result.latencies_ms.push_back(ms);
        } else if (++result.errors == 1) {
          result.first_error = std::to_string(response.status) + " " + response.body.substr(0, 200);
        }
      }
    });
  }
  auto started = test::Clock::now();
  until = started + std::chrono::duration_cast<test::Clock::duration>(std::chrono::duration<double>(options.seconds));
  go.store(true, std::memory_order_release);
  threads.clear();  // joins; each post is bounded by the client's 10 s timeout
  double elapsed = std::chrono::duration<double>(test::Clock::now() - started).count();

  std::vector<double> all;
  long errors = 0;
  std::string first_error;
  for (auto& r : results) {
    all.insert(all.end(), r.latencies_ms.begin(), r.latencies_ms.end());
    errors += r.errors;
    if (first_error.empty()) first_error = r.first_error;
  }
  print_figure("posts", "posters", options.posters, "connections", 0);
  print_figure("posts", "elapsed", elapsed, "s");
  print_figure("posts", "acknowledged", static_cast<double>(all.size()), "posts", 0);
  print_figure("posts", "throughput", static_cast<double>(all.size()) / elapsed, "posts/s", 0);
  print_figure("posts", "errors", static_cast<double>(errors), "posts", 0);
  print_figure("posts", "ack_latency_p50", percentile(all, 0.50), "ms", 3);
  print_figure("posts", "ack_latency_p99", percentile(all, 0.99), "ms", 3);
  print_figure("posts", "ack_latency_max", percentile(all, 1.0), "ms", 3);
  if (!first_error.empty()) print_note("posts", "first error: " + first_error);
}

}  // namespace cf::bench
