// The kernel's side of sdk/campfire/plugin.h: one static function per slot of cf_host_api.
// Nothing here throws across the ABI: every entry point catches and turns failures into codes.
#include "kernel/host/host_api.h"

#include "kernel/base/clock.h"
#include "kernel/base/strings.h"
#include "kernel/bus/events.h"
#include "kernel/db/read_pool.h"
#include "kernel/host/kernel.h"

#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <cstdlib>
#include <cstring>

namespace cf {

namespace {

thread_local std::string t_last_error;

PluginCtx* pctx(cf_ctx* c) { return static_cast<PluginCtx*>(c); }
Kernel& kernel(cf_ctx* c) { return *pctx(c)->kernel; }
const std::string& plugin_name(cf_ctx* c) { return pctx(c)->plugin->name; }

int fail(int code, std::string message) {
    t_last_error = std::move(message);
    return code;
}

cf_str s(const std::string* v) { return v ? cf_str{v->data(), v->size()} : cf_str{nullptr, 0}; }
cf_str s(const std::string& v) { return cf_str{v.data(), v.size()}; }
std::string_view sv(cf_str v) { return v.ptr ? std::string_view(v.ptr, v.len) : std::string_view(); }

template <class F>
int guarded(F&& f) {
    try {
        return f();
    } catch (const std::exception& e) {
        return fail(CF_ERR, e.what());
    } catch (...) {
        return fail(CF_ERR, "unknown error");
    }
}

bool registering(cf_ctx* c) {
    if (pctx(c)->plugin->registering) return true;
    fail(CF_ERR_STATE, "registrations are only accepted during init");
    return false;
}

// ---- registration ----

int route_add(cf_ctx* c, const cf_route* r) {
    return guarded([&]() -> int {
        if (!registering(c)) return CF_ERR_STATE;
        if (!r || r->size < offsetof(cf_route, user_data) + sizeof(void*) || !r->method || !r->path || !r->handler)
            return fail(CF_ERR_ARG, "cf_route needs size, method, path and handler");
        if (r->auth < CF_AUTH_NONE || r->auth > CF_AUTH_OPTIONAL) return fail(CF_ERR_ARG, "unknown auth kind");
        Route route;
        route.method = r->method;
        route.pattern = r->path;
        route.auth = r->auth;
        route.owner = pctx(c)->plugin;
        cf_route_fn fn = r->handler;
        void* ud = r->user_data;
        route.handler = [c, fn, ud](HttpRequest& req, Reply reply) {
            cf_request creq;
            creq.req = &req;
            if (req.user) {
                creq.user = cf_user{sizeof(cf_user), req.user->id, req.user->role, req.user->status,
                                    cf_str{req.user->name.data(), req.user->name.size()}};
            }
            fn(c, &creq, reply.release().release(), ud); // the plugin now owns the response
        };
        std::string error;
        if (!kernel(c).router.add(std::move(route), &error)) return fail(CF_ERR_ARG, error);
        return CF_OK;
    });
}

int hook_add(cf_ctx* c, const cf_hook* h) {
    return guarded([&]() -> int {
        if (!registering(c)) return CF_ERR_STATE;
        if (!h || h->size < offsetof(cf_hook, user_data) + sizeof(void*) || !h->event)
            return fail(CF_ERR_ARG, "cf_hook needs size, event and fn");
        std::string error;
        if (!kernel(c).hooks.add(HookEntry{pctx(c)->plugin, h->event, h->phase, h->fn, h->user_data, 0}, &error))
            return fail(CF_ERR_ARG, error);
        return CF_OK;
    });
}

int channel_add(cf_ctx* c, const cf_channel* ch) {
    return guarded([&]() -> int {
        if (!registering(c)) return CF_ERR_STATE;
        if (!ch || ch->size < offsetof(cf_channel, user_data) + sizeof(void*) || !ch->type || !ch->fn)
            return fail(CF_ERR_ARG, "cf_channel needs size, type and fn");
        std::string error;
        if (!kernel(c).channels.add(ChannelEntry{pctx(c)->plugin, ch->type, ch->fn, ch->user_data}, &error))
            return fail(CF_ERR_ARG, error);
        return CF_OK;
    });
}

int migration_add(cf_ctx* c, const cf_migration* m) {
    return guarded([&]() -> int {
        if (!registering(c)) return CF_ERR_STATE;
        if (!m || m->size < offsetof(cf_migration, sql) + sizeof(char*) || !m->name || !m->sql || m->version < 1)
            return fail(CF_ERR_ARG, "cf_migration needs size, a version >= 1, name and sql");
        auto& list = pctx(c)->plugin->migrations;
        for (const auto& existing : list)
            if (existing.version == m->version) return fail(CF_ERR_ARG, "duplicate migration version");
        list.push_back(PluginMigration{m->version, m->name, m->sql});
        return CF_OK;
    });
}

// ---- requests ----

cf_str request_method(cf_ctx*, const cf_request* r) { return s(r->req->method); }
cf_str request_path(cf_ctx*, const cf_request* r) { return s(r->req->path); }
cf_str request_param(cf_ctx*, const cf_request* r, const char* n) { return n ? s(r->req->param(n)) : cf_str{}; }
cf_str request_query(cf_ctx*, const cf_request* r, const char* n) { return n ? s(r->req->query_value(n)) : cf_str{}; }
cf_str request_header(cf_ctx*, const cf_request* r, const char* n) {
    return n ? s(r->req->header(to_lower(n))) : cf_str{};
}
cf_str request_body(cf_ctx*, const cf_request* r) { return s(r->req->body); }
cf_str request_json(cf_ctx*, const cf_request* r) { return s(r->req->json); }
const cf_user* request_user(cf_ctx*, const cf_request* r) { return r->req->user ? &r->user : nullptr; }
cf_str request_ip(cf_ctx*, const cf_request* r) { return s(r->req->ip); }

// ---- responses ----

int response_header(cf_ctx*, cf_response* r, const char* name, cf_str value) {
    return guarded([&]() -> int {
        if (!r || !name) return fail(CF_ERR_ARG, "response and name required");
        std::string n(name), v(sv(value));
        for (char ch : n + v)
            if (ch == '\r' || ch == '\n' || ch == '\0') return fail(CF_ERR_ARG, "header contains a line break");
        r->headers.emplace_back(std::move(n), std::move(v));
        return CF_OK;
    });
}

int response_send(cf_ctx*, cf_response* r, int status, const char* type, cf_str body) {
    return guarded([&]() -> int {
        if (!r) return fail(CF_ERR_ARG, "no response");
        std::unique_ptr<cf_response> owned(r);
        if (status < 100 || status > 599) status = 500;
        respond(std::move(owned), status, type ? type : "application/json", std::string(sv(body)));
        return CF_OK;
    });
}

int response_error(cf_ctx*, cf_response* r, int status, const char* message) {
    return guarded([&]() -> int {
        if (!r) return fail(CF_ERR_ARG, "no response");
        std::unique_ptr<cf_response> owned(r);
        if (status < 400 || status > 599) status = 500;
        respond_error(std::move(owned), status, message ? message : "error");
        return CF_OK;
    });
}

// ---- database ----

cf_db* db_reader(cf_ctx*) {
    try {
        thread_local cf_db handle;
        handle.conn = &db::reader();
        handle.txn = nullptr;
        return &handle;
    } catch (const std::exception& e) {
        fail(CF_ERR, e.what());
        return nullptr;
    }
}

int db_write(cf_ctx* c, cf_write_fn fn, cf_write_done_fn done, void* ud) {
    return guarded([&]() -> int {
        if (!fn || !done) return fail(CF_ERR_ARG, "write needs fn and done");
        if (!kernel(c).writer) return fail(CF_ERR_STATE, "no writer yet");
        db::WriteJob job;
        job.run = [c, fn, ud](db::Txn& txn) {
            cf_db handle{&txn.conn, &txn};
            return fn(c, &handle, ud);
        };
        Kernel* k = &kernel(c);
        job.done = [c, done, ud, k](int status) { k->complete([c, done, ud, status] { done(c, status, ud); }); };
        int rc = kernel(c).writer->submit(std::move(job));
        if (rc != 0) return fail(CF_ERR_BUSY, "the writer queue is full");
        return CF_OK;
    });
}

db::Statement* st(cf_stmt* p) { return reinterpret_cast<db::Statement*>(p); }

cf_stmt* stmt_open(cf_ctx*, cf_db* db, cf_str sql) {
    if (!db || !db->conn) {
        fail(CF_ERR_ARG, "no database");
        return nullptr;
    }
    std::string error;
    db::Statement* statement = db->conn->cached(sv(sql), &error);
    if (!statement) {
        fail(CF_ERR, error);
        return nullptr;
    }
    return reinterpret_cast<cf_stmt*>(statement);
}

int stmt_bind_int(cf_ctx*, cf_stmt* p, int i, int64_t v) { return st(p)->bind_int(i, v) == 0 ? CF_OK : fail(CF_ERR_ARG, "bind failed"); }
int stmt_bind_text(cf_ctx*, cf_stmt* p, int i, cf_str v) { return st(p)->bind_text(i, sv(v)) == 0 ? CF_OK : fail(CF_ERR_ARG, "bind failed"); }
int stmt_bind_null(cf_ctx*, cf_stmt* p, int i) { return st(p)->bind_null(i) == 0 ? CF_OK : fail(CF_ERR_ARG, "bind failed"); }

int stmt_step(cf_ctx*, cf_stmt* p) {
    int rc = st(p)->step();
    if (rc == 100) return CF_ROW;  // SQLITE_ROW
    if (rc == 101) return CF_DONE; // SQLITE_DONE
    std::string message = sqlite3_errmsg(sqlite3_db_handle(st(p)->raw()));
    int primary = rc & 0xff;
    if (primary == 19) return fail(CF_ERR_CONSTRAINT, message); // SQLITE_CONSTRAINT
    if (primary == 8) return fail(CF_ERR_STATE, message);       // SQLITE_READONLY
    return fail(CF_ERR, message);
}

int stmt_column_type(cf_ctx*, cf_stmt* p, int col) {
    switch (st(p)->column_type(col)) {
    case 1: return CF_TYPE_INT;
    case 2: return CF_TYPE_FLOAT;
    case 3: return CF_TYPE_TEXT;
    case 4: return CF_TYPE_BLOB;
    default: return CF_TYPE_NULL;
    }
}
int64_t stmt_column_int(cf_ctx*, cf_stmt* p, int col) { return st(p)->column_int(col); }
cf_str stmt_column_text(cf_ctx*, cf_stmt* p, int col) {
    std::string_view v = st(p)->column_text(col);
    return cf_str{v.data(), v.size()};
}
void stmt_close(cf_ctx*, cf_stmt* p) {
    if (p) st(p)->reset();
}
int64_t db_last_insert_id(cf_ctx*, cf_db* db) { return db && db->conn ? db->conn->last_insert_id() : 0; }
int db_changes(cf_ctx*, cf_db* db) { return db && db->conn ? db->conn->changes() : 0; }

// ---- events ----

int event_emit(cf_ctx*, cf_db* txn, int64_t room_id, const char* type, cf_str json, int64_t* event_id) {
    return guarded([&]() -> int {
        if (!txn || !txn->txn) return fail(CF_ERR_STATE, "events are emitted inside a write");
        if (!type || !*type) return fail(CF_ERR_ARG, "event type required");
        std::string error;
        int64_t id = emit_event(*txn->txn, room_id, type, sv(json), &error);
        if (id <= 0) return fail(CF_ERR, error);
        if (event_id) *event_id = id;
        return CF_OK;
    });
}

int event_send_room(cf_ctx* c, int64_t room_id, const char* type, cf_str json) {
    return guarded([&]() -> int {
        if (!type) return fail(CF_ERR_ARG, "type required");
        kernel(c).fanout->send_room(room_id, type, sv(json));
        return CF_OK;
    });
}

int event_send_user(cf_ctx* c, int64_t user_id, const char* type, cf_str json) {
    return guarded([&]() -> int {
        if (!type) return fail(CF_ERR_ARG, "type required");
        kernel(c).fanout->send_user(user_id, type, sv(json));
        return CF_OK;
    });
}

int socket_send(cf_ctx* c, uint64_t socket_id, const char* type, cf_str json) {
    return guarded([&]() -> int {
        if (!type) return fail(CF_ERR_ARG, "type required");
        kernel(c).fanout->send_socket(socket_id, type, sv(json));
        return CF_OK;
    });
}

int room_leave(cf_ctx* c, int64_t room_id, int64_t user_id) {
    return guarded([&]() -> int {
        kernel(c).fanout->leave_room(room_id, user_id);
        return CF_OK;
    });
}

// ---- hooks ----

int hook_run(cf_ctx* c, cf_hook_args* a) {
    return guarded([&]() -> int {
        if (!a || a->size < offsetof(cf_hook_args, veto_reason) + sizeof(a->veto_reason) || !a->event)
            return fail(CF_ERR_ARG, "cf_hook_args needs size and event");
        a->result = nullptr;
        a->result_len = 0;
        a->veto_status = 0;
        a->veto_reason[0] = '\0';
        if (a->phase == CF_PHASE_STORE && (!a->db || !a->db->txn))
            return fail(CF_ERR_STATE, "store hooks run inside a write");
        return kernel(c).hooks.run(a, kernel(c).hook_filter(*a));
    });
}

cf_str hook_payload(cf_ctx*, const cf_hook_call* h) { return h->payload; }

int hook_set_payload(cf_ctx*, cf_hook_call* h, cf_str json) {
    if (h->phase != CF_PHASE_TRANSFORM) return fail(CF_ERR_STATE, "only transform hooks replace the payload");
    h->replaced.assign(sv(json));
    h->has_replaced = true;
    return CF_OK;
}

int hook_veto(cf_ctx*, cf_hook_call* h, int status, const char* reason) {
    if (h->phase != CF_PHASE_CHECK) return fail(CF_ERR_STATE, "only check hooks veto");
    h->veto_status = status >= 400 && status <= 599 ? status : 403;
    h->veto_reason = reason ? reason : "denied";
    return CF_OK;
}

cf_db* hook_db(cf_ctx*, const cf_hook_call* h) { return h->phase == CF_PHASE_STORE ? h->db : nullptr; }
const cf_user* hook_user(cf_ctx*, const cf_hook_call* h) { return h->user; }

// ---- misc ----

void log_message(cf_ctx* c, int level, cf_str message) {
    auto lvl = level >= CF_LOG_ERROR ? spdlog::level::err
               : level == CF_LOG_WARN ? spdlog::level::warn
               : level == CF_LOG_INFO ? spdlog::level::info
                                      : spdlog::level::debug;
    spdlog::log(lvl, "[{}] {}", c ? plugin_name(c) : "?", sv(message));
}

const char* last_error(cf_ctx*) { return t_last_error.c_str(); }
void free_memory(cf_ctx*, void* p) { std::free(p); }
int64_t wall_ms(cf_ctx*) { return now_ms(); }

cf_str config_get(cf_ctx*, const char* name) {
    // Only CF_-prefixed and documented names: plugins do not read arbitrary environment.
    if (!name) return cf_str{};
    std::string_view n(name);
    if (n.rfind("CF_", 0) != 0 && n != "WEBHOOK_ALLOWED_HOSTS" && n != "VAPID_PUBLIC_KEY" && n != "VAPID_PRIVATE_KEY")
        return cf_str{};
    const char* v = std::getenv(name);
    return v ? cf_str{v, std::strlen(v)} : cf_str{};
}

int plugin_enabled(cf_ctx* c, const char* name) {
    if (!name) return CF_ERR_ARG;
    PluginRecord* p = kernel(c).find_plugin(name);
    if (!p) return CF_ERR_NOT_FOUND;
    return p->enabled.load() ? 1 : 0;
}

// ---- level 2: in-process requests ----

int dispatch(cf_ctx* c, const cf_dispatch_args* a) {
    return guarded([&]() -> int {
        if (!a || a->size < offsetof(cf_dispatch_args, user_data) + sizeof(void*) || !a->method || !a->path)
            return fail(CF_ERR_ARG, "cf_dispatch_args needs size, method and path");
        std::string_view method(a->method);
        if (method != "GET" && method != "POST" && method != "PUT" && method != "PATCH" && method != "DELETE")
            return fail(CF_ERR_ARG, "unknown method");
        if (a->path[0] != '/') return fail(CF_ERR_ARG, "the path must start with /");
        if (a->as_user_id <= 0) return fail(CF_ERR_ARG, "as_user_id must name a user");
        if (!kernel(c).dispatch) return fail(CF_ERR_STATE, "the server does not accept requests yet");
        InternalRequest r;
        r.method = a->method;
        r.target = a->path;
        r.content_type = a->content_type ? a->content_type : "";
        r.body = std::string(sv(a->body));
        r.as_user_id = a->as_user_id;
        if (a->done) {
            r.done = [c, fn = a->done, ud = a->user_data](int status, std::string_view type, const Pairs& headers,
                                                          std::string body) {
                std::string lines;
                for (const auto& [name, value] : headers) lines += to_lower(name) + ": " + value + "\r\n";
                fn(c, status, cf_str{type.data(), type.size()}, s(lines), s(body), ud);
            };
        }
        int rc = kernel(c).dispatch(std::move(r));
        return rc == CF_OK ? CF_OK : fail(rc, "the server is busy");
    });
}

// ---- level 2: slash commands and feature flags ----

int command_add(cf_ctx* c, const cf_command* cmd) {
    return guarded([&]() -> int {
        if (!registering(c)) return CF_ERR_STATE;
        if (!cmd || cmd->size < offsetof(cf_command, user_data) + sizeof(void*) || !cmd->name)
            return fail(CF_ERR_ARG, "cf_command needs size and name");
        CommandEntry entry;
        entry.owner = pctx(c)->plugin;
        entry.name = cmd->name;
        entry.description = cmd->description ? cmd->description : "";
        entry.args = cmd->args ? cmd->args : "";
        if (cmd->fn) {
            entry.run = [c, fn = cmd->fn, ud = cmd->user_data](const CommandCall& call) {
                cf_command_call cc{};
                cc.size = sizeof cc;
                cc.room_id = call.room_id;
                cc.user = call.user;
                cc.name = cf_str{call.name.data(), call.name.size()};
                cc.args = cf_str{call.args.data(), call.args.size()};
                cc.message = cf_str{call.message.data(), call.message.size()};
                t_last_error.clear();
                int rc = CF_ERR;
                try {
                    rc = fn(c, &cc, ud);
                } catch (...) {
                    rc = CF_ERR;
                }
                if (rc == CF_OK) return CommandOutcome{};
                return CommandOutcome{422, t_last_error.empty() ? "command failed" : t_last_error};
            };
        }
        std::string error;
        if (!kernel(c).commands.add(std::move(entry), &error)) return fail(CF_ERR_ARG, error);
        return CF_OK;
    });
}

int feature_enabled(cf_ctx* c, const char* name, const cf_user* user, int64_t room_id) {
    return guarded([&]() -> int {
        if (!name) return fail(CF_ERR_ARG, "feature name required");
        Viewer viewer;
        if (user) {
            viewer.user_id = user->id;
            viewer.role = user->role;
        } else {
            viewer.person = false;
        }
        if (room_id > 0) viewer.room_id = room_id;
        return kernel(c).feature_on(name, viewer) ? 1 : 0;
    });
}

const cf_host_api kApi = {
    sizeof(cf_host_api), CF_API_LEVEL,
    route_add, hook_add, channel_add, migration_add,
    request_method, request_path, request_param, request_query, request_header, request_body, request_json,
    request_user, request_ip,
    response_header, response_send, response_error,
    db_reader, db_write, stmt_open, stmt_bind_int, stmt_bind_text, stmt_bind_null, stmt_step, stmt_column_type,
    stmt_column_int, stmt_column_text, stmt_close, db_last_insert_id, db_changes,
    event_emit, event_send_room, event_send_user, socket_send, room_leave,
    hook_run, hook_payload, hook_set_payload, hook_veto, hook_db, hook_user,
    log_message, last_error, free_memory, wall_ms, config_get, plugin_enabled,
    dispatch,
    command_add, feature_enabled,
};

} // namespace

const cf_host_api* host_api() { return &kApi; }

} // namespace cf
