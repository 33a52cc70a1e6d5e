// A script's thread, its loading and unloading, timers and callbacks (see script.h).
#include "kernel/lua/script.h"

#include "kernel/base/clock.h"
#include "kernel/db/read_pool.h"
#include "kernel/host/host_api.h"
#include "kernel/lua/campfire_api.h"
#include "kernel/lua/lua_json.h"
#include "kernel/lua/script_host.h"

#include <lua.hpp>
#include <spdlog/spdlog.h>

#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>

namespace cf::lua {

namespace {
constexpr size_t kMaxJobs = 1000;
constexpr size_t kMaxSavedBytes = 1u << 20;
} // namespace

Script::Script(ScriptHost& host, std::string name, std::filesystem::path folder, std::string relative)
    : host_(host), name_(std::move(name)), relative_(std::move(relative)) {
    std::error_code ec;
    auto canonical = std::filesystem::canonical(folder, ec);
    sandbox_.folder = ec ? folder : canonical;
    sandbox_.file_loaded = [this](const std::filesystem::path& p) { loaded_files_.push_back(p); };
    sandbox_.print = [this](std::string_view line) { spdlog::info("[script:{}] {}", name_, line); };
    record_.name = "script:" + name_;
    record_.description = "Lua script " + relative_;
    record_.enabled.store(false);
    record_.ctx.api = host_api();
    record_.ctx.plugin = &record_;
    record_.ctx.kernel = &host.kernel();
    thread_ = std::thread([this] { run(); });
}

Script::~Script() { stop(); }

Kernel& Script::kernel() { return host_.kernel(); }

bool Script::post(std::function<void()> job) {
    {
        std::lock_guard lock(mu_);
        if (stopping_ || jobs_.size() >= kMaxJobs) return false;
        jobs_.push_back(std::move(job));
    }
    wake_.notify_one();
    return true;
}

bool Script::request_load(std::function<void()> done) {
    load_pending_.store(true);
    return post([this, done = std::move(done)] {
        load_pending_.store(false);
        load_now();
        if (done) done();
    });
}

bool Script::request_removal() {
    return post([this] { unload_now(true); });
}

void Script::stop() {
    {
        std::lock_guard lock(mu_);
        if (stopping_ && !thread_.joinable()) return;
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void Script::run() {
    // Scripts yield the CPU to message delivery: this thread runs at a lower priority (nice 10).
    setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), 10);
    pthread_setname_np(pthread_self(), ("cf-lua-" + name_.substr(0, 8)).c_str());
    std::unique_lock lock(mu_);
    while (!stopping_) {
        if (!jobs_.empty()) {
            auto job = std::move(jobs_.front());
            jobs_.pop_front();
            lock.unlock();
            job();
            job = nullptr; // a route's reply goes out (or answers 503) here, off the lock
        } else {
            std::optional<std::chrono::steady_clock::time_point> next;
            for (const auto& [id, t] : timers_)
                if (!next || t.due < *next) next = t.due;
            if (!next) {
                wake_.wait(lock);
                continue;
            }
            if (*next > std::chrono::steady_clock::now()) {
                wake_.wait_until(lock, *next);
                continue;
            }
            lock.unlock();
            fire_due_timers();
        }
        try {
            db::reader().reset_all(); // no statement may pin a snapshot between jobs
        } catch (...) {
        }
        {
            std::lock_guard info(info_mu_);
            memory_bytes_ = state_ ? state_->memory_used() : 0;
            timers_now_ = timers_.size();
        }
        lock.lock();
    }
    std::deque<std::function<void()>> dropped = std::move(jobs_);
    lock.unlock();
    unload_now(false);
    dropped.clear(); // pending route replies answer 503
}

// ---- loading ----

std::optional<std::string> Script::call_save() {
    if (!state_ || state_->stopped()) return std::nullopt;
    std::optional<std::string> saved;
    std::string error;
    bool ok = state_->call(
        [&](lua_State* L) {
            lua_getglobal(L, "save");
            if (!lua_isfunction(L, -1)) return;
            lua_call(L, 0, 1);
            std::string text, problem;
            if (lua_isnil(L, -1)) return;
            if (!to_json(L, -1, &text, &problem, kMaxSavedBytes)) luaL_error(L, "save(): %s", problem.c_str());
            saved = std::move(text);
        },
        &error);
    if (!ok) note_error("save()", error);
    return ok ? saved : std::nullopt;
}

void Script::load_now() {
    std::optional<std::string> saved = call_save();
    if (!saved) saved = saved_;
    retire();
    {
        std::lock_guard info(info_mu_);
        status_ = "loading";
    }
    loaded_files_.clear();
    loaded_files_.push_back(sandbox_.folder / relative_);
    state_ = LuaState::create(host_.options().limits, this);
    if (!state_) {
        saved_ = saved;
        fail("cannot create a Lua state");
        return;
    }
    record_.enabled.store(true);
    loading_ = true;
    std::string error;
    bool ok = state_->call(
        [&](lua_State* L) {
            open_sandbox(L, &sandbox_);
            open_campfire(L, *this);
            std::filesystem::path resolved;
            std::string code, problem;
            if (!read_script_file(sandbox_.folder, relative_, &resolved, &code, &problem)) luaL_error(L, "%s", problem.c_str());
            if (!load_text(L, code, "@" + relative_, &problem)) luaL_error(L, "%s", problem.c_str());
            lua_call(L, 0, 0);
        },
        &error);
    if (ok && saved) {
        ok = state_->call(
            [&](lua_State* L) {
                lua_getglobal(L, "restore");
                if (!lua_isfunction(L, -1)) return;
                if (!push_json_text(L, *saved)) luaL_error(L, "saved state is not readable");
                lua_call(L, 1, 0);
            },
            &error);
        if (!ok) error = "restore(): " + error;
    }
    loading_ = false;
    refresh_watch(loaded_files_);
    if (!ok) {
        saved_ = saved;
        fail(error);
        return;
    }
    saved_.reset();
    std::lock_guard info(info_mu_);
    status_ = "running";
    error_.clear();
    loaded_at_ms_ = now_ms();
    ++loads_;
    memory_bytes_ = state_->memory_used();
    spdlog::info("script {} loaded from {}", name_, (sandbox_.folder / relative_).string());
}

void Script::unload_now(bool removed) {
    if (auto saved = call_save()) saved_ = std::move(saved);
    retire();
    std::lock_guard info(info_mu_);
    status_ = removed ? "removed" : "stopped";
    if (removed) spdlog::info("script {} removed", name_);
}

void Script::retire() {
    record_.enabled.store(false); // in-flight hook chains skip it from now on
    kernel().forget(&record_);
    timers_.clear();
    listening_.clear();
    state_.reset();
    ++generation_;
    std::lock_guard info(info_mu_);
    commands_.clear();
    routes_.clear();
    events_.clear();
    bots_.clear();
    timers_now_ = 0;
    memory_bytes_ = 0;
}

void Script::fail(const std::string& why) {
    spdlog::error("script {} stopped: {}", name_, why);
    retire();
    std::lock_guard info(info_mu_);
    status_ = "failed";
    error_ = why;
}

void Script::note_error(const std::string& what, const std::string& error) {
    spdlog::warn("script {}: {} failed: {}", name_, what, error);
    std::lock_guard info(info_mu_);
    last_error_ = what + ": " + error;
}

bool Script::invoke(const char* what, const std::function<void(lua_State*)>& body) {
    if (!state_) return false;
    std::string error;
    if (state_->call(body, &error)) return true;
    if (state_->stopped()) fail(error);
    else note_error(what, error);
    return false;
}

void Script::require_loading(lua_State* L, const char* what) const {
    if (!loading_) luaL_error(L, "%s can only be called while the script loads (at its top level)", what);
}

// ---- timers and callbacks ----

uint64_t Script::add_timer(double seconds, bool repeat, int ref) {
    uint64_t id = next_timer_++;
    auto every = std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000));
    timers_[id] = Timer{std::chrono::steady_clock::now() + every, repeat ? every : std::chrono::milliseconds(0), ref};
    return id;
}

bool Script::cancel_timer(uint64_t id) {
    auto it = timers_.find(id);
    if (it == timers_.end()) return false;
    if (state_) luaL_unref(state_->L(), LUA_REGISTRYINDEX, it->second.ref);
    timers_.erase(it);
    return true;
}

void Script::fire_due_timers() {
    auto now = std::chrono::steady_clock::now();
    std::vector<uint64_t> due;
    for (const auto& [id, t] : timers_)
        if (t.due <= now) due.push_back(id);
    uint64_t generation = generation_;
    for (uint64_t id : due) {
        auto it = timers_.find(id);
        if (generation != generation_ || it == timers_.end()) continue;
        Timer timer = it->second;
        if (timer.every.count() > 0) it->second.due = std::max(timer.due + timer.every, now);
        else timers_.erase(it);
        invoke("timer", [&](lua_State* L) {
            lua_rawgeti(L, LUA_REGISTRYINDEX, timer.ref);
            if (timer.every.count() == 0) luaL_unref(L, LUA_REGISTRYINDEX, timer.ref);
            lua_call(L, 0, 0);
        });
    }
}

int Script::take_ref(lua_State* L) { return luaL_ref(L, LUA_REGISTRYINDEX); }

void Script::complete(uint64_t generation, int ref, std::function<int(lua_State*)> push) {
    post([this, generation, ref, push = std::move(push)] {
        if (generation != generation_ || !state_) return; // reloaded meanwhile: the callback went with it
        invoke("callback", [&](lua_State* L) {
            lua_rawgeti(L, LUA_REGISTRYINDEX, ref);
            luaL_unref(L, LUA_REGISTRYINDEX, ref);
            int n = push(L);
            lua_call(L, n, 0);
        });
    });
}

void Script::remember_bot(const BotRef& bot) {
    std::lock_guard info(info_mu_);
    for (const auto& b : bots_)
        if (b.id == bot.id) return;
    bots_.push_back(bot);
}

// ---- what others see ----

void Script::refresh_watch(const std::vector<std::filesystem::path>& files) {
    std::vector<std::pair<std::filesystem::path, std::filesystem::file_time_type>> watched;
    for (const auto& f : files) {
        std::error_code ec;
        auto t = std::filesystem::last_write_time(f, ec);
        watched.emplace_back(f, ec ? std::filesystem::file_time_type::min() : t);
    }
    std::lock_guard info(info_mu_);
    watched_ = std::move(watched);
}

bool Script::files_changed() const {
    std::lock_guard info(info_mu_);
    for (const auto& [path, time] : watched_) {
        std::error_code ec;
        auto now = std::filesystem::last_write_time(path, ec);
        if ((ec ? std::filesystem::file_time_type::min() : now) != time) return true;
    }
    return false;
}

bool Script::removed() const {
    std::lock_guard info(info_mu_);
    return status_ == "removed";
}

void Script::write_json(Json& j) const {
    std::lock_guard info(info_mu_);
    auto strings = [&](const char* key, const std::vector<std::string>& list) {
        j.key(key).arr([&] {
            for (const auto& s : list) j.str(s);
        });
    };
    j.obj([&] {
        j.key("name").str(name_);
        j.key("file").str(relative_ == "init.lua" ? name_ + "/init.lua" : relative_);
        j.key("status").str(status_);
        j.key("error");
        if (error_.empty()) j.null();
        else j.str(error_);
        j.key("last_error");
        if (last_error_.empty()) j.null();
        else j.str(last_error_);
        j.key("loaded_at");
        if (loaded_at_ms_ == 0) j.null();
        else j.str(iso8601(loaded_at_ms_));
        j.key("loads").num(loads_);
        j.key("memory_bytes").num(static_cast<int64_t>(memory_bytes_));
        j.key("memory_limit_bytes").num(static_cast<int64_t>(host_.options().limits.memory_bytes));
        j.key("cpu_budget_ms").num(static_cast<int64_t>(host_.options().limits.cpu_per_call.count()));
        strings("events", events_);
        strings("commands", commands_);
        strings("routes", routes_);
        j.key("timers").num(static_cast<int64_t>(timers_now_));
        j.key("bots").arr([&] {
            for (const auto& b : bots_) j.obj([&] { j.key("id").num(b.id).key("name").str(b.name); });
        });
    });
}

} // namespace cf::lua
