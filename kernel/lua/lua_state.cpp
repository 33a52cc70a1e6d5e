#include "kernel/lua/lua_state.h"

#include <lua.hpp>
#include <luajit.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <ctime>

namespace cf::lua {

namespace {

constexpr int kHookEvery = 1000;                 // VM instructions between checks (a few µs of work)
constexpr int64_t kThrottleAfterNs = 10'000'000; // a call this long is a runaway so far...
constexpr int64_t kBreatherNs = 1'000'000;       // ...so it sleeps 1 ms for every 1 ms it runs

int64_t thread_cpu_ns() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return int64_t(t.tv_sec) * 1000000000 + t.tv_nsec;
}

int on_panic(lua_State* L) {
    // Only reachable if something ran outside lua_cpcall, which this host never does on purpose.
    const char* message = lua_tostring(L, -1);
    spdlog::critical("lua: unprotected error: {}", message ? message : "?");
    return 0;
}

int trampoline(lua_State* L) {
    auto* body = static_cast<const std::function<void(lua_State*)>*>(lua_touserdata(L, 1));
    lua_remove(L, 1);
    (*body)(L);
    return 0;
}

} // namespace

std::unique_ptr<LuaState> LuaState::create(const Limits& limits, void* owner) {
    std::unique_ptr<LuaState> s(new LuaState(limits, owner));
    s->L_ = lua_newstate(&LuaState::allocate, s.get());
    if (!s->L_) return nullptr;
    lua_atpanic(s->L_, on_panic);
    // The count hook does not fire inside compiled traces: interpret only.
    luaJIT_setmode(s->L_, 0, LUAJIT_MODE_ENGINE | LUAJIT_MODE_OFF);
    lua_sethook(s->L_, &LuaState::on_count, LUA_MASKCOUNT, kHookEvery);
    return s;
}

LuaState::~LuaState() {
    if (L_) lua_close(L_);
}

LuaState* LuaState::of(lua_State* L) {
    void* ud = nullptr;
    lua_getallocf(L, &ud);
    return static_cast<LuaState*>(ud);
}

void* LuaState::allocate(void* ud, void* ptr, size_t old_size, size_t new_size) {
    auto* s = static_cast<LuaState*>(ud);
    if (new_size == 0) {
        std::free(ptr);
        s->used_ -= ptr ? old_size : 0;
        return nullptr;
    }
    size_t before = ptr ? old_size : 0;
    if (new_size > before && s->used_ - before + new_size > s->limits_.memory_bytes) {
        if (s->stop_reason_.empty())
            s->stop_reason_ = "script exceeded its memory limit of " + std::to_string(s->limits_.memory_bytes >> 20) + " MB";
        return nullptr; // Lua raises "not enough memory"; the sandbox makes it final
    }
    void* grown = std::realloc(ptr, new_size);
    if (grown) s->used_ = s->used_ - before + new_size;
    return grown;
}

void LuaState::on_count(lua_State* L, lua_Debug*) {
    LuaState* s = of(L);
    int64_t cpu = thread_cpu_ns();
    int64_t used = cpu - s->call_cpu_ns_;
    if (s->stop_reason_.empty() &&
        (used > s->limits_.cpu_per_call.count() * 1000000 || std::chrono::steady_clock::now() > s->wall_deadline_)) {
        s->stop_reason_ = "script exceeded its CPU budget of " + std::to_string(s->limits_.cpu_per_call.count()) +
                          " ms per call";
    }
    if (s->stop_reason_.empty() && used > kThrottleAfterNs && cpu - s->last_breather_ns_ >= kBreatherNs) {
        timespec pause{0, kBreatherNs};
        nanosleep(&pause, nullptr);
        s->last_breather_ns_ = cpu;
    }
    if (!s->stop_reason_.empty()) {
        lua_pushstring(L, s->stop_reason_.c_str());
        lua_error(L);
    }
}

void LuaState::stop(std::string reason) {
    if (stop_reason_.empty()) stop_reason_ = std::move(reason);
}

bool LuaState::call(const std::function<void(lua_State*)>& body, std::string* error) {
    if (stopped()) {
        *error = stop_reason_;
        return false;
    }
    if (depth_ == 0) {
        call_cpu_ns_ = last_breather_ns_ = thread_cpu_ns();
        wall_deadline_ = std::chrono::steady_clock::now() + 4 * limits_.cpu_per_call;
    }
    int base = lua_gettop(L_);
    ++depth_;
    int rc = lua_cpcall(L_, trampoline, const_cast<void*>(static_cast<const void*>(&body)));
    --depth_;
    if (rc == 0 && !stopped()) {
        lua_settop(L_, base);
        return true;
    }
    if (stopped()) {
        *error = stop_reason_;
    } else if (lua_type(L_, -1) == LUA_TSTRING) {
        size_t len = 0;
        const char* text = lua_tolstring(L_, -1, &len);
        *error = std::string(text, len);
    } else {
        *error = "error (the error value is not a string)";
    }
    lua_settop(L_, base);
    return false;
}

} // namespace cf::lua
