// campfire.http{method=, url=, headers={}, body=, timeout=seconds}, function(res, err) end
// Asynchronous: the request runs on the host's fetch threads (http_fetch.h: timeouts, size
// limits, and the webhook address rule); the callback gets res = {status, headers, body}, or nil
// and the error. At most 10 requests in flight per script. Returns true when queued.
#include "kernel/lua/campfire_api.h"
#include "kernel/lua/script.h"
#include "kernel/lua/script_host.h"

#include <lua.hpp>

namespace cf::lua {

namespace {

constexpr int kMaxInFlight = 10;

std::string string_field(lua_State* L, const char* name, const char* fallback) {
    lua_getfield(L, 1, name);
    std::string value = fallback;
    if (lua_type(L, -1) == LUA_TSTRING) {
        size_t len = 0;
        const char* s = lua_tolstring(L, -1, &len);
        value.assign(s, len);
    } else if (!lua_isnil(L, -1)) {
        luaL_error(L, "campfire.http: %s must be a string", name);
    }
    lua_pop(L, 1);
    return value;
}

int api_http(lua_State* L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    FetchRequest request;
    request.method = string_field(L, "method", "GET");
    request.url = string_field(L, "url", "");
    request.body = string_field(L, "body", "");
    lua_getfield(L, 1, "timeout");
    if (!lua_isnil(L, -1)) request.timeout_ms = static_cast<int>(luaL_checknumber(L, -1) * 1000);
    lua_pop(L, 1);
    lua_getfield(L, 1, "headers");
    if (lua_istable(L, -1)) {
        lua_pushnil(L);
        while (lua_next(L, -2) != 0) {
            if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TSTRING)
                return luaL_error(L, "campfire.http: headers are name = value strings");
            request.headers.emplace_back(lua_tostring(L, -2), lua_tostring(L, -1));
            lua_pop(L, 1);
        }
    } else if (!lua_isnil(L, -1)) {
        return luaL_error(L, "campfire.http: headers must be a table");
    }
    lua_pop(L, 1);
    if (std::string problem = check_fetch_request(request); !problem.empty())
        return luaL_error(L, "campfire.http: %s", problem.c_str());

    Script& s = script_of(L);
    if (s.http_in_flight.load() >= kMaxInFlight) return luaL_error(L, "campfire.http: at most 10 requests in flight");
    int ref = LUA_NOREF;
    if (!lua_isnoneornil(L, 2)) {
        luaL_checktype(L, 2, LUA_TFUNCTION);
        lua_pushvalue(L, 2);
        ref = s.take_ref(L);
    }
    Script* script = &s;
    uint64_t generation = s.generation();
    s.http_in_flight.fetch_add(1);
    bool queued = s.host().fetcher().fetch(std::move(request), [script, generation, ref](FetchResult result) {
        script->http_in_flight.fetch_sub(1);
        if (ref == LUA_NOREF) return;
        script->complete(generation, ref, [result = std::move(result)](lua_State* L) {
            if (result.status == 0) {
                lua_pushnil(L);
                lua_pushlstring(L, result.error.data(), result.error.size());
                return 2;
            }
            lua_createtable(L, 0, 3);
            lua_pushinteger(L, result.status);
            lua_setfield(L, -2, "status");
            lua_newtable(L);
            for (const auto& [name, value] : result.headers) {
                lua_pushlstring(L, value.data(), value.size());
                lua_setfield(L, -2, name.c_str());
            }
            lua_setfield(L, -2, "headers");
            lua_pushlstring(L, result.body.data(), result.body.size());
            lua_setfield(L, -2, "body");
            return 1;
        });
    });
    if (!queued) {
        s.http_in_flight.fetch_sub(1);
        if (ref != LUA_NOREF) luaL_unref(L, LUA_REGISTRYINDEX, ref);
    }
    lua_pushboolean(L, queued);
    return 1;
}

} // namespace

void open_http_api(lua_State* L, int index) {
    lua_pushcfunction(L, api_http);
    lua_setfield(L, index, "http");
}

} // namespace cf::lua
