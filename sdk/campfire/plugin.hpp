// A thin, header-only C++20 layer over plugin.h: RAII statements, a reply that cannot be lost,
// lambdas for routes, hooks and writes, and a JSON writer. It adds no ABI: everything goes
// through the host table. Needs RapidJSON's headers (header-only, Debian's rapidjson-dev).
#pragma once

#include <campfire/json.hpp>
#include <campfire/plugin.h>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <charconv>
#include <cstring>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cf {

inline cf_str str(std::string_view s) { return cf_str{s.data(), s.size()}; }
inline std::string_view view(cf_str s) { return s.ptr ? std::string_view(s.ptr, s.len) : std::string_view(); }

inline std::optional<int64_t> to_int(std::string_view s) {
    int64_t v = 0;
    if (s.empty()) return std::nullopt;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
    return v;
}


// A prepared statement, reset and returned to the connection's cache when it goes out of scope.
class Stmt {
public:
    Stmt(cf_ctx* ctx, cf_db* db, std::string_view sql) : ctx_(ctx), s_(cf_stmt_open(ctx, db, str(sql))) {}
    ~Stmt() { if (s_) cf_stmt_close(ctx_, s_); }
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;

    explicit operator bool() const { return s_ != nullptr; }
    Stmt& bind(int i, int64_t v) { if (s_) cf_stmt_bind_int(ctx_, s_, i, v); return *this; }
    Stmt& bind(int i, int v) { return bind(i, static_cast<int64_t>(v)); }
    Stmt& bind(int i, std::string_view v) { if (s_) cf_stmt_bind_text(ctx_, s_, i, str(v)); return *this; }
    Stmt& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
    Stmt& bind(int i, std::nullptr_t) { if (s_) cf_stmt_bind_null(ctx_, s_, i); return *this; }
    Stmt& bind(int i, const std::optional<int64_t>& v) { return v ? bind(i, *v) : bind(i, nullptr); }

    // CF_ROW, CF_DONE or an error code.
    int step() { return s_ ? cf_stmt_step(ctx_, s_) : CF_ERR; }
    bool row() { return step() == CF_ROW; }
    int exec() { int rc = step(); return rc == CF_DONE || rc == CF_ROW ? CF_OK : rc; }

    int64_t integer(int col) { return cf_stmt_column_int(ctx_, s_, col); }
    std::string_view text(int col) { return view(cf_stmt_column_text(ctx_, s_, col)); }
    bool is_null(int col) { return cf_stmt_column_type(ctx_, s_, col) == CF_TYPE_NULL; }

private:
    cf_ctx* ctx_;
    cf_stmt* s_;
};

// The request a route handler sees. Borrowed; valid only during the handler call.
class Request {
public:
    Request(cf_ctx* ctx, cf_request* req) : ctx_(ctx), req_(req) {}
    cf_ctx* ctx() const { return ctx_; }
    std::string_view method() const { return view(cf_request_method(ctx_, req_)); }
    std::string_view path() const { return view(cf_request_path(ctx_, req_)); }
    std::string_view param(const char* n) const { return view(cf_request_param(ctx_, req_, n)); }
    std::optional<int64_t> param_int(const char* n) const { return to_int(param(n)); }
    std::optional<std::string_view> query(const char* n) const {
        cf_str v = cf_request_query(ctx_, req_, n);
        if (!v.ptr) return std::nullopt;
        return view(v);
    }
    std::string_view header(const char* n) const { return view(cf_request_header(ctx_, req_, n)); }
    std::string_view body() const { return view(cf_request_body(ctx_, req_)); }
    const cf_user* user() const { return cf_request_user(ctx_, req_); }
    bool admin() const { const cf_user* u = user(); return u && u->role == CF_ROLE_ADMIN; }
    std::string_view ip() const { return view(cf_request_ip(ctx_, req_)); }
    // The body as JSON (the kernel validated it and converted form bodies); parsed once.
    const rapidjson::Document& json() {
        if (!json_parsed_) {
            json_parsed_ = true;
            if (!parse_json(json_, view(cf_request_json(ctx_, req_))) || !json_.IsObject()) json_.SetObject();
        }
        return json_;
    }

private:
    cf_ctx* ctx_;
    cf_request* req_;
    rapidjson::Document json_;
    bool json_parsed_ = false;
};

// Owns the reply; movable across threads. If it is dropped unsent, the client gets a 500,
// so no request is left hanging.
class Reply {
public:
    Reply(cf_ctx* ctx, cf_response* r) : ctx_(ctx), r_(r) {}
    Reply(Reply&& o) noexcept : ctx_(o.ctx_), r_(std::exchange(o.r_, nullptr)) {}
    Reply& operator=(Reply&&) = delete;
    Reply(const Reply&) = delete;
    ~Reply() { if (r_) cf_response_error(ctx_, r_, 500, "internal error"); }

    Reply& header(const char* name, std::string_view value) { if (r_) cf_response_header(ctx_, r_, name, str(value)); return *this; }
    void send(int status, const char* type, std::string_view body) { if (r_) cf_response_send(ctx_, std::exchange(r_, nullptr), status, type, str(body)); }
    void json(int status, const Json& j) { send(status, "application/json", j.text()); }
    void json(int status, std::string_view text) { send(status, "application/json", text); }
    void no_content() { send(204, "application/json", {}); }
    void error(int status, const char* message) { if (r_) cf_response_error(ctx_, std::exchange(r_, nullptr), status, message); }
    bool sent() const { return r_ == nullptr; }

private:
    cf_ctx* ctx_;
    cf_response* r_;
};

// Keeps the callables a plugin registered alive for the plugin's lifetime.
class Registry {
public:
    template <class T> T* keep(T value) {
        std::lock_guard lock(mu_);
        auto holder = std::make_shared<T>(std::move(value));
        T* raw = holder.get();
        items_.push_back(std::move(holder));
        return raw;
    }
    void clear() { std::lock_guard lock(mu_); items_.clear(); }

private:
    std::mutex mu_;
    std::vector<std::shared_ptr<void>> items_;
};

inline Registry& registry() { static Registry r; return r; }

using RouteFn = std::function<void(Request&, Reply)>;

inline int route(cf_ctx* ctx, const char* method, const char* path, int auth, RouteFn fn) {
    auto* held = registry().keep(std::move(fn));
    cf_route r{sizeof(cf_route), method, path, auth,
               [](cf_ctx* c, cf_request* req, cf_response* resp, void* ud) {
                   Reply reply(c, resp);
                   try {
                       Request request(c, req);
                       (*static_cast<RouteFn*>(ud))(request, std::move(reply));
                   } catch (const std::exception& e) {
                       cf_log(c, CF_LOG_ERROR, str(e.what()));
                   } catch (...) {
                       cf_log(c, CF_LOG_ERROR, str("unknown exception in route"));
                   }
               },
               held};
    return cf_route_add(ctx, &r);
}

// A hook invocation.
class HookCall {
public:
    HookCall(cf_ctx* ctx, cf_hook_call* call) : ctx_(ctx), call_(call) {}
    std::string_view payload() const { return view(cf_hook_payload(ctx_, call_)); }
    int set_payload(std::string_view json) { return cf_hook_set_payload(ctx_, call_, str(json)); }
    int veto(int status, const char* reason) { return cf_hook_veto(ctx_, call_, status, reason); }
    cf_db* db() const { return cf_hook_db(ctx_, call_); }
    const cf_user* user() const { return cf_hook_user(ctx_, call_); }
    cf_ctx* ctx() const { return ctx_; }

private:
    cf_ctx* ctx_;
    cf_hook_call* call_;
};

using HookFn = std::function<int(HookCall&)>;

inline int hook(cf_ctx* ctx, const char* event, int phase, HookFn fn) {
    auto* held = registry().keep(std::move(fn));
    cf_hook h{sizeof(cf_hook), event, phase,
              [](cf_ctx* c, cf_hook_call* call, void* ud) -> int {
                  try {
                      HookCall hc(c, call);
                      return (*static_cast<HookFn*>(ud))(hc);
                  } catch (...) {
                      cf_log(c, CF_LOG_ERROR, str("exception in hook"));
                      return CF_ERR;
                  }
              },
              held};
    return cf_hook_add(ctx, &h);
}

using ChannelFn = std::function<void(const cf_user&, uint64_t socket_id, std::string_view json)>;

inline int channel(cf_ctx* ctx, const char* type, ChannelFn fn) {
    auto* held = registry().keep(std::move(fn));
    cf_channel ch{sizeof(cf_channel), type,
                  [](cf_ctx* c, const cf_user* u, uint64_t sock, cf_str json, void* ud) {
                      try {
                          (*static_cast<ChannelFn*>(ud))(*u, sock, view(json));
                      } catch (...) {
                          cf_log(c, CF_LOG_ERROR, str("exception in channel handler"));
                      }
                  },
                  held};
    return cf_channel_add(ctx, &ch);
}

// A slash command (level 2): `fn` gets the call and returns CF_OK when it handled it. Without a
// function the command is listed for autocompletion only. Needs CF_HAS(ctx->api, command_add).
struct CommandCall {
    std::string_view name, args;
    int64_t room_id = 0;
    const cf_user* user = nullptr;
    std::string_view message; // the message.create check payload's "message" object (JSON)
};
using CommandFn = std::function<int(const CommandCall&)>;

inline int command(cf_ctx* ctx, const char* name, const char* description, const char* args, CommandFn fn = nullptr) {
    if (!CF_HAS(ctx->api, command_add)) return CF_ERR_STATE;
    auto* held = fn ? registry().keep(std::move(fn)) : nullptr;
    cf_command c{sizeof(cf_command), name, description, args, nullptr, held};
    if (held)
        c.fn = [](cf_ctx* cx, const cf_command_call* call, void* ud) -> int {
            try {
                CommandCall cc{view(call->name), view(call->args), call->room_id, call->user, view(call->message)};
                return (*static_cast<CommandFn*>(ud))(cc);
            } catch (...) {
                cf_log(cx, CF_LOG_ERROR, str("exception in command"));
                return CF_ERR;
            }
        };
    return cf_command_add(ctx, &c);
}

inline int migration(cf_ctx* ctx, int version, const char* name, const char* sql) {
    cf_migration m{sizeof(cf_migration), version, name, sql};
    return cf_migration_add(ctx, &m);
}

// Queues a write. `run` executes on the writer thread inside the group transaction and returns
// CF_OK to keep its changes; `done` runs once after commit (or failure) with the status.
template <class Run, class Done>
int write(cf_ctx* ctx, Run run, Done done) {
    struct Job {
        Run run;
        Done done;
    };
    auto job = std::make_unique<Job>(Job{std::move(run), std::move(done)});
    int rc = cf_db_write(
        ctx,
        [](cf_ctx* c, cf_db* txn, void* ud) -> int {
            try {
                return static_cast<Job*>(ud)->run(txn);
            } catch (...) {
                cf_log(c, CF_LOG_ERROR, str("exception in write"));
                return CF_ERR;
            }
        },
        [](cf_ctx* c, int status, void* ud) {
            std::unique_ptr<Job> owned(static_cast<Job*>(ud));
            try {
                owned->done(status);
            } catch (...) {
                cf_log(c, CF_LOG_ERROR, str("exception in write completion"));
            }
        },
        job.get());
    if (rc == CF_OK) job.release(); // the kernel owns it now; `done` frees it
    return rc;
}

struct HookResult {
    int status = CF_OK;          // CF_OK, or CF_ERR_DENIED on veto
    int veto_status = 0;         // HTTP status a vetoing hook asked for
    std::string veto_reason;
    std::optional<std::string> payload; // set when a transform hook replaced it
};

inline HookResult run_hooks(cf_ctx* ctx, const char* event, int phase, std::string_view payload,
                            const cf_user* user = nullptr, cf_db* db = nullptr) {
    cf_hook_args a{};
    a.size = sizeof a;
    a.event = event;
    a.phase = phase;
    a.db = db;
    a.user = user;
    a.payload = str(payload);
    HookResult r;
    r.status = cf_hook_run(ctx, &a);
    if (a.result) {
        r.payload.emplace(a.result, a.result_len);
        cf_free(ctx, a.result);
    }
    r.veto_status = a.veto_status;
    r.veto_reason = a.veto_reason;
    return r;
}

inline void log(cf_ctx* ctx, int level, std::string_view msg) { cf_log(ctx, level, str(msg)); }

// ---- level 2: in-process requests ----

struct Response {
    int status = 0;
    std::string content_type, headers, body;
    // A header's value ("" when absent); names are matched in lowercase.
    std::string header(std::string_view lower_name) const {
        size_t at = 0;
        while (at < headers.size()) {
            size_t end = headers.find("\r\n", at);
            if (end == std::string::npos) end = headers.size();
            std::string_view line(headers.data() + at, end - at);
            size_t colon = line.find(": ");
            if (colon != std::string_view::npos && line.substr(0, colon) == lower_name)
                return std::string(line.substr(colon + 2));
            at = end + 2;
        }
        return {};
    }
};
using DispatchDone = std::function<void(Response)>;

// Runs `method path` as user `as_user` (see cf_dispatch in plugin.h); `done` runs once on a worker
// thread unless this returns an error. Returns CF_ERR_STATE on kernels older than level 2.
inline int dispatch(cf_ctx* ctx, const char* method, const std::string& path, std::string_view body, int64_t as_user,
                    DispatchDone done, const char* content_type = nullptr) {
    if (!CF_HAS(ctx->api, dispatch)) return CF_ERR_STATE;
    auto owned = std::make_unique<DispatchDone>(std::move(done));
    cf_dispatch_args a{};
    a.size = sizeof a;
    a.method = method;
    a.path = path.c_str();
    a.body = str(body);
    a.content_type = content_type;
    a.as_user_id = as_user;
    a.done = [](cf_ctx*, int status, cf_str type, cf_str headers, cf_str body, void* ud) {
        std::unique_ptr<DispatchDone> fn(static_cast<DispatchDone*>(ud));
        if (*fn) (*fn)(Response{status, std::string(view(type)), std::string(view(headers)), std::string(view(body))});
    };
    a.user_data = owned.get();
    int rc = cf_dispatch(ctx, &a);
    if (rc == CF_OK) (void)owned.release(); // the callback owns it now
    return rc;
}

} // namespace cf

// Defines the exported entry point. Use once per plugin, at the end of its main file.
#define CF_PLUGIN(NAME, VERSION, DESCRIPTION, INIT, UNLOAD, ON_ENABLE)                              \
    extern "C" CF_EXPORT const cf_plugin_def* cf_plugin(void) {                                     \
        static const cf_plugin_def def = {sizeof(cf_plugin_def), CF_API_LEVEL, NAME, VERSION,        \
                                          DESCRIPTION, INIT, UNLOAD, ON_ENABLE};                    \
        return &def;                                                                                \
    }
