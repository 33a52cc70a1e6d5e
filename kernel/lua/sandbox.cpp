#include "kernel/lua/sandbox.h"

#include "kernel/lua/lua_state.h"

#include <lua.hpp>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

namespace cf::lua {

namespace {

constexpr size_t kMaxFileBytes = 1u << 20;
constexpr size_t kMaxPrintBytes = 4096;
const char* const kLoadedKey = "cf.loaded"; // registry: require's module cache

SandboxHost* host_of(lua_State* L) { return static_cast<SandboxHost*>(lua_touserdata(L, lua_upvalueindex(1))); }

// A stopped state's error must reach the host: raise it again wherever Lua would catch it.
void raise_if_stopped(lua_State* L) {
    LuaState* s = LuaState::of(L);
    if (s && s->stopped()) {
        lua_pushstring(L, s->stop_reason().c_str());
        lua_error(L);
    }
}

int safe_pcall(lua_State* L) {
    luaL_checkany(L, 1);
    int status = lua_pcall(L, lua_gettop(L) - 1, LUA_MULTRET, 0);
    raise_if_stopped(L);
    lua_pushboolean(L, status == 0);
    lua_insert(L, 1);
    return lua_gettop(L);
}

int safe_xpcall(lua_State* L) {
    luaL_checkany(L, 1);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    // f, handler, args... -> handler, f, args...
    lua_pushvalue(L, 1);
    lua_pushvalue(L, 2);
    lua_replace(L, 1);
    lua_replace(L, 2);
    int status = lua_pcall(L, lua_gettop(L) - 2, LUA_MULTRET, 1);
    raise_if_stopped(L);
    lua_pushboolean(L, status == 0);
    lua_replace(L, 1);
    return lua_gettop(L);
}

int safe_resume(lua_State* L) {
    int n = lua_gettop(L);
    lua_pushvalue(L, lua_upvalueindex(1)); // the original coroutine.resume
    lua_insert(L, 1);
    lua_call(L, n, LUA_MULTRET);
    raise_if_stopped(L);
    return lua_gettop(L);
}

int safe_collectgarbage(lua_State* L) {
    std::string_view opt = luaL_optstring(L, 1, "collect");
    if (opt != "count" && opt != "collect" && opt != "step")
        return luaL_error(L, "collectgarbage: only \"count\", \"collect\" and \"step\" are allowed");
    if (opt == "count") {
        lua_pushnumber(L, static_cast<lua_Number>(lua_gc(L, LUA_GCCOUNT, 0)) +
                              static_cast<lua_Number>(lua_gc(L, LUA_GCCOUNTB, 0)) / 1024.0);
        return 1;
    }
    lua_pushinteger(L, opt == "collect" ? lua_gc(L, LUA_GCCOLLECT, 0) : lua_gc(L, LUA_GCSTEP, 0));
    return 1;
}

int safe_print(lua_State* L) {
    std::string line;
    int n = lua_gettop(L);
    lua_getglobal(L, "tostring");
    for (int i = 1; i <= n && line.size() < kMaxPrintBytes; ++i) {
        lua_pushvalue(L, -1);
        lua_pushvalue(L, i);
        lua_call(L, 1, 1);
        size_t len = 0;
        const char* s = lua_tolstring(L, -1, &len);
        if (i > 1) line += '\t';
        line.append(s ? s : "?", s ? len : 1);
        lua_pop(L, 1);
    }
    if (line.size() > kMaxPrintBytes) line.resize(kMaxPrintBytes);
    if (SandboxHost* host = host_of(L); host && host->print) host->print(line);
    return 0;
}

// load(chunk [, chunkname [, mode [, env]]]) and loadstring(chunk [, chunkname]): text only.
int safe_load(lua_State* L) {
    if (lua_type(L, 1) != LUA_TSTRING) return luaL_error(L, "load: only strings can be loaded in scripts");
    size_t len = 0;
    const char* code = lua_tolstring(L, 1, &len);
    std::string name = luaL_optstring(L, 2, "=(load)");
    std::string error;
    if (!load_text(L, std::string_view(code, len), name, &error)) {
        lua_pushnil(L);
        lua_pushstring(L, error.c_str());
        return 2;
    }
    if (lua_istable(L, 4)) { // env
        lua_pushvalue(L, 4);
        lua_setfenv(L, -2);
    }
    return 1;
}

bool load_file(lua_State* L, std::string_view relative, std::string* error) {
    SandboxHost* host = host_of(L);
    std::filesystem::path resolved;
    std::string code;
    if (!read_script_file(host->folder, relative, &resolved, &code, error)) return false;
    if (host->file_loaded) host->file_loaded(resolved);
    return load_text(L, code, "@" + std::string(relative), error);
}

int safe_loadfile(lua_State* L) {
    std::string error;
    if (!load_file(L, luaL_checkstring(L, 1), &error)) {
        lua_pushnil(L);
        lua_pushstring(L, error.c_str());
        return 2;
    }
    return 1;
}

int safe_dofile(lua_State* L) {
    std::string error;
    if (!load_file(L, luaL_checkstring(L, 1), &error)) return luaL_error(L, "%s", error.c_str());
    lua_call(L, 0, LUA_MULTRET);
    return lua_gettop(L) - 1;
}

// require("a.b") loads <folder>/a/b.lua once per state.
int safe_require(lua_State* L) {
    std::string name = luaL_checkstring(L, 1);
    bool ok = !name.empty() && name.size() <= 128 && name.front() != '.' && name.back() != '.' &&
              name.find("..") == std::string::npos &&
              std::all_of(name.begin(), name.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.'; });
    if (!ok) return luaL_error(L, "require: \"%s\" is not a module name ([A-Za-z0-9_.])", name.c_str());
    lua_getfield(L, LUA_REGISTRYINDEX, kLoadedKey);
    lua_getfield(L, -1, name.c_str());
    if (!lua_isnil(L, -1)) {
        if (lua_islightuserdata(L, -1)) return luaL_error(L, "require: \"%s\" requires itself", name.c_str());
        return 1;
    }
    lua_pop(L, 1);
    std::string path = name;
    std::replace(path.begin(), path.end(), '.', '/');
    path += ".lua";
    std::string error;
    if (!load_file(L, path, &error)) return luaL_error(L, "require: %s", error.c_str());
    lua_pushlightuserdata(L, nullptr); // a module being loaded
    lua_setfield(L, -3, name.c_str());
    lua_pushstring(L, name.c_str());
    lua_call(L, 1, 1);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_pushboolean(L, 1);
    }
    lua_pushvalue(L, -1);
    lua_setfield(L, -3, name.c_str());
    return 1;
}

void set_closure(lua_State* L, int table, const char* name, lua_CFunction fn, SandboxHost* host) {
    lua_pushlightuserdata(L, host);
    lua_pushcclosure(L, fn, 1);
    lua_setfield(L, table, name);
}

void open_lib(lua_State* L, lua_CFunction open, const char* name) {
    lua_pushcfunction(L, open);
    lua_pushstring(L, name);
    lua_call(L, 1, 0);
}

} // namespace

bool read_script_file(const std::filesystem::path& folder, std::string_view relative, std::filesystem::path* resolved,
                      std::string* out, std::string* error) {
    namespace fs = std::filesystem;
    bool name_ok = !relative.empty() && relative.size() <= 256 && relative.front() != '/' &&
                   relative.find("..") == std::string_view::npos && relative.ends_with(".lua") &&
                   std::all_of(relative.begin(), relative.end(), [](char c) {
                       return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' || c == '/';
                   });
    if (!name_ok) {
        *error = "\"" + std::string(relative) + "\" is not a .lua file name inside the script's folder";
        return false;
    }
    std::error_code ec;
    fs::path path = fs::canonical(folder / fs::path(relative), ec);
    std::string root = folder.string() + "/";
    if (ec || path.string().rfind(root, 0) != 0) {
        *error = "cannot read \"" + std::string(relative) + "\" (missing, or outside the script's folder)";
        return false;
    }
    if (!fs::is_regular_file(path, ec) || fs::file_size(path, ec) > kMaxFileBytes) {
        *error = "\"" + std::string(relative) + "\" is not a file of at most 1 MB";
        return false;
    }
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) {
        *error = "cannot read \"" + std::string(relative) + "\"";
        return false;
    }
    *out = std::move(text).str();
    *resolved = path;
    return true;
}

bool load_text(lua_State* L, std::string_view code, const std::string& chunk_name, std::string* error) {
    int rc = luaL_loadbufferx(L, code.data(), code.size(), chunk_name.c_str(), "t");
    if (rc == 0) return true;
    const char* message = lua_tostring(L, -1);
    *error = message ? message : "cannot load the code";
    lua_pop(L, 1);
    return false;
}

void open_sandbox(lua_State* L, SandboxHost* host) {
    open_lib(L, luaopen_base, "");
    open_lib(L, luaopen_table, LUA_TABLIBNAME);
    open_lib(L, luaopen_string, LUA_STRLIBNAME);
    open_lib(L, luaopen_math, LUA_MATHLIBNAME);
    open_lib(L, luaopen_bit, LUA_BITLIBNAME);
    open_lib(L, luaopen_os, LUA_OSLIBNAME);

    lua_pushvalue(L, LUA_GLOBALSINDEX);
    int g = lua_gettop(L);
    for (const char* name : {"getfenv", "setfenv", "newproxy", "gcinfo", "module", "require", "dofile", "loadfile"}) {
        lua_pushnil(L);
        lua_setfield(L, g, name);
    }
    // os: clocks and dates only.
    lua_getfield(L, g, "os");
    lua_newtable(L);
    for (const char* name : {"time", "clock", "date", "difftime"}) {
        lua_getfield(L, -2, name);
        lua_setfield(L, -2, name);
    }
    lua_setfield(L, g, "os");
    lua_pop(L, 1);
    // string.dump would hand out bytecode.
    lua_getfield(L, g, "string");
    lua_pushnil(L);
    lua_setfield(L, -2, "dump");
    lua_pop(L, 1);

    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, kLoadedKey);
    set_closure(L, g, "pcall", safe_pcall, host);
    set_closure(L, g, "xpcall", safe_xpcall, host);
    set_closure(L, g, "collectgarbage", safe_collectgarbage, host);
    set_closure(L, g, "print", safe_print, host);
    set_closure(L, g, "load", safe_load, host);
    set_closure(L, g, "loadstring", safe_load, host);
    set_closure(L, g, "loadfile", safe_loadfile, host);
    set_closure(L, g, "dofile", safe_dofile, host);
    set_closure(L, g, "require", safe_require, host);
    lua_getfield(L, g, "coroutine");
    lua_getfield(L, -1, "resume");
    lua_pushcclosure(L, safe_resume, 1);
    lua_setfield(L, -2, "resume");
    lua_pop(L, 2);
}

} // namespace cf::lua
