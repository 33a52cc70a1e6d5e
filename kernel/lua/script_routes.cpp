// Routes a script serves (campfire.route), under /api/lua/<script>/...: the worker copies the
// request and queues it; the script's thread runs the function and sends the reply. A reply the
// script cannot give (stopped, reloaded, busy, an error) is a 503 JSON error.
#include "kernel/lua/campfire_api.h"
#include "kernel/lua/lua_json.h"
#include "kernel/lua/script.h"
#include "kernel/lua/script_host.h"

#include <lua.hpp>

#include <algorithm>
#include <cctype>

namespace cf::lua {

struct Script::RouteCall {
    HttpRequest req; // a copy: the original is borrowed only until the handler returns
};

class Script::PendingReply {
public:
    explicit PendingReply(Reply reply) : reply_(std::move(reply)) {}
    ~PendingReply() {
        if (!sent_) reply_.error(503, "the script did not answer (stopped, reloading or busy)");
    }
    PendingReply(const PendingReply&) = delete;
    PendingReply& operator=(const PendingReply&) = delete;
    void send(int status, std::string_view type, std::string body) {
        sent_ = true;
        reply_.send(status, type, std::move(body));
    }
    void error(int status, std::string_view message) {
        sent_ = true;
        reply_.error(status, message);
    }

private:
    Reply reply_;
    bool sent_ = false;
};

namespace {

bool valid_route_path(std::string_view path) {
    if (path.empty() || path[0] != '/' || path.size() > 200) return false;
    if (path == "/") return true;
    for (auto segment : path_segments(path)) {
        std::string_view s = segment;
        if (s[0] == ':') s.remove_prefix(1);
        if (s.empty() || !std::all_of(s.begin(), s.end(), [](char c) {
                return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' || c == '~';
            }))
            return false;
    }
    return true;
}

void push_pairs(lua_State* L, const Pairs& pairs) {
    lua_createtable(L, 0, static_cast<int>(pairs.size()));
    for (const auto& [k, v] : pairs) {
        lua_pushlstring(L, v.data(), v.size());
        lua_setfield(L, -2, k.c_str());
    }
}

void push_request(lua_State* L, const HttpRequest& req) {
    lua_createtable(L, 0, 8);
    lua_pushstring(L, req.method.c_str());
    lua_setfield(L, -2, "method");
    lua_pushlstring(L, req.path.data(), req.path.size());
    lua_setfield(L, -2, "path");
    push_pairs(L, req.params);
    lua_setfield(L, -2, "params");
    push_pairs(L, req.query);
    lua_setfield(L, -2, "query");
    push_pairs(L, req.headers);
    lua_setfield(L, -2, "headers");
    lua_pushlstring(L, req.body.data(), req.body.size());
    lua_setfield(L, -2, "body");
    if (req.json != "{}" || (!req.body.empty() && req.body[0] == '{')) {
        if (push_json_text(L, req.json)) lua_setfield(L, -2, "json");
    }
    if (req.user) {
        lua_createtable(L, 0, 3);
        lua_pushnumber(L, static_cast<lua_Number>(req.user->id));
        lua_setfield(L, -2, "id");
        lua_pushlstring(L, req.user->name.data(), req.user->name.size());
        lua_setfield(L, -2, "name");
        lua_pushstring(L, role_label(req.user->role));
        lua_setfield(L, -2, "role");
        lua_setfield(L, -2, "user");
    }
}

} // namespace

std::string Script::add_route(lua_State* L, const std::string& method, const std::string& path, int auth) {
    require_loading(L, "campfire.route");
    if (!valid_route_path(path))
        luaL_error(L, "campfire.route: path must start with / and hold segments of [A-Za-z0-9_.~-] or :name");
    std::string key = method + " " + path;
    std::string full = std::string(ScriptHost::kRoutePrefix) + name_ + (path == "/" ? "" : path);
    Route route;
    route.method = method;
    route.pattern = full;
    route.auth = auth;
    route.owner = &record_;
    route.handler = [this, key](HttpRequest& req, Reply reply) {
        auto call = std::make_shared<RouteCall>(RouteCall{req});
        auto pending = std::make_shared<PendingReply>(std::move(reply));
        if (!post([this, key, call, pending] { serve_route(key, *call, *pending); }))
            pending->error(503, "the script is busy; try again");
    };
    std::string error;
    if (!kernel().router.add(std::move(route), &error)) luaL_error(L, "campfire.route: %s", error.c_str());
    lua_getfield(L, LUA_REGISTRYINDEX, kRoutesKey);
    lua_pushvalue(L, -2); // the route function, on top when called
    lua_setfield(L, -2, key.c_str());
    lua_pop(L, 1);
    std::lock_guard info(info_mu_);
    routes_.push_back(method + " " + full);
    return full;
}

void Script::serve_route(const std::string& key, const RouteCall& call, PendingReply& reply) {
    int status = 0;
    std::string type, body;
    bool found = true;
    bool ok = invoke(key.c_str(), [&](lua_State* L) {
        lua_getfield(L, LUA_REGISTRYINDEX, kRoutesKey);
        lua_getfield(L, -1, key.c_str());
        if (!lua_isfunction(L, -1)) {
            found = false;
            return;
        }
        push_request(L, call.req);
        lua_call(L, 1, 3);
        // return status [, body [, content_type]]
        if (lua_isnil(L, -3)) {
            status = 204;
        } else if (lua_isnumber(L, -3)) {
            status = static_cast<int>(lua_tointeger(L, -3));
        } else {
            luaL_error(L, "a route returns a status number first");
        }
        if (lua_type(L, -2) == LUA_TSTRING) {
            size_t len = 0;
            const char* text = lua_tolstring(L, -2, &len);
            body.assign(text, len);
            type = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "text/plain; charset=utf-8";
        } else if (!lua_isnil(L, -2)) {
            std::string problem;
            if (!to_json(L, -2, &body, &problem)) luaL_error(L, "route body: %s", problem.c_str());
            type = "application/json";
        }
    });
    if (!found) return reply.error(404, "not found");
    if (!ok) return reply.error(503, "the script failed to answer");
    if (status < 200 || status > 599) return reply.error(503, "the script answered with a bad status");
    for (char c : type)
        if (c == '\r' || c == '\n') return reply.error(503, "the script answered with a bad content type");
    if (status == 204) return reply.send(204, "application/json", "");
    reply.send(status, type.empty() ? "application/json" : type, std::move(body));
}

} // namespace cf::lua
