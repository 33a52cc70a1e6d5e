// campfire.flags: read and set feature flags (kernel/host/features.h).
//   flags.get(name [, {user_id=, room_id=}]) -> is the plugin or named flag on (for that person,
//       in that room)? Without the table: is it on for anyone at all.
//   flags.set(name, true|false|audience)     -> stored like an administrator's change (persisted,
//       stays after the script goes); an audience is {roles=, user_ids=, room_ids=} or "everyone".
//   flags.rule(name, audience)               -> while this script runs (load time only), the
//       feature is on for that audience alone; the rule goes with the script.
#include "kernel/lua/campfire_api.h"
#include "kernel/lua/lua_json.h"
#include "kernel/lua/script.h"

#include "kernel/db/read_pool.h"
#include "kernel/host/feature_store.h"

#include <lua.hpp>
#include <spdlog/spdlog.h>
#include <sqlite3.h>

namespace cf::lua {

namespace {

std::string name_arg(lua_State* L) {
    std::string name = luaL_checkstring(L, 1);
    if (!valid_feature_name(name)) luaL_error(L, "campfire.flags: names are 1 to 64 of [a-z0-9_.-]");
    return name;
}

Audience audience_arg(lua_State* L, int index) {
    std::string json, error;
    if (!to_json(L, index, &json, &error, 64 * 1024)) luaL_error(L, "campfire.flags: %s", error.c_str());
    if (json == "[]") json = "{}"; // an empty Lua table
    auto audience = parse_audience_text(json, &error);
    if (!audience) luaL_error(L, "campfire.flags: %s", error.c_str());
    return *audience;
}

int flags_get(lua_State* L) {
    std::string name = name_arg(L);
    Viewer viewer;
    viewer.person = false;
    if (lua_istable(L, 2)) {
        lua_getfield(L, 2, "user_id");
        if (!lua_isnil(L, -1)) {
            int64_t user_id = static_cast<int64_t>(luaL_checknumber(L, -1));
            viewer.person = true;
            std::string error;
            db::Statement* st = db::reader().cached("SELECT role FROM users WHERE id = ? AND status = 0", &error);
            if (st) {
                st->bind_int(1, user_id);
                if (st->step() == SQLITE_ROW) {
                    viewer.user_id = user_id;
                    viewer.role = static_cast<int>(st->column_int(0));
                }
                st->reset();
            }
        }
        lua_getfield(L, 2, "room_id");
        if (!lua_isnil(L, -1)) viewer.room_id = static_cast<int64_t>(luaL_checknumber(L, -1));
        lua_pop(L, 2);
    } else if (!lua_isnoneornil(L, 2)) {
        return luaL_error(L, "campfire.flags.get: the second argument is {user_id=, room_id=}");
    }
    lua_pushboolean(L, script_of(L).kernel().feature_on(name, viewer));
    return 1;
}

int flags_set(lua_State* L) {
    std::string name = name_arg(L);
    FeatureChange change;
    if (lua_isboolean(L, 2)) change.enabled = lua_toboolean(L, 2) != 0;
    else if (lua_istable(L, 2) || lua_isstring(L, 2)) change.audience = audience_arg(L, 2);
    else return luaL_error(L, "campfire.flags.set: the value is true, false or an audience");
    Script& s = script_of(L);
    std::string script = s.name();
    spdlog::info("script {} sets feature {}", script, name);
    change_feature(s.kernel(), name, std::move(change), [script, name](int status) {
        if (status != 0) spdlog::warn("script {}: could not set feature {} ({})", script, name, status);
    });
    return 0;
}

int flags_rule(lua_State* L) {
    std::string name = name_arg(L);
    luaL_checkany(L, 2);
    Audience audience = audience_arg(L, 2);
    script_of(L).add_flag_rule(L, name, std::move(audience));
    return 0;
}

} // namespace

void open_flags_api(lua_State* L, int index) {
    lua_newtable(L);
    lua_pushcfunction(L, flags_get);
    lua_setfield(L, -2, "get");
    lua_pushcfunction(L, flags_set);
    lua_setfield(L, -2, "set");
    lua_pushcfunction(L, flags_rule);
    lua_setfield(L, -2, "rule");
    lua_setfield(L, index, "flags");
}

} // namespace cf::lua
