// One script: its own thread, its own sandboxed state, and everything it registered.
// Every call into the script (its top-level code, event handlers, commands, routes, timers,
// callbacks) runs on the script's thread, one at a time, from a bounded queue: a slow or stuck
// script never holds up message delivery, requests or other scripts.
//
// Loading (at start-up, when a file changes, or when an administrator asks): save() of the old
// version, then everything it registered goes (hooks, commands, routes, timers, flag rules,
// pending callbacks) and its state is closed; the new version runs its top-level code (the only
// time it may register) and gets restore(saved). A script that fails to load, or blows its CPU
// budget or memory at any time, is stopped (state closed, registrations removed, status
// "failed" with the error) until its file changes or an administrator reloads it.
#pragma once

#include "kernel/host/kernel.h"
#include "kernel/lua/lua_state.h"
#include "kernel/lua/sandbox.h"

#include <campfire/json.hpp>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace cf::lua {

class ScriptHost;

struct BotRef {
    int64_t id = 0;
    std::string name;
};

class Script {
public:
    // `relative` is the main file inside `folder` ("roll.lua", or "init.lua" for a folder script).
    Script(ScriptHost& host, std::string name, std::filesystem::path folder, std::string relative);
    ~Script();
    Script(const Script&) = delete;
    Script& operator=(const Script&) = delete;

    const std::string& name() const { return name_; }

    // Any thread: queue work for the script's thread. False when the queue is full (1000) or the
    // script is stopping; the job is then dropped.
    bool post(std::function<void()> job);
    // Any thread: (re)load on the script's thread; `done` runs there afterwards.
    bool request_load(std::function<void()> done = {});
    // Any thread: the file is gone. Unloads (keeping save()'s data for a comeback).
    bool request_removal();
    void stop(); // joins; not from the script's own thread

    // The watcher's view: the files the current version read, with their times at load.
    bool files_changed() const;
    bool removed() const;
    bool load_pending() const { return load_pending_.load(); }

    // GET /api/scripts: status, error, registrations, memory.
    void write_json(Json& j) const;

    // ---- for the campfire.* bindings: script thread only ----
    ScriptHost& host() { return host_; }
    Kernel& kernel();
    PluginRecord* owner() { return &record_; }
    LuaState* state() { return state_.get(); }
    bool loading() const { return loading_; }
    uint64_t generation() const { return generation_; }

    // Registration (only while loading; raise a Lua error otherwise).
    void require_loading(lua_State* L, const char* what) const;
    void listen(lua_State* L, const std::string& kind); // "message", "mention", "room"
    void add_command(lua_State* L, const std::string& name, const std::string& description, const std::string& args);
    std::string add_route(lua_State* L, const std::string& method, const std::string& path, int auth);
    void add_flag_rule(lua_State* L, const std::string& feature, Audience audience);

    // Timers (any time). Returns the id.
    uint64_t add_timer(double seconds, bool repeat, int ref);
    bool cancel_timer(uint64_t id);
    size_t timer_count() const { return timers_.size(); }

    // Callbacks for asynchronous work (dispatch, http). `take_ref` stores the function at the top
    // of the stack; `complete` runs it later on the script thread with what `push` pushes, unless
    // the script was reloaded meanwhile. Any thread.
    int take_ref(lua_State* L);
    void complete(uint64_t generation, int ref, std::function<int(lua_State*)> push);

    // Bots this script acts as (campfire.bot), for mention detection.
    void remember_bot(const BotRef& bot);

    // Key-value storage (script_kv), cached in memory after the first read.
    std::map<std::string, std::string>& kv();

    // Runs a Lua call with the budget; a stop fails the script, an ordinary error is logged.
    bool invoke(const char* what, const std::function<void(lua_State*)>& body);

    // Outgoing requests in flight (campfire.http allows 10 per script).
    std::atomic<int> http_in_flight{0};

    // Script thread: an event from a hook ("message", or "created"/"updated"/"deleted" for rooms).
    void deliver(const std::string& action, const std::string& payload);

    // Kernel hook entry points (any thread): queue the event for the script's thread.
    static int on_message_created(cf_ctx* ctx, cf_hook_call* call, void* self);
    static int on_room_created(cf_ctx* ctx, cf_hook_call* call, void* self);
    static int on_room_updated(cf_ctx* ctx, cf_hook_call* call, void* self);
    static int on_room_deleted(cf_ctx* ctx, cf_hook_call* call, void* self);

private:
    struct Timer {
        std::chrono::steady_clock::time_point due;
        std::chrono::milliseconds every{0}; // 0: once
        int ref = 0;
    };

    void run();
    void fire_due_timers();
    void load_now();
    void unload_now(bool removed);
    std::optional<std::string> call_save();
    void retire();                    // removes registrations, closes the state
    void fail(const std::string& why); // stopped or failed to load
    void note_error(const std::string& what, const std::string& error);
    void run_command(const std::string& name, const std::string& args, int64_t room_id, const UserInfo& user,
                     const std::string& message);
    struct RouteCall;
    class PendingReply;
    void serve_route(const std::string& key, const RouteCall& call, PendingReply& reply);
    bool is_member(int64_t room_id, int64_t user_id);
    std::optional<std::string> room_type(int64_t room_id);
    void refresh_watch(const std::vector<std::filesystem::path>& files);

    ScriptHost& host_;
    const std::string name_;
    SandboxHost sandbox_;
    const std::string relative_;
    PluginRecord record_; // the owner of everything this script registers

    // Script thread only.
    std::unique_ptr<LuaState> state_;
    bool loading_ = false;
    uint64_t generation_ = 0;
    std::map<uint64_t, Timer> timers_;
    uint64_t next_timer_ = 1;
    std::set<std::string> listening_; // hook kinds registered for this version
    std::optional<std::string> saved_; // save()'s data kept across a failed load or a removal
    std::vector<std::filesystem::path> loaded_files_;
    std::optional<std::map<std::string, std::string>> kv_;

    // Shared with other threads.
    mutable std::mutex mu_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> jobs_;
    bool stopping_ = false;
    std::atomic<bool> load_pending_{false};
    std::thread thread_;

    mutable std::mutex info_mu_; // what GET /api/scripts and the watcher read
    std::string status_ = "loading";
    std::string error_;
    std::string last_error_;
    int64_t loaded_at_ms_ = 0;
    int loads_ = 0;
    size_t memory_bytes_ = 0;
    std::vector<std::string> commands_, routes_, events_;
    std::vector<BotRef> bots_;
    std::vector<std::pair<std::filesystem::path, std::filesystem::file_time_type>> watched_;
    size_t timers_now_ = 0;
};

} // namespace cf::lua
