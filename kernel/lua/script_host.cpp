#include "kernel/lua/script_host.h"

#include "kernel/base/strings.h"
#include "kernel/lua/script_names.h"

#include <spdlog/spdlog.h>

#include <cstdlib>
#include <future>
#include <unistd.h>

namespace cf::lua {

namespace fs = std::filesystem;

namespace {

std::optional<int64_t> env_number(const char* name, int64_t lo, int64_t hi, int64_t fallback, std::string* error) {
    const char* v = std::getenv(name);
    if (!v) return fallback;
    auto n = parse_int(v);
    if (!n || *n < lo || *n > hi) {
        *error = std::string(name) + " must be a number from " + std::to_string(lo) + " to " + std::to_string(hi) +
                 ", got \"" + v + "\"";
        return std::nullopt;
    }
    return *n;
}

} // namespace

std::string default_scripts_path() {
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    std::vector<fs::path> candidates;
    if (!ec) {
        candidates.push_back(exe.parent_path() / "scripts");
        candidates.push_back(exe.parent_path().parent_path() / "share" / "campfire" / "scripts");
    }
#ifdef CF_SOURCE_SCRIPTS_DIR
    candidates.emplace_back(CF_SOURCE_SCRIPTS_DIR); // a development build, run from its build folder
#endif
    for (const auto& c : candidates)
        if (fs::is_directory(c, ec)) return c.string();
    return "";
}

std::optional<HostOptions> host_options_from_env(std::string* error) {
    HostOptions o;
    const char* path = std::getenv("SCRIPTS_PATH");
    o.path = path ? path : default_scripts_path();
    if (!o.path.empty() && !fs::is_directory(o.path)) {
        *error = "SCRIPTS_PATH " + o.path + " is not a directory";
        return std::nullopt;
    }
    auto memory = env_number("SCRIPT_MEMORY_MB", 1, 1024, 32, error);
    auto cpu = env_number("SCRIPT_CPU_MS", 10, 10000, 250, error);
    if (!memory || !cpu) return std::nullopt;
    o.limits.memory_bytes = static_cast<size_t>(*memory) << 20;
    o.limits.cpu_per_call = std::chrono::milliseconds(*cpu);
    if (const char* hosts = std::getenv("WEBHOOK_ALLOWED_HOSTS")) o.allowed_hosts = hosts;
    return o;
}

ScriptHost::ScriptHost(Kernel& kernel, HostOptions options)
    : kernel_(kernel), options_(std::move(options)), fetcher_(AllowedHosts::parse(options_.allowed_hosts)) {}

ScriptHost::~ScriptHost() { stop(); }

std::map<std::string, ScriptHost::Found> ScriptHost::discover() const {
    std::map<std::string, Found> found;
    if (options_.path.empty()) return found;
    std::error_code ec;
    fs::path root = fs::canonical(options_.path, ec);
    if (ec) return found;
    for (const auto& e : fs::directory_iterator(root, ec)) {
        std::string name = e.path().stem().string();
        if (e.is_regular_file(ec) && e.path().extension() == ".lua" && valid_script_name(name)) {
            found[name] = Found{root, e.path().filename().string()};
        } else if (e.is_directory(ec) && valid_script_name(e.path().filename().string()) &&
                   fs::is_regular_file(e.path() / "init.lua", ec)) {
            name = e.path().filename().string();
            if (!found.count(name)) found[name] = Found{e.path(), "init.lua"}; // <name>.lua wins
        }
    }
    return found;
}

Script* ScriptHost::ensure(const std::string& name, const Found& found) {
    auto& slot = scripts_[name];
    if (!slot) slot = std::make_unique<Script>(*this, name, found.folder, found.relative);
    return slot.get();
}

void ScriptHost::start(std::chrono::milliseconds wait) {
    if (options_.path.empty()) return;
    spdlog::info("lua: scripts from {} (memory {} MB, CPU {} ms per call)", options_.path,
                 options_.limits.memory_bytes >> 20, options_.limits.cpu_per_call.count());
    std::vector<std::future<void>> loaded;
    {
        std::lock_guard lock(mu_);
        for (const auto& [name, found] : discover()) {
            auto done = std::make_shared<std::promise<void>>();
            loaded.push_back(done->get_future());
            ensure(name, found)->request_load([done] { done->set_value(); });
        }
    }
    auto deadline = std::chrono::steady_clock::now() + wait;
    for (auto& f : loaded) f.wait_until(deadline);
    watcher_ = std::thread([this] { watch(); });
}

void ScriptHost::stop() {
    {
        std::lock_guard lock(mu_);
        if (stopping_) return;
        stopping_ = true;
    }
    wake_.notify_all();
    if (watcher_.joinable()) watcher_.join();
    for (auto& [name, script] : scripts_) script->stop(); // each unloads on its own thread
    fetcher_.stop();
}

// New files load, changed ones reload, missing ones unload.
void ScriptHost::scan() {
    auto found = discover();
    std::lock_guard lock(mu_);
    for (const auto& [name, where] : found) {
        auto it = scripts_.find(name);
        if (it == scripts_.end()) {
            ensure(name, where)->request_load();
        } else if (!it->second->load_pending() && (it->second->removed() || it->second->files_changed())) {
            it->second->request_load();
        }
    }
    for (auto& [name, script] : scripts_)
        if (!found.count(name) && !script->removed()) script->request_removal();
}

void ScriptHost::watch() {
    std::unique_lock lock(mu_);
    while (!wake_.wait_for(lock, options_.poll, [&] { return stopping_; })) {
        lock.unlock();
        scan();
        lock.lock();
    }
}

} // namespace cf::lua
