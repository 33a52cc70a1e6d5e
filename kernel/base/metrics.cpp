#include "kernel/base/metrics.h"

#include <cstdio>

namespace cf {

void Histogram::observe(double seconds) {
    size_t i = 0;
    while (i < kBounds.size() && seconds > kBounds[i]) ++i;
    counts_[i].fetch_add(1, std::memory_order_relaxed);
    sum_us_.fetch_add(static_cast<uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

void Histogram::render(std::string& out, const std::string& name, const std::string& labels) const {
    uint64_t cumulative = 0;
    char line[256];
    for (size_t i = 0; i <= kBounds.size(); ++i) {
        cumulative += counts_[i].load(std::memory_order_relaxed);
        if (i < kBounds.size())
            std::snprintf(line, sizeof line, "%s_bucket{%sle=\"%g\"} %llu\n", name.c_str(), labels.c_str(), kBounds[i],
                          static_cast<unsigned long long>(cumulative));
        else
            std::snprintf(line, sizeof line, "%s_bucket{%sle=\"+Inf\"} %llu\n", name.c_str(), labels.c_str(),
                          static_cast<unsigned long long>(cumulative));
        out += line;
    }
    std::snprintf(line, sizeof line, "%s_sum %.6f\n%s_count %llu\n", name.c_str(), sum_us_.load() / 1e6, name.c_str(),
                  static_cast<unsigned long long>(cumulative));
    out += line;
}

Metrics& Metrics::instance() {
    static Metrics m;
    return m;
}

void Metrics::add_gauge(std::string name, std::string help, std::function<double()> read) {
    std::lock_guard lock(mu_);
    gauges_.push_back({std::move(name), std::move(help), std::move(read)});
}

void Metrics::add_text(std::function<std::string()> render) {
    std::lock_guard lock(mu_);
    texts_.push_back(std::move(render));
}

std::string Metrics::render() const {
    std::string out;
    auto counter = [&](const char* name, const char* help, uint64_t v) {
        out += "# HELP " + std::string(name) + " " + help + "\n# TYPE " + name + " counter\n" + name + " " +
               std::to_string(v) + "\n";
    };
    counter("campfire_http_requests_total", "HTTP requests answered.", http_requests.load());
    counter("campfire_http_client_errors_total", "HTTP 4xx answers.", http_errors_4xx.load());
    counter("campfire_http_server_errors_total", "HTTP 5xx answers.", http_errors_5xx.load());
    counter("campfire_ws_messages_in_total", "WebSocket messages received.", ws_messages_in.load());
    counter("campfire_events_published_total", "Stored events broadcast after commit.", events_published.load());
    counter("campfire_notify_hooks_dropped_total", "Notify hook runs dropped because their queue was full.",
            hooks_notify_dropped.load());
    out += "# HELP campfire_http_request_duration_seconds Time from request parsed to reply queued.\n"
           "# TYPE campfire_http_request_duration_seconds histogram\n";
    http_latency.render(out, "campfire_http_request_duration_seconds", "");
    std::lock_guard lock(mu_);
    for (const auto& g : gauges_) {
        char value[64];
        std::snprintf(value, sizeof value, "%.17g", g.read());
        out += "# HELP " + g.name + " " + g.help + "\n# TYPE " + g.name + " gauge\n" + g.name + " " + value + "\n";
    }
    for (const auto& t : texts_) out += t();
    return out;
}

} // namespace cf
