// Boot order: config -> plugins (they register migrations) -> migrations -> writer -> readers
// -> checkpointer -> workers -> cable -> HTTP. Shutdown runs it backwards, so every request
// that was acknowledged has been committed before the process exits.
#include "kernel/app/server.h"

#include "kernel/app/cable_gateway.h"
#include "kernel/auth/rate_limiter.h"
#include "kernel/base/clock.h"
#include "kernel/base/log.h"
#include "kernel/base/metrics.h"
#include "kernel/bus/events.h"
#include "kernel/db/checkpointer.h"
#include "kernel/db/read_pool.h"
#include "kernel/http/dispatcher.h"
#include "kernel/http/kernel_routes.h"
#include "kernel/http/pistache_server.h"
#include "kernel/host/command_hook.h"
#include "kernel/host/plugin_host.h"
#include "kernel/lua/script_host.h"

#include <spdlog/spdlog.h>

#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <thread>

namespace cf {

namespace {

// Prunes old events now and then, through the writer like every other write.
class EventPruner {
public:
    explicit EventPruner(db::Writer& writer) : writer_(writer), thread_([this] { run(); }) {}
    ~EventPruner() {
        {
            std::lock_guard lock(mu_);
            stop_ = true;
        }
        cv_.notify_all();
        thread_.join();
    }

private:
    void run() {
        std::unique_lock lock(mu_);
        while (!cv_.wait_for(lock, std::chrono::minutes(10), [&] { return stop_; })) {
            db::WriteJob job;
            job.run = [](db::Txn& txn) { return prune_events(txn, 3LL * 24 * 3600 * 1000, 200000); };
            job.done = [](int status) {
                if (status != 0) spdlog::warn("event pruning failed ({})", status);
            };
            writer_.submit(std::move(job));
        }
    }
    db::Writer& writer_;
    std::mutex mu_;
    std::condition_variable cv_;
    bool stop_ = false;
    std::thread thread_;
};

int fail(const std::string& message) {
    std::fprintf(stderr, "campfire: %s\n", message.c_str());
    return 2;
}

} // namespace

int run_server() {
    int64_t boot_started = monotonic_us();
    std::string error;
    auto config = load_config(&error);
    if (!config) return fail(error);
    setup_logging(config->log_level);

    // Handle SIGINT/SIGTERM on this thread only: block them before any thread starts.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    std::error_code ec;
    auto dir = std::filesystem::path(config->database_path).parent_path();
    if (!dir.empty()) std::filesystem::create_directories(dir, ec);
    if (ec) return fail("cannot create " + dir.string() + ": " + ec.message());
    auto secret = ensure_secret(*config, &error);
    if (!secret) return fail(error);
    auto lua_options = lua::host_options_from_env(&error);
    if (!lua_options) return fail(error);

    Kernel kernel;
    kernel.config = *config;
    // The writer exists before plugins load, so a plugin may queue a write from init: it runs
    // once the writer starts, after every migration is in.
    db::Writer writer(config->database_path, db::WriterOptions{});
    kernel.writer = &writer;
    if (!load_plugins(kernel, config->plugins_path, &error)) return fail(error);
    if (!install_command_hook(kernel, &error)) return fail(error);
    if (writer.run_now([&](db::Connection& conn) { return migrate_and_restore(kernel, conn, &error) ? 0 : 1; }, &error) != 0)
        return fail("migrations failed: " + error);
    db::configure_readers(config->database_path);
    // Scripts call into the writer, the workers and the dispatcher: declared before them, so it
    // is destroyed after them; stopped explicitly before them (see the end).
    lua::ScriptHost scripts(kernel, *lua_options);

    CookieSigner signer(*secret);
    // A statement left mid-iteration would pin its read snapshot and hold back checkpoints.
    WorkerPool workers("cf-worker", config->workers, 10000, [] { db::reader().reset_all(); });
    WorkerPool notify_pool("cf-notify", 1, 10000);
    kernel.notify_pool = &notify_pool;
    WorkerPool completions("cf-complete", 1, 100000, [] { db::reader().reset_all(); });
    kernel.completions = &completions;

    CableGateway gateway(kernel, workers, signer);
    kernel.fanout = &gateway;
    // Declared after everything the writer calls back into (gateway, pools), so on any return
    // the writer drains and stops while they still exist; then its completions run.
    struct StopWriterFirst {
        db::Writer& writer;
        WorkerPool& completions;
        ~StopWriterFirst() {
            writer.stop();
            completions.stop();
        }
    } stop_writer_first{writer, completions};
    writer.on_commit([&](std::vector<db::StoredEvent>&& events) {
        for (const auto& e : events) {
            gateway.publish(e);
            kernel.notify(e);
        }
    });
    if (!writer.start(&error)) return fail("database: " + error);
    db::Checkpointer checkpointer(config->database_path, std::chrono::milliseconds(1000));
    if (!checkpointer.start(&error)) return fail("checkpointer: " + error);

    net::CableOptions cable_options;
    cable_options.bind_address = config->bind_address;
    cable_options.port = config->cable_port;
    cable_options.threads = static_cast<unsigned>(config->cable_threads);
    net::CableServer cable(cable_options, gateway.callbacks());
    gateway.attach(&cable);
    if (!cable.start(&error)) return fail("cable: " + error);

    RateLimiter login_limiter(10, std::chrono::minutes(3));
    std::vector<Route> kernel_routes;
    const AuthRouteContext auth_ctx{&kernel, &signer, &login_limiter};
    add_auth_routes(auth_ctx, kernel_routes);
    add_people_routes(auth_ctx, kernel_routes);
    add_account_routes(auth_ctx, kernel_routes);
    add_transfer_routes(auth_ctx, kernel_routes);
    add_kernel_routes(OpsContext{&kernel, [&] { return cable.stats().sockets; }, nullptr}, kernel_routes);
    add_feature_routes(OpsContext{&kernel, nullptr, nullptr}, kernel_routes);
    scripts.add_routes(kernel_routes);
    for (auto& r : kernel_routes)
        if (!kernel.router.add(std::move(r), &error)) return fail(error);

    auto& metrics = Metrics::instance();
    metrics.add_gauge("campfire_writer_queue_depth", "Write requests waiting for the writer.",
                      [&] { return static_cast<double>(writer.stats().queue_depth); });
    metrics.add_gauge("campfire_writer_last_batch_size", "Requests in the writer's last transaction.",
                      [&] { return static_cast<double>(writer.stats().last_batch); });
    metrics.add_gauge("campfire_writer_jobs", "Write requests committed or failed since start.",
                      [&] { return static_cast<double>(writer.stats().jobs); });
    metrics.add_gauge("campfire_writer_batches", "Transactions committed since start.",
                      [&] { return static_cast<double>(writer.stats().batches); });
    metrics.add_text([&] {
        // The writer counts transactions by how many requests they carried (group commit).
        static constexpr const char* kUpper[] = {"1", "3", "7", "15", "63", "255", "+Inf"};
        auto stats = writer.stats();
        std::string out = "# HELP campfire_writer_batch_size Requests per writer transaction.\n"
                          "# TYPE campfire_writer_batch_size histogram\n";
        uint64_t cumulative = 0;
        for (size_t i = 0; i < 7; ++i) {
            cumulative += stats.batch_size_hist[i];
            out += std::string("campfire_writer_batch_size_bucket{le=\"") + kUpper[i] + "\"} " + std::to_string(cumulative) + "\n";
        }
        out += "campfire_writer_batch_size_count " + std::to_string(cumulative) + "\n";
        out += "campfire_writer_batch_size_sum " + std::to_string(stats.jobs) + "\n";
        return out;
    });
    metrics.add_gauge("campfire_worker_queue_depth", "Requests waiting for a worker.",
                      [&] { return static_cast<double>(workers.depth()); });
    metrics.add_gauge("campfire_ws_sockets", "Open WebSocket connections.",
                      [&] { return static_cast<double>(cable.stats().sockets); });
    metrics.add_gauge("campfire_ws_queued_bytes", "Bytes waiting in WebSocket send queues.",
                      [&] { return static_cast<double>(cable.stats().queued_bytes); });
    metrics.add_gauge("campfire_ws_slow_closed", "Sockets closed for not keeping up.",
                      [&] { return static_cast<double>(cable.stats().slow_closed); });
    metrics.add_gauge("campfire_ws_messages_waiting", "Client messages waiting for their socket's turn on a worker.",
                      [&] { return static_cast<double>(gateway.messages_waiting()); });

    Dispatcher dispatcher(kernel, workers, signer);
    HttpServerOptions http_options;
    http_options.address = config->bind_address;
    http_options.port = config->port;
    http_options.threads = config->http_threads;
    http_options.max_request_bytes = config->max_body_bytes + 64 * 1024;
    HttpServer http(http_options, [&](std::unique_ptr<HttpRequest> req, std::unique_ptr<ReplySink> sink) {
        dispatcher.accept(std::move(req), std::move(sink));
    });
    kernel.dispatch = [&dispatcher](InternalRequest r) { return dispatcher.dispatch_internal(std::move(r)); };
    struct StopDispatchLast { // on an early return too: nothing may reach the dispatcher once it is gone
        Kernel& kernel;
        lua::ScriptHost& scripts;
        ~StopDispatchLast() {
            scripts.stop();
            kernel.dispatch = nullptr;
        }
    } stop_dispatch_last{kernel, scripts};
    scripts.start(std::chrono::seconds(10)); // their first load, before the first request
    if (!http.start(&error)) return fail(error);
    EventPruner pruner(writer);

    spdlog::info("campfire ready on http://{}:{} (cable {}), {} plugin(s), started in {:.1f} ms", config->bind_address,
                 config->port, config->cable_port, kernel.plugins.size(), (monotonic_us() - boot_started) / 1000.0);

    int sig = 0;
    sigwait(&signals, &sig);
    spdlog::info("signal {}: shutting down", sig);
    http.stop();        // no new requests
    cable.stop();       // sockets closed with 1001
    scripts.stop();     // each script unloads on its own thread
    workers.stop();     // handlers in flight finish and queue their writes
    writer.stop();      // every queued write commits
    completions.stop(); // then their replies go out
    notify_pool.stop();
    checkpointer.stop();
    unload_plugins(kernel);
    kernel.dispatch = nullptr; // nothing may reach the dispatcher once this scope ends
    spdlog::info("stopped");
    return 0;
}

} // namespace cf
