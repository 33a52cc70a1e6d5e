// The core of the `campfire` table: registrations (on, command, route), timers, logging, JSON,
// and small helpers. Every function runs on the script's thread, inside a budgeted call.
#include "kernel/lua/campfire_api.h"

#include "kernel/base/clock.h"
#include "kernel/base/crypto.h"
#include "kernel/lua/lua_json.h"
#include "kernel/lua/script.h"

#include <lua.hpp>
#include <spdlog/spdlog.h>

namespace cf::lua {

namespace {

constexpr size_t kMaxTimers = 1000;
constexpr double kMaxDelaySeconds = 30.0 * 24 * 3600;

std::string field_string(lua_State* L, int table, const char* name, bool required, size_t max_bytes) {
    lua_getfield(L, table, name);
    std::string value;
    if (lua_type(L, -1) == LUA_TSTRING) {
        size_t len = 0;
        const char* s = lua_tolstring(L, -1, &len);
        value.assign(s, len);
    } else if (!lua_isnil(L, -1) || required) {
        luaL_error(L, "field \"%s\" must be a string", name);
    }
    lua_pop(L, 1);
    if (value.size() > max_bytes) luaL_error(L, "field \"%s\" is longer than %d bytes", name, static_cast<int>(max_bytes));
    return value;
}

// campfire.on(kind, fn): "message", "mention" (of one of this script's bots) or "room".
int api_on(lua_State* L) {
    std::string kind = luaL_checkstring(L, 1);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    if (kind != "message" && kind != "mention" && kind != "room")
        return luaL_error(L, "campfire.on: the events are \"message\", \"mention\" and \"room\"");
    Script& s = script_of(L);
    s.listen(L, kind);
    lua_getfield(L, LUA_REGISTRYINDEX, kHandlersKey);
    lua_getfield(L, -1, kind.c_str());
    lua_pushvalue(L, 2);
    lua_rawseti(L, -2, static_cast<int>(lua_objlen(L, -2) + 1));
    return 0;
}

// campfire.command{name=, description=, args=, run=function(cmd) end}
int api_command(lua_State* L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    std::string name = field_string(L, 1, "name", true, 32);
    std::string description = field_string(L, 1, "description", false, 200);
    std::string args = field_string(L, 1, "args", false, 100);
    lua_getfield(L, 1, "run");
    if (!lua_isfunction(L, -1)) return luaL_error(L, "campfire.command: run must be a function");
    script_of(L).add_command(L, name, description, args);
    return 0;
}

// campfire.route{method=, path=, auth="none"|"user"|"admin", fn=function(req) end} -> full path
int api_route(lua_State* L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    std::string method = field_string(L, 1, "method", true, 8);
    std::string path = field_string(L, 1, "path", true, 200);
    std::string auth = field_string(L, 1, "auth", false, 8);
    if (method != "GET" && method != "POST" && method != "PUT" && method != "PATCH" && method != "DELETE")
        return luaL_error(L, "campfire.route: method must be GET, POST, PUT, PATCH or DELETE");
    int level = CF_AUTH_USER;
    if (auth == "none") level = CF_AUTH_NONE;
    else if (auth == "admin") level = CF_AUTH_ADMIN;
    else if (!auth.empty() && auth != "user") return luaL_error(L, "campfire.route: auth must be \"none\", \"user\" or \"admin\"");
    lua_getfield(L, 1, "fn");
    if (!lua_isfunction(L, -1)) return luaL_error(L, "campfire.route: fn must be a function");
    std::string full = script_of(L).add_route(L, method, path, level);
    lua_pushlstring(L, full.data(), full.size());
    return 1;
}

int add_timer(lua_State* L, bool repeat) {
    double seconds = luaL_checknumber(L, 1);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    double least = repeat ? 0.1 : 0.0;
    if (!(seconds >= least && seconds <= kMaxDelaySeconds))
        return luaL_error(L, "%s: seconds must be from %g to 30 days", repeat ? "campfire.every" : "campfire.after", least);
    Script& s = script_of(L);
    if (s.timer_count() >= kMaxTimers) return luaL_error(L, "a script has at most 1000 timers");
    lua_pushvalue(L, 2);
    int ref = s.take_ref(L);
    lua_pushnumber(L, static_cast<lua_Number>(s.add_timer(seconds, repeat, ref)));
    return 1;
}
int api_after(lua_State* L) { return add_timer(L, false); }
int api_every(lua_State* L) { return add_timer(L, true); }

int api_cancel(lua_State* L) {
    lua_pushboolean(L, script_of(L).cancel_timer(static_cast<uint64_t>(luaL_checknumber(L, 1))));
    return 1;
}

int api_log(lua_State* L) {
    lua_getglobal(L, "print");
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 0);
    return 0;
}

int api_now(lua_State* L) {
    lua_pushnumber(L, static_cast<lua_Number>(now_ms()));
    return 1;
}

// campfire.token([length]): a random [A-Za-z0-9] string for secrets (8 to 64, default 24).
int api_token(lua_State* L) {
    lua_Integer length = luaL_optinteger(L, 1, 24);
    if (length < 8 || length > 64) return luaL_error(L, "campfire.token: length must be from 8 to 64");
    std::string token = random_alnum(static_cast<size_t>(length));
    lua_pushlstring(L, token.data(), token.size());
    return 1;
}

// campfire.commands(): every registered command, {name, description, args}, by name.
int api_commands(lua_State* L) {
    auto commands = script_of(L).kernel().commands.list();
    lua_createtable(L, static_cast<int>(commands.size()), 0);
    int i = 0;
    for (const auto& c : commands) {
        lua_createtable(L, 0, 3);
        lua_pushstring(L, c.name.c_str());
        lua_setfield(L, -2, "name");
        lua_pushstring(L, c.description.c_str());
        lua_setfield(L, -2, "description");
        lua_pushstring(L, c.args.c_str());
        lua_setfield(L, -2, "args");
        lua_rawseti(L, -2, ++i);
    }
    return 1;
}

int api_json_encode(lua_State* L) {
    luaL_checkany(L, 1);
    std::string text, error;
    if (!to_json(L, 1, &text, &error)) return luaL_error(L, "campfire.json.encode: %s", error.c_str());
    lua_pushlstring(L, text.data(), text.size());
    return 1;
}

int api_json_decode(lua_State* L) {
    size_t len = 0;
    const char* text = luaL_checklstring(L, 1, &len);
    if (!push_json_text(L, std::string_view(text, len))) {
        lua_pushnil(L);
        lua_pushstring(L, "not valid JSON");
        return 2;
    }
    return 1;
}

void set_fn(lua_State* L, int table, const char* name, lua_CFunction fn) {
    lua_pushcfunction(L, fn);
    lua_setfield(L, table, name);
}

} // namespace

Script& script_of(lua_State* L) { return *static_cast<Script*>(LuaState::of(L)->owner()); }

void open_campfire(lua_State* L, Script& script) {
    // The tables that hold this version's functions, out of the script's reach.
    lua_createtable(L, 0, 3);
    for (const char* kind : {"message", "mention", "room"}) {
        lua_newtable(L);
        lua_setfield(L, -2, kind);
    }
    lua_setfield(L, LUA_REGISTRYINDEX, kHandlersKey);
    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, kCommandsKey);
    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, kRoutesKey);

    lua_newtable(L);
    int t = lua_gettop(L);
    lua_pushstring(L, script.name().c_str());
    lua_setfield(L, t, "name");
    push_null(L);
    lua_setfield(L, t, "null");
    set_fn(L, t, "on", api_on);
    set_fn(L, t, "command", api_command);
    set_fn(L, t, "route", api_route);
    set_fn(L, t, "after", api_after);
    set_fn(L, t, "every", api_every);
    set_fn(L, t, "cancel", api_cancel);
    set_fn(L, t, "log", api_log);
    set_fn(L, t, "now", api_now);
    set_fn(L, t, "token", api_token);
    set_fn(L, t, "commands", api_commands);
    lua_newtable(L);
    set_fn(L, lua_gettop(L), "encode", api_json_encode);
    set_fn(L, lua_gettop(L), "decode", api_json_decode);
    lua_setfield(L, t, "json");
    open_bot_api(L, t);
    open_kv_api(L, t);
    open_flags_api(L, t);
    open_http_api(L, t);
    lua_setglobal(L, "campfire");
}

} // namespace cf::lua
