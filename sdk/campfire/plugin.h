/*
 * Campfire C++ plugin ABI. The whole contract between the kernel and a plugin.
 *
 * Rules (see sdk/ABI.md):
 *  - cf_host_api only grows at the end; a released slot never moves or changes type.
 *  - Every struct a plugin passes in starts with `size` (set it to sizeof): the kernel reads
 *    only the fields that size covers, so old plugins keep working with newer kernels.
 *  - Every call takes the plugin's cf_ctx first, so the host knows who calls and can remove
 *    everything a plugin registered.
 *  - Errors are integers (CF_OK or a negative CF_ERR_*); the message is cf_error(ctx).
 *  - Strings are pointer + length (cf_str) unless named `const char*` (NUL-terminated).
 *    Strings the kernel returns are borrowed: valid until the call that produced them ends
 *    (handler, hook, statement step) unless noted.
 *  - No C++ exception may cross this boundary in either direction.
 */
#ifndef CAMPFIRE_PLUGIN_H
#define CAMPFIRE_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CF_API_LEVEL 2

#if defined(__GNUC__)
#define CF_EXPORT __attribute__((visibility("default")))
#else
#define CF_EXPORT
#endif

/* Return codes. */
enum {
    CF_OK = 0,
    CF_ROW = 100,  /* cf_stmt_step: a row is ready */
    CF_DONE = 101, /* cf_stmt_step: no more rows */
    CF_ERR = -1,           /* generic failure; see cf_error() */
    CF_ERR_ARG = -2,       /* bad argument */
    CF_ERR_CONSTRAINT = -3,/* a UNIQUE/CHECK/FK constraint failed */
    CF_ERR_NOT_FOUND = -4,
    CF_ERR_STATE = -5,     /* called in the wrong place (e.g. write on a read connection) */
    CF_ERR_DENIED = -6,    /* vetoed or not allowed */
    CF_ERR_BUSY = -7       /* queue full; try later */
};

/* Users. */
enum { CF_ROLE_MEMBER = 0, CF_ROLE_ADMIN = 1, CF_ROLE_BOT = 2 };
enum { CF_STATUS_ACTIVE = 0, CF_STATUS_DEACTIVATED = 1, CF_STATUS_BANNED = 2 };

/* Who a route requires. CF_AUTH_BOT routes must have a `:bot_key` path parameter. */
enum { CF_AUTH_NONE = 0, CF_AUTH_USER = 1, CF_AUTH_ADMIN = 2, CF_AUTH_BOT = 3, CF_AUTH_OPTIONAL = 4 };

/* Hook phases, run in this order. Within a phase: plugin name, then registration order. */
enum {
    CF_PHASE_CHECK = 1,     /* may veto; payload read-only; no database writes */
    CF_PHASE_TRANSFORM = 2, /* may replace the payload */
    CF_PHASE_STORE = 3,     /* inside the writer's transaction: may write rows */
    CF_PHASE_NOTIFY = 4     /* after commit, off the request path; observe only */
};

/* Column types for cf_stmt_column_type. */
enum { CF_TYPE_INT = 1, CF_TYPE_FLOAT = 2, CF_TYPE_TEXT = 3, CF_TYPE_BLOB = 4, CF_TYPE_NULL = 5 };

/* Log levels. */
enum { CF_LOG_DEBUG = 1, CF_LOG_INFO = 2, CF_LOG_WARN = 3, CF_LOG_ERROR = 4 };

typedef struct cf_str {
    const char* ptr;
    size_t len;
} cf_str;

struct cf_host_api;

/* One per loaded plugin. The first member is public so the inline wrappers below can reach the
 * host table; the rest is the kernel's. */
typedef struct cf_ctx {
    const struct cf_host_api* api;
} cf_ctx;

typedef struct cf_request cf_request;     /* an HTTP request; borrowed for the handler's duration */
typedef struct cf_response cf_response;   /* the reply to send exactly once, from any thread */
typedef struct cf_db cf_db;               /* a read connection, or the writer's open transaction */
typedef struct cf_stmt cf_stmt;           /* a prepared statement on one cf_db */
typedef struct cf_hook_call cf_hook_call; /* one hook invocation */

/* The signed-in user (or bot) behind a request, hook or socket. */
typedef struct cf_user {
    size_t size;
    int64_t id;
    int role;   /* CF_ROLE_* */
    int status; /* CF_STATUS_* */
    cf_str name;
} cf_user;

/* ---- registrations (sized structs, static tables in the plugin) ---- */

/* Runs on a worker thread. Must lead to exactly one cf_response_send, now or later (any thread). */
typedef void (*cf_route_fn)(cf_ctx* ctx, cf_request* req, cf_response* resp, void* user_data);

typedef struct cf_route {
    size_t size;
    const char* method; /* "GET", "POST", "PUT", "PATCH", "DELETE" */
    const char* path;   /* "/rooms/:room_id/messages"; `:name` matches one segment */
    int auth;           /* CF_AUTH_* */
    cf_route_fn handler;
    void* user_data;
} cf_route;

/* Returns CF_OK to continue; in CF_PHASE_CHECK, cf_hook_veto() or a non-zero return stops the chain.
 * In CF_PHASE_STORE a non-zero return rolls back the request's savepoint. */
typedef int (*cf_hook_fn)(cf_ctx* ctx, cf_hook_call* call, void* user_data);

typedef struct cf_hook {
    size_t size;
    const char* event; /* "message.create", "message.created", "user.created", "cable.subscribe" ... */
    int phase;         /* CF_PHASE_* */
    cf_hook_fn fn;
    void* user_data;
} cf_hook;

/* A client-to-server WebSocket message type, e.g. "typing.start". Runs on a worker thread. */
typedef void (*cf_channel_fn)(cf_ctx* ctx, const cf_user* user, uint64_t socket_id, cf_str json,
                              void* user_data);

typedef struct cf_channel {
    size_t size;
    const char* type;
    cf_channel_fn fn;
    void* user_data;
} cf_channel;

/* A schema step, applied once at boot in version order, recorded per plugin. */
typedef struct cf_migration {
    size_t size;
    int version;
    const char* name;
    const char* sql;
} cf_migration;

/* A write to run on the writer thread inside the group transaction (its own savepoint).
 * Return CF_OK to keep it, anything else to roll the savepoint back. */
typedef int (*cf_write_fn)(cf_ctx* ctx, cf_db* txn, void* user_data);
/* Called once after the transaction is durable (status CF_OK) or failed, on the kernel's
 * completion thread (never the writer's): reply, free user_data; do not block in it. */
typedef void (*cf_write_done_fn)(cf_ctx* ctx, int status, void* user_data);

/* Arguments of cf_hook_run. `result` is set when a transform hook replaced the payload; free it
 * with cf_free. On veto, veto_status (an HTTP status) and veto_reason are set. */
typedef struct cf_hook_args {
    size_t size;
    const char* event;
    int phase;
    cf_db* db;           /* the transaction for CF_PHASE_STORE, else NULL */
    const cf_user* user; /* who acts, or NULL */
    cf_str payload;      /* JSON */
    char* result;        /* out */
    size_t result_len;   /* out */
    int veto_status;     /* out */
    char veto_reason[256]; /* out, NUL-terminated */
} cf_hook_args;

/* level 2: an in-process request to any route, as a given user or bot (bots posting webhook
 * replies, scripts acting as a bot). It is authorised as if that person had sent it over HTTP,
 * except that bots may use user routes, and there is no cookie, Origin or IP ban check.
 * `done` runs exactly once, on a worker thread, unless dispatch returns an error. */
typedef void (*cf_dispatch_done_fn)(cf_ctx* ctx, int status, cf_str content_type, cf_str headers, cf_str body,
                                    void* user_data); /* headers: "name: value\r\n" lines, names lowercase */

typedef struct cf_dispatch_args {
    size_t size;
    const char* method;       /* "GET", "POST", "PUT", "PATCH", "DELETE" */
    const char* path;         /* "/rooms/3/messages?before=9"; the query is decoded as for HTTP */
    cf_str body;              /* as it would arrive over HTTP */
    const char* content_type; /* NULL means application/json */
    int64_t as_user_id;       /* an active user or bot */
    cf_dispatch_done_fn done; /* may be NULL: fire and forget */
    void* user_data;
} cf_dispatch_args;

/* level 2: a slash command. A message whose plain text is `/name args` for a registered command
 * runs the command instead of being stored (sdk/ABI.md, "Slash commands"). */
typedef struct cf_command_call {
    size_t size;
    cf_str name;         /* without the slash */
    cf_str args;         /* the rest of the text, trimmed; may be empty */
    int64_t room_id;
    const cf_user* user; /* who posted it */
    cf_str message;      /* the "message" object of the message.create check payload (JSON) */
} cf_command_call;

/* Runs on the worker thread of the post, before anything is stored: be quick, hand longer work
 * to a write or a dispatch. CF_OK: handled (the post answers 202). Anything else: the post
 * answers 422 with cf_error()'s message, or "command failed". */
typedef int (*cf_command_fn)(cf_ctx* ctx, const cf_command_call* call, void* user_data);

typedef struct cf_command {
    size_t size;
    const char* name;        /* [a-z0-9_-], 1 to 32 characters, unique */
    const char* description; /* shown in autocompletion; may be NULL */
    const char* args;        /* an argument hint such as "2d6"; may be NULL */
    cf_command_fn fn;        /* NULL: listed only; the message is posted as usual (e.g. /play) */
    void* user_data;
} cf_command;

/* ---- the host function table: append-only. The comment gives the level each slot arrived in. ---- */
typedef struct cf_host_api {
    size_t size; /* sizeof(cf_host_api) in the kernel that built it */
    int level;   /* CF_API_LEVEL of that kernel */

    /* level 1: registration (only during init) */
    int (*route_add)(cf_ctx*, const cf_route*);
    int (*hook_add)(cf_ctx*, const cf_hook*);
    int (*channel_add)(cf_ctx*, const cf_channel*);
    int (*migration_add)(cf_ctx*, const cf_migration*);

    /* level 1: requests (worker thread, during the handler) */
    cf_str (*request_method)(cf_ctx*, const cf_request*);
    cf_str (*request_path)(cf_ctx*, const cf_request*);
    cf_str (*request_param)(cf_ctx*, const cf_request*, const char* name);  /* route `:name` */
    cf_str (*request_query)(cf_ctx*, const cf_request*, const char* name);  /* decoded; {NULL,0} when absent */
    cf_str (*request_header)(cf_ctx*, const cf_request*, const char* name); /* case-insensitive */
    cf_str (*request_body)(cf_ctx*, const cf_request*);                     /* raw bytes */
    cf_str (*request_json)(cf_ctx*, const cf_request*); /* body as validated JSON; form bodies converted; "{}" when empty */
    const cf_user* (*request_user)(cf_ctx*, const cf_request*); /* NULL on CF_AUTH_NONE routes without session */
    cf_str (*request_ip)(cf_ctx*, const cf_request*);

    /* level 1: responses (any thread, once; the response is freed by send) */
    int (*response_header)(cf_ctx*, cf_response*, const char* name, cf_str value);
    int (*response_send)(cf_ctx*, cf_response*, int status, const char* content_type, cf_str body);
    int (*response_error)(cf_ctx*, cf_response*, int status, const char* message); /* {"error": message} */

    /* level 1: database */
    cf_db* (*db_reader)(cf_ctx*); /* this thread's read-only connection */
    int (*db_write)(cf_ctx*, cf_write_fn, cf_write_done_fn, void* user_data);
    cf_stmt* (*stmt_open)(cf_ctx*, cf_db*, cf_str sql); /* cached; NULL on error */
    int (*stmt_bind_int)(cf_ctx*, cf_stmt*, int index, int64_t value); /* index from 1 */
    int (*stmt_bind_text)(cf_ctx*, cf_stmt*, int index, cf_str value); /* copied */
    int (*stmt_bind_null)(cf_ctx*, cf_stmt*, int index);
    int (*stmt_step)(cf_ctx*, cf_stmt*); /* CF_ROW, CF_DONE or an error */
    int (*stmt_column_type)(cf_ctx*, cf_stmt*, int col); /* from 0 */
    int64_t (*stmt_column_int)(cf_ctx*, cf_stmt*, int col);
    cf_str (*stmt_column_text)(cf_ctx*, cf_stmt*, int col); /* valid until the next step or close */
    void (*stmt_close)(cf_ctx*, cf_stmt*);
    int64_t (*db_last_insert_id)(cf_ctx*, cf_db*);
    int (*db_changes)(cf_ctx*, cf_db*);

    /* level 1: events */
    /* Inside a write: store a room event; it is broadcast after commit (and replayable).
     * `event_id` (may be NULL) receives its id. room_id 0 = not room-scoped (notify hooks only). */
    int (*event_emit)(cf_ctx*, cf_db* txn, int64_t room_id, const char* type, cf_str json, int64_t* event_id);
    int (*event_send_room)(cf_ctx*, int64_t room_id, const char* type, cf_str json); /* ephemeral */
    int (*event_send_user)(cf_ctx*, int64_t user_id, const char* type, cf_str json); /* ephemeral */
    int (*socket_send)(cf_ctx*, uint64_t socket_id, const char* type, cf_str json);   /* ephemeral */
    int (*room_leave)(cf_ctx*, int64_t room_id, int64_t user_id); /* drop the user's sockets from the room's stream */

    /* level 1: hooks */
    int (*hook_run)(cf_ctx*, cf_hook_args* args);
    cf_str (*hook_payload)(cf_ctx*, const cf_hook_call*);
    int (*hook_set_payload)(cf_ctx*, cf_hook_call*, cf_str json); /* transform phase only */
    int (*hook_veto)(cf_ctx*, cf_hook_call*, int http_status, const char* reason); /* check phase only */
    cf_db* (*hook_db)(cf_ctx*, const cf_hook_call*);                /* store phase: the transaction */
    const cf_user* (*hook_user)(cf_ctx*, const cf_hook_call*);

    /* level 1: misc */
    void (*log)(cf_ctx*, int level, cf_str message);
    const char* (*error)(cf_ctx*); /* the last error any host call reported on this thread */
    void (*free)(cf_ctx*, void* ptr);
    int64_t (*now_ms)(cf_ctx*);                       /* wall clock, ms since the epoch */
    cf_str (*config_get)(cf_ctx*, const char* name);  /* environment-backed settings */
    int (*plugin_enabled)(cf_ctx*, const char* name); /* 1, 0, or CF_ERR_NOT_FOUND */

    /* level 2: in-process requests */
    int (*dispatch)(cf_ctx*, const cf_dispatch_args* args); /* CF_OK, CF_ERR_ARG, CF_ERR_BUSY */

    /* level 2: slash commands (registration, only during init) */
    int (*command_add)(cf_ctx*, const cf_command*);
    /* level 2: feature flags. Is the plugin or named flag `name` on for this user (NULL: no one in
     * particular) in this room (0: none)? 1, 0, or CF_ERR_ARG. Any thread. */
    int (*feature_enabled)(cf_ctx*, const char* name, const cf_user* user, int64_t room_id);
} cf_host_api;

/* Does this kernel have slot `fn`? Use before calling anything newer than your level. */
#define CF_HAS(api, fn) \
    ((api)->size >= offsetof(struct cf_host_api, fn) + sizeof((api)->fn) && (api)->fn != NULL)

/* ---- what a plugin exports ---- */
typedef struct cf_plugin_def {
    size_t size;
    int api_level;           /* CF_API_LEVEL the plugin was built against */
    const char* name;        /* [a-z0-9_]+, unique */
    const char* version;
    const char* description;
    int (*init)(cf_ctx* ctx);       /* register everything here; non-zero refuses to load */
    void (*unload)(cf_ctx* ctx);    /* at shutdown; may be NULL */
    void (*on_enable)(cf_ctx* ctx, int enabled); /* after an administrator toggles it; may be NULL */
} cf_plugin_def;

/* Every plugin exports exactly this symbol. */
#define CF_PLUGIN_ENTRY "cf_plugin"
typedef const cf_plugin_def* (*cf_plugin_entry_fn)(void);

/* ---- inline wrappers: cf_{thing}_{action}(ctx, ...) ---- */
#define CF_CALL(ctx, fn) ((ctx)->api->fn)
static inline int cf_route_add(cf_ctx* c, const cf_route* r) { return CF_CALL(c, route_add)(c, r); }
static inline int cf_hook_add(cf_ctx* c, const cf_hook* h) { return CF_CALL(c, hook_add)(c, h); }
static inline int cf_channel_add(cf_ctx* c, const cf_channel* ch) { return CF_CALL(c, channel_add)(c, ch); }
static inline int cf_migration_add(cf_ctx* c, const cf_migration* m) { return CF_CALL(c, migration_add)(c, m); }
static inline cf_str cf_request_method(cf_ctx* c, const cf_request* r) { return CF_CALL(c, request_method)(c, r); }
static inline cf_str cf_request_path(cf_ctx* c, const cf_request* r) { return CF_CALL(c, request_path)(c, r); }
static inline cf_str cf_request_param(cf_ctx* c, const cf_request* r, const char* n) { return CF_CALL(c, request_param)(c, r, n); }
static inline cf_str cf_request_query(cf_ctx* c, const cf_request* r, const char* n) { return CF_CALL(c, request_query)(c, r, n); }
static inline cf_str cf_request_header(cf_ctx* c, const cf_request* r, const char* n) { return CF_CALL(c, request_header)(c, r, n); }
static inline cf_str cf_request_body(cf_ctx* c, const cf_request* r) { return CF_CALL(c, request_body)(c, r); }
static inline cf_str cf_request_json(cf_ctx* c, const cf_request* r) { return CF_CALL(c, request_json)(c, r); }
static inline const cf_user* cf_request_user(cf_ctx* c, const cf_request* r) { return CF_CALL(c, request_user)(c, r); }
static inline cf_str cf_request_ip(cf_ctx* c, const cf_request* r) { return CF_CALL(c, request_ip)(c, r); }
static inline int cf_response_header(cf_ctx* c, cf_response* r, const char* n, cf_str v) { return CF_CALL(c, response_header)(c, r, n, v); }
static inline int cf_response_send(cf_ctx* c, cf_response* r, int status, const char* type, cf_str body) { return CF_CALL(c, response_send)(c, r, status, type, body); }
static inline int cf_response_error(cf_ctx* c, cf_response* r, int status, const char* msg) { return CF_CALL(c, response_error)(c, r, status, msg); }
static inline cf_db* cf_db_reader(cf_ctx* c) { return CF_CALL(c, db_reader)(c); }
static inline int cf_db_write(cf_ctx* c, cf_write_fn fn, cf_write_done_fn done, void* u) { return CF_CALL(c, db_write)(c, fn, done, u); }
static inline cf_stmt* cf_stmt_open(cf_ctx* c, cf_db* db, cf_str sql) { return CF_CALL(c, stmt_open)(c, db, sql); }
static inline int cf_stmt_bind_int(cf_ctx* c, cf_stmt* s, int i, int64_t v) { return CF_CALL(c, stmt_bind_int)(c, s, i, v); }
static inline int cf_stmt_bind_text(cf_ctx* c, cf_stmt* s, int i, cf_str v) { return CF_CALL(c, stmt_bind_text)(c, s, i, v); }
static inline int cf_stmt_bind_null(cf_ctx* c, cf_stmt* s, int i) { return CF_CALL(c, stmt_bind_null)(c, s, i); }
static inline int cf_stmt_step(cf_ctx* c, cf_stmt* s) { return CF_CALL(c, stmt_step)(c, s); }
static inline int cf_stmt_column_type(cf_ctx* c, cf_stmt* s, int col) { return CF_CALL(c, stmt_column_type)(c, s, col); }
static inline int64_t cf_stmt_column_int(cf_ctx* c, cf_stmt* s, int col) { return CF_CALL(c, stmt_column_int)(c, s, col); }
static inline cf_str cf_stmt_column_text(cf_ctx* c, cf_stmt* s, int col) { return CF_CALL(c, stmt_column_text)(c, s, col); }
static inline void cf_stmt_close(cf_ctx* c, cf_stmt* s) { CF_CALL(c, stmt_close)(c, s); }
static inline int64_t cf_db_last_insert_id(cf_ctx* c, cf_db* db) { return CF_CALL(c, db_last_insert_id)(c, db); }
static inline int cf_db_changes(cf_ctx* c, cf_db* db) { return CF_CALL(c, db_changes)(c, db); }
static inline int cf_event_emit(cf_ctx* c, cf_db* txn, int64_t room, const char* type, cf_str json, int64_t* id) { return CF_CALL(c, event_emit)(c, txn, room, type, json, id); }
static inline int cf_event_send_room(cf_ctx* c, int64_t room, const char* type, cf_str json) { return CF_CALL(c, event_send_room)(c, room, type, json); }
static inline int cf_event_send_user(cf_ctx* c, int64_t user, const char* type, cf_str json) { return CF_CALL(c, event_send_user)(c, user, type, json); }
static inline int cf_socket_send(cf_ctx* c, uint64_t socket, const char* type, cf_str json) { return CF_CALL(c, socket_send)(c, socket, type, json); }
static inline int cf_room_leave(cf_ctx* c, int64_t room, int64_t user) { return CF_CALL(c, room_leave)(c, room, user); }
static inline int cf_hook_run(cf_ctx* c, cf_hook_args* a) { return CF_CALL(c, hook_run)(c, a); }
static inline cf_str cf_hook_payload(cf_ctx* c, const cf_hook_call* h) { return CF_CALL(c, hook_payload)(c, h); }
static inline int cf_hook_set_payload(cf_ctx* c, cf_hook_call* h, cf_str json) { return CF_CALL(c, hook_set_payload)(c, h, json); }
static inline int cf_hook_veto(cf_ctx* c, cf_hook_call* h, int status, const char* reason) { return CF_CALL(c, hook_veto)(c, h, status, reason); }
static inline cf_db* cf_hook_db(cf_ctx* c, const cf_hook_call* h) { return CF_CALL(c, hook_db)(c, h); }
static inline const cf_user* cf_hook_user(cf_ctx* c, const cf_hook_call* h) { return CF_CALL(c, hook_user)(c, h); }
static inline void cf_log(cf_ctx* c, int level, cf_str msg) { CF_CALL(c, log)(c, level, msg); }
static inline const char* cf_error(cf_ctx* c) { return CF_CALL(c, error)(c); }
static inline void cf_free(cf_ctx* c, void* p) { CF_CALL(c, free)(c, p); }
static inline int64_t cf_now_ms(cf_ctx* c) { return CF_CALL(c, now_ms)(c); }
static inline cf_str cf_config_get(cf_ctx* c, const char* name) { return CF_CALL(c, config_get)(c, name); }
static inline int cf_plugin_enabled(cf_ctx* c, const char* name) { return CF_CALL(c, plugin_enabled)(c, name); }
static inline int cf_dispatch(cf_ctx* c, const cf_dispatch_args* a) { return CF_CALL(c, dispatch)(c, a); }
static inline int cf_command_add(cf_ctx* c, const cf_command* cmd) { return CF_CALL(c, command_add)(c, cmd); }
static inline int cf_feature_enabled(cf_ctx* c, const char* name, const cf_user* u, int64_t room) { return CF_CALL(c, feature_enabled)(c, name, u, room); }

#ifdef __cplusplus
}
#endif

#endif /* CAMPFIRE_PLUGIN_H */
