// What a script's state may touch. Opened: base (trimmed), table, string (no dump), math, bit,
// coroutine, and os.time/clock/date/difftime. Never opened: io, os.execute/remove/rename/exit/
// getenv/tmpname, package (loadlib), debug, ffi, jit. newproxy, gcinfo, getfenv, setfenv and
// module are removed.
//  - load/loadstring take strings and compile text only (mode "t": bytecode is refused);
//  - require, dofile and loadfile read `.lua` files inside the script's folder only (no absolute
//    paths, no "..", no symlink out), in text mode; require caches modules per state;
//  - pcall, xpcall and coroutine.resume cannot swallow a stop (CPU budget or memory): they raise
//    it again;
//  - collectgarbage accepts "count", "collect" and "step";
//  - print goes to the server log.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

struct lua_State;

namespace cf::lua {

struct SandboxHost {
    std::filesystem::path folder;                                  // canonical
    std::function<void(const std::filesystem::path&)> file_loaded; // for the reload watcher
    std::function<void(std::string_view)> print;
};

// Call inside LuaState::call. `host` must outlive the state.
void open_sandbox(lua_State* L, SandboxHost* host);

// Reads `relative` (a Lua file name inside `folder`) into `out`; false with `error` when the
// name is not allowed, escapes the folder, or cannot be read. At most 1 MB.
bool read_script_file(const std::filesystem::path& folder, std::string_view relative, std::filesystem::path* resolved,
                      std::string* out, std::string* error);

// Compiles text (never bytecode) and pushes the function, or returns false with `error`.
bool load_text(lua_State* L, std::string_view code, const std::string& chunk_name, std::string* error);

} // namespace cf::lua
