// JSON <-> Lua values, for event payloads, HTTP bodies, kv values and save()/restore().
// JSON null is `campfire.null` (a light userdata); arrays are sequences from 1. A Lua table is
// written as an array when its keys are exactly 1..n (n > 0), else as an object whose keys must
// be strings or numbers (numbers become strings). Functions, userdata, threads, NaN and infinity
// cannot be written. Nesting is limited to 64 levels (which also catches cycles).
#pragma once

#include <rapidjson/document.h>

#include <string>
#include <string_view>

struct lua_State;

namespace cf::lua {

// Pushes the value; raises a Lua error when it nests too deeply. Call in protected mode.
void push_json(lua_State* L, const rapidjson::Value& value);
// Parses `text` and pushes it; false (nothing pushed) on invalid JSON.
bool push_json_text(lua_State* L, std::string_view text);
// The value at `index` as JSON text; false with `error` when it cannot be written or the text
// would pass `max_bytes`.
bool to_json(lua_State* L, int index, std::string* out, std::string* error, size_t max_bytes = 1u << 20);

void push_null(lua_State* L);

} // namespace cf::lua
