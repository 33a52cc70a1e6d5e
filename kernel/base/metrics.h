// Counters, latency histograms and gauges, rendered in Prometheus' text format at /metrics.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace cf {

class Histogram {
public:
    // Bucket upper bounds in seconds.
    static constexpr std::array<double, 12> kBounds{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                                                    0.01, 0.025, 0.05, 0.1, 0.5, 2.0};
    void observe(double seconds);
    void render(std::string& out, const std::string& name, const std::string& labels) const;

private:
    std::array<std::atomic<uint64_t>, kBounds.size() + 1> counts_{};
    std::atomic<uint64_t> sum_us_{0};
};

class Metrics {
public:
    static Metrics& instance();

    std::atomic<uint64_t> http_requests{0};
    std::atomic<uint64_t> http_errors_4xx{0};
    std::atomic<uint64_t> http_errors_5xx{0};
    Histogram http_latency;
    std::atomic<uint64_t> ws_messages_in{0};
    std::atomic<uint64_t> events_published{0};
    std::atomic<uint64_t> hooks_notify_dropped{0};

    // Gauges read at render time (writer depth, sockets, ...): name, help, reader.
    void add_gauge(std::string name, std::string help, std::function<double()> read);
    // A whole metric family rendered by its owner (e.g. a histogram kept elsewhere).
    void add_text(std::function<std::string()> render);
    std::string render() const;

private:
    mutable std::mutex mu_;
    struct Gauge { std::string name, help; std::function<double()> read; };
    std::vector<Gauge> gauges_;
    std::vector<std::function<std::string()>> texts_;
};

} // namespace cf
