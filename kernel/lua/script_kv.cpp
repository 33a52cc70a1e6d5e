// campfire.kv: each script's own storage, rows of script_kv written through the writer. Values
// are plain data (JSON). Reads come from a copy loaded on first use, so a get after a set sees
// the new value at once; the write itself is durable a moment later (a failed one is logged).
// Limits: keys 1 to 256 bytes, values at most 64 KB as JSON, 1000 keys per script.
#include "kernel/lua/campfire_api.h"
#include "kernel/lua/lua_json.h"
#include "kernel/lua/script.h"

#include <lua.hpp>
#include <spdlog/spdlog.h>
#include <sqlite3.h>

namespace cf::lua {

namespace {

constexpr size_t kMaxKeys = 1000;
constexpr size_t kMaxValueBytes = 64 * 1024;

std::string key_arg(lua_State* L) {
    size_t len = 0;
    const char* key = luaL_checklstring(L, 1, &len);
    if (len == 0 || len > 256) luaL_error(L, "campfire.kv: keys are 1 to 256 bytes");
    return std::string(key, len);
}

// Queues the row's new value (nullopt: delete it).
void persist(Script& s, const std::string& key, std::optional<std::string> value) {
    std::string script = s.name();
    db::WriteJob job;
    job.run = [script, key, value](db::Txn& txn) {
        std::string error;
        db::Statement* st =
            value ? txn.conn.cached("INSERT INTO script_kv(script, key, value, updated_at) "
                                    "VALUES (?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ','now')) "
                                    "ON CONFLICT(script, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                                    &error)
                  : txn.conn.cached("DELETE FROM script_kv WHERE script = ? AND key = ?", &error);
        if (!st) return -1;
        st->bind_text(1, script);
        st->bind_text(2, key);
        if (value) st->bind_text(3, *value);
        int rc = st->step();
        st->reset();
        return rc == SQLITE_DONE ? 0 : -1;
    };
    job.done = [script, key](int status) {
        if (status != 0) spdlog::warn("script {}: kv write of \"{}\" failed ({})", script, key, status);
    };
    if (s.kernel().writer->submit(std::move(job)) != 0) spdlog::warn("script {}: kv write of \"{}\" dropped: writer busy", script, key);
}

int kv_get(lua_State* L) {
    std::string key = key_arg(L);
    auto& kv = script_of(L).kv();
    auto it = kv.find(key);
    if (it == kv.end() || !push_json_text(L, it->second)) lua_pushnil(L);
    return 1;
}

int kv_set(lua_State* L) {
    std::string key = key_arg(L);
    luaL_checkany(L, 2);
    Script& s = script_of(L);
    auto& kv = s.kv();
    if (lua_isnil(L, 2)) {
        if (kv.erase(key)) persist(s, key, std::nullopt);
        return 0;
    }
    std::string value, error;
    if (!to_json(L, 2, &value, &error, kMaxValueBytes)) return luaL_error(L, "campfire.kv.set: %s", error.c_str());
    if (!kv.count(key) && kv.size() >= kMaxKeys) return luaL_error(L, "campfire.kv.set: a script keeps at most 1000 keys");
    kv[key] = value;
    persist(s, key, std::move(value));
    return 0;
}

int kv_delete(lua_State* L) {
    std::string key = key_arg(L);
    Script& s = script_of(L);
    bool existed = s.kv().erase(key) > 0;
    if (existed) persist(s, key, std::nullopt);
    lua_pushboolean(L, existed);
    return 1;
}

// campfire.kv.keys(): every key, sorted.
int kv_keys(lua_State* L) {
    auto& kv = script_of(L).kv();
    lua_createtable(L, static_cast<int>(kv.size()), 0);
    int i = 0;
    for (const auto& [key, value] : kv) {
        lua_pushlstring(L, key.data(), key.size());
        lua_rawseti(L, -2, ++i);
    }
    return 1;
}

} // namespace

void open_kv_api(lua_State* L, int index) {
    lua_newtable(L);
    lua_pushcfunction(L, kv_get);
    lua_setfield(L, -2, "get");
    lua_pushcfunction(L, kv_set);
    lua_setfield(L, -2, "set");
    lua_pushcfunction(L, kv_delete);
    lua_setfield(L, -2, "delete");
    lua_pushcfunction(L, kv_keys);
    lua_setfield(L, -2, "keys");
    lua_setfield(L, index, "kv");
}

} // namespace cf::lua
