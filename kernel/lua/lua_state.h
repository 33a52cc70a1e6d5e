// One sandboxed LuaJIT state with a memory cap and a CPU budget per call.
//  - Memory: the state allocates through a counting allocator that refuses to grow past the cap
//    (Debian's LuaJIT 2.1 is a GC64 build, where lua_newstate with a custom allocator works;
//    tests/unit/lua checks it). A refusal marks the state as over its memory.
//  - CPU: every entry into Lua gets a budget of the thread's CPU time (CLOCK_THREAD_CPUTIME_ID),
//    and a wall-clock bound of four times that; a count hook (every 1000 VM instructions) stops
//    the call once either passes. The JIT is off for the state: compiled traces never run hooks.
//  - A call that has run for 10 ms of CPU is throttled to half a core (it sleeps as long as it
//    runs): a runaway script leaves the CPU to message delivery until its budget ends it.
//  - Either limit is final: the stop cannot be caught by pcall, xpcall or coroutine.resume in the
//    script (sandbox.cpp re-raises), and the owner closes the state afterwards.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

struct lua_State;
struct lua_Debug;

namespace cf::lua {

struct Limits {
    size_t memory_bytes = 32u << 20;
    std::chrono::milliseconds cpu_per_call{250};
};

class LuaState {
public:
    // A fresh state with nothing opened. nullptr when it cannot be created.
    static std::unique_ptr<LuaState> create(const Limits& limits, void* owner);
    ~LuaState();
    LuaState(const LuaState&) = delete;
    LuaState& operator=(const LuaState&) = delete;

    lua_State* L() const { return L_; }
    void* owner() const { return owner_; }
    static LuaState* of(lua_State* L); // the LuaState behind any thread of the state

    // Runs `body` in protected mode with a fresh budget. `body` pushes a function and its
    // arguments and calls it (lua_call), or does anything else that may raise. False with the
    // error message on failure; then check stopped().
    bool call(const std::function<void(lua_State*)>& body, std::string* error);

    // Set once the budget or the memory cap was blown: the state must be closed.
    bool stopped() const { return !stop_reason_.empty(); }
    const std::string& stop_reason() const { return stop_reason_; }
    // Called from Lua errors raised by the host (sandbox wrappers) to make an error final.
    void stop(std::string reason);

    size_t memory_used() const { return used_; }
    size_t memory_limit() const { return limits_.memory_bytes; }

    // Time spent waiting in a blocking host call (a bot's creation) does not count.
    class Pause {
    public:
        explicit Pause(LuaState& s) : s_(s), started_(std::chrono::steady_clock::now()) {}
        ~Pause() { s_.wall_deadline_ += std::chrono::steady_clock::now() - started_; }
        Pause(const Pause&) = delete;
        Pause& operator=(const Pause&) = delete;

    private:
        LuaState& s_;
        std::chrono::steady_clock::time_point started_;
    };

private:
    LuaState(const Limits& limits, void* owner) : limits_(limits), owner_(owner) {}
    static void* allocate(void* ud, void* ptr, size_t old_size, size_t new_size);
    static void on_count(lua_State* L, lua_Debug* ar);

    Limits limits_;
    void* owner_;
    lua_State* L_ = nullptr;
    size_t used_ = 0;
    int depth_ = 0; // nested call()s: only the outermost sets the deadline
    int64_t call_cpu_ns_ = 0;       // the thread's CPU time when the outermost call began
    int64_t last_breather_ns_ = 0;  // CPU time at the last throttling sleep
    std::chrono::steady_clock::time_point wall_deadline_{};
    std::string stop_reason_;
};

} // namespace cf::lua
