// The `campfire` table a script sees (docs/lua.md), split by topic:
//   campfire_api.cpp  on, command, route, after, every, cancel, log, now, token, commands, json
//   script_bot.cpp    bot(name) and bot:post/edit/boost (through Kernel::dispatch, as the bot)
//   script_kv.cpp     kv.get/set/delete
//   script_flags.cpp  flags.get/set/rule
//   script_http.cpp   http{...}
#pragma once

struct lua_State;

namespace cf::lua {

class Script;

// Registry keys of the tables that hold a version's Lua functions.
inline constexpr const char* kHandlersKey = "cf.handlers"; // {message={fn...}, mention={...}, room={...}}
inline constexpr const char* kCommandsKey = "cf.commands"; // name -> fn
inline constexpr const char* kRoutesKey = "cf.routes";     // "METHOD /path" -> fn

// Builds the global `campfire` table. In protected mode, while the script loads.
void open_campfire(lua_State* L, Script& script);

// Each topic adds its functions to the table at `index`.
void open_bot_api(lua_State* L, int index);
void open_kv_api(lua_State* L, int index);
void open_flags_api(lua_State* L, int index);
void open_http_api(lua_State* L, int index);

// The script behind a state.
Script& script_of(lua_State* L);

} // namespace cf::lua
