// fanout: S WebSocket subscribers in All Talk, read by a few epoll threads, while posters send
// messages over HTTP at a steady rate. Each message is known by the sequence number in its
// client_message_id; it is "delivered" when every subscriber has its message.created frame.
#include "bench/bench_server.h"
#include "bench/report.h"
#include "bench/scenarios.h"
#include "bench/ws_swarm.h"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <stdexcept>
#include <thread>
#include <vector>

namespace cf::bench {

namespace {

int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(test::Clock::now().time_since_epoch()).count();
}

// The sequence number in `"client_message_id":"<prefix>-<seq>"`, or -1. A substring search, not a
// JSON parse: the receivers must keep up with a million frames a second.
long sequence_of(std::string_view text, std::string_view prefix) {
  if (text.find("message.created") == std::string_view::npos) return -1;
  size_t at = text.find("\"client_message_id\"");
  if (at == std::string_view::npos) return -1;
  at = text.find('"', at + 19);  // the opening quote of the value
  if (at == std::string_view::npos || text.substr(at + 1, prefix.size()) != prefix) return -1;
  size_t digits = at + 1 + prefix.size() + 1;
  long seq = -1;
  if (digits > text.size()) return -1;
  std::from_chars(text.data() + digits, text.data() + text.size(), seq);
  return seq;
}

struct Tracker {  // shared between posters and receivers, one slot per message
  explicit Tracker(size_t messages) : sent_ns(messages), received(messages), done_ns(messages) {}
  std::vector<std::atomic<int64_t>> sent_ns;
  std::vector<std::atomic<uint32_t>> received;
  std::vector<std::atomic<int64_t>> done_ns;  // when the last subscriber got it
  std::atomic<size_t> completed{0};
  std::atomic<size_t> post_errors{0};
};

struct ReceiverTotals {
  uint64_t frames = 0;
  int64_t last_frame_ns = 0;
};

}  // namespace

void run_fanout(const Options& options, int subscribers) {
  const std::string name = "fanout_" + std::to_string(subscribers);
  BenchServer bench;
  int refusal = 0;
  auto conns = open_swarm(static_cast<size_t>(subscribers), bench.server.cable_port(), bench.admin.cookie_header(),
                          bench.origin(), test::Clock::now() + std::chrono::seconds(60), &refusal);
  size_t opened = std::count_if(conns.begin(), conns.end(), [](const SwarmConn& c) { return c.open; });
  if (opened != conns.size())
    throw std::runtime_error("only " + std::to_string(opened) + " of " + std::to_string(conns.size()) +
                             " WebSocket connections opened (first refusal: HTTP " + std::to_string(refusal) + ")");

  size_t reader_count = std::clamp<size_t>(static_cast<size_t>(options.receivers), 1, conns.size());
  std::vector<SwarmReader> readers;
  readers.reserve(reader_count);
  for (size_t r = 0; r < reader_count; ++r) {
    size_t begin = conns.size() * r / reader_count, end = conns.size() * (r + 1) / reader_count;
    readers.emplace_back(std::span(conns).subspan(begin, end - begin), begin);
  }

  // Subscribe everyone and wait for every "subscribed".
  const std::string subscribe = R"({"type":"subscribe","room_id":)" + std::to_string(bench.room) + "}";
  for (auto& conn : conns)
    if (!swarm_send(conn, subscribe)) throw std::runtime_error("sending subscribe failed");
  std::vector<char> subscribed(conns.size(), 0);
  size_t confirmed = 0;
  std::string refused;
  auto subscribe_deadline = test::Clock::now() + std::chrono::seconds(30);
  while (confirmed < conns.size() && test::Clock::now() < subscribe_deadline) {
    for (auto& reader : readers)
      if (reader.poll_once(10, [&](size_t i, std::string_view text) {
            if (text.find("\"subscribed\"") != std::string_view::npos && !subscribed[i]) subscribed[i] = 1, ++confirmed;
            if (text.find("\"error\"") != std::string_view::npos && refused.empty()) refused = text;
          }) > 0)
        throw std::runtime_error("the server closed subscriber sockets while subscribing");
    if (!refused.empty()) throw std::runtime_error("subscribe refused: " + refused);
  }
  if (confirmed < conns.size())
    throw std::runtime_error(std::to_string(confirmed) + " of " + std::to_string(conns.size()) + " subscriptions confirmed within 30 s");

  // The burst.
  const size_t messages = std::max<size_t>(1, static_cast<size_t>(options.rate * options.seconds));
  const std::string prefix = test::unique_id();
  Tracker tracker(messages);
  std::atomic<bool> stop_receivers{false};
  std::vector<ReceiverTotals> totals(readers.size());
  std::vector<size_t> closed(readers.size(), 0);
  std::vector<std::jthread> receivers;
  for (size_t r = 0; r < readers.size(); ++r)
    receivers.emplace_back([&, r] {
      auto on_text = [&](size_t, std::string_view text) {
        long seq = sequence_of(text, prefix);
        if (seq < 0 || static_cast<size_t>(seq) >= messages) return;
        int64_t now = now_ns();
        ++totals[r].frames;
        totals[r].last_frame_ns = now;
        if (tracker.received[seq].fetch_add(1, std::memory_order_relaxed) + 1 == conns.size()) {
          tracker.done_ns[seq].store(now, std::memory_order_relaxed);
          tracker.completed.fetch_add(1, std::memory_order_release);
        }
      };
      while (!stop_receivers.load(std::memory_order_relaxed)) closed[r] += readers[r].poll_once(20, on_text);
    });

  const auto started = test::Clock::now();
  const auto give_up = started + std::chrono::duration_cast<test::Clock::duration>(std::chrono::duration<double>(options.seconds)) +
                       std::chrono::seconds(10);
  std::atomic<size_t> next{0};
  std::vector<std::jthread> posters;
  for (int p = 0; p < options.fanout_posters; ++p)
    posters.emplace_back([&] {
      test::HttpClient http(bench.server.port());
      http.copy_cookies_from(bench.admin);
      const std::string path = bench.messages_path();
      for (size_t i; (i = next.fetch_add(1)) < messages;) {
        auto due = started + std::chrono::duration_cast<test::Clock::duration>(std::chrono::duration<double>(i / options.rate));
        std::this_thread::sleep_until(due);
        if (test::Clock::now() >= give_up) {
          tracker.post_errors.fetch_add(1);
          continue;
        }
        tracker.sent_ns[i].store(now_ns(), std::memory_order_relaxed);
        if (http.post(path, bench.message_body(prefix + "-" + std::to_string(i))).status != 201)
          tracker.post_errors.fetch_add(1);
      }
    });
  posters.clear();  // joins
  while (tracker.completed.load(std::memory_order_acquire) + tracker.post_errors.load() < messages &&
         test::Clock::now() < give_up)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  stop_receivers = true;
  receivers.clear();

  std::vector<double> latency_ms;
  for (size_t i = 0; i < messages; ++i)
    if (int64_t done = tracker.done_ns[i].load(); done > 0)
      latency_ms.push_back(static_cast<double>(done - tracker.sent_ns[i].load()) / 1e6);
  uint64_t frames = 0;
  int64_t last_frame = 0;
  for (const auto& t : totals) frames += t.frames, last_frame = std::max(last_frame, t.last_frame_ns);
  size_t closed_sockets = 0;
  for (size_t c : closed) closed_sockets += c;
  double wall_s = last_frame > 0 ? static_cast<double>(last_frame - tracker.sent_ns[0].load()) / 1e9 : 0;
  size_t incomplete = messages - tracker.post_errors.load() - latency_ms.size();

  print_figure(name, "subscribers", static_cast<double>(conns.size()), "sockets", 0);
  print_figure(name, "messages", static_cast<double>(messages), "messages", 0);
  print_figure(name, "offered_rate", options.rate, "messages/s", 0);
  print_figure(name, "post_errors", static_cast<double>(tracker.post_errors.load()), "messages", 0);
  print_figure(name, "deliveries", static_cast<double>(frames), "frames", 0);
  print_figure(name, "burst_wall_time", wall_s, "s", 3);
  print_figure(name, "deliveries_per_s", wall_s > 0 ? static_cast<double>(frames) / wall_s : 0, "frames/s", 0);
  print_figure(name, "latency_p50", percentile(latency_ms, 0.50), "ms", 3);
  print_figure(name, "latency_p99", percentile(latency_ms, 0.99), "ms", 3);
  print_figure(name, "latency_max", percentile(latency_ms, 1.0), "ms", 3);
  print_figure(name, "incomplete", static_cast<double>(incomplete), "messages", 0);
  print_figure(name, "closed_sockets", static_cast<double>(closed_sockets), "sockets", 0);
  for (const auto& conn : conns)
    if (conn.close_code != 0) {
      print_note(name, "a subscriber was closed with code " + std::to_string(conn.close_code));
      break;
    }
}

}  // namespace cf::bench
