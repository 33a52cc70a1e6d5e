// The sandbox and the limits of one script state, without a server: what a script cannot reach,
// and that a runaway loop or a memory bomb is stopped for good (pcall cannot swallow the stop).
#include "kernel/lua/lua_state.h"
#include "kernel/lua/sandbox.h"

#include <gtest/gtest.h>
#include <lua.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

namespace cf::lua {
namespace {

namespace fs = std::filesystem;

class Sandbox : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "cf-lua-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        root_ = pattern;
        folder_ = root_ / "script";
        fs::create_directories(folder_ / "lib");
        write(folder_ / "lib" / "greet.lua", "return { hello = function(n) return 'hello ' .. n end }");
        write(folder_ / "data.lua", "return 42");
        write(root_ / "secret.lua", "return 'outside'");
        fs::create_symlink(root_ / "secret.lua", folder_ / "link.lua");
        host_.folder = fs::canonical(folder_);
        host_.print = [this](std::string_view line) { printed_ += std::string(line) + "\n"; };
        open(Limits{});
    }
    void TearDown() override {
        state_.reset();
        fs::remove_all(root_);
    }
    void open(Limits limits) {
        state_ = LuaState::create(limits, nullptr);
        ASSERT_TRUE(state_);
        std::string error;
        ASSERT_TRUE(state_->call([&](lua_State* L) { open_sandbox(L, &host_); }, &error)) << error;
    }
    static void write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

    // Runs `code`; its results are returned as one string by tostring + ",".
    bool run(const std::string& code, std::string* out) {
        return state_->call(
            [&](lua_State* L) {
                std::string error;
                if (!load_text(L, code, "=test", &error)) luaL_error(L, "%s", error.c_str());
                int base = lua_gettop(L) - 1;
                lua_call(L, 0, LUA_MULTRET);
                out->clear();
                int top = lua_gettop(L);
                for (int i = base + 1; i <= top; ++i) {
                    lua_getglobal(L, "tostring");
                    lua_pushvalue(L, i);
                    lua_call(L, 1, 1);
                    if (i > base + 1) *out += ",";
                    *out += lua_tostring(L, -1);
                    lua_pop(L, 1);
                }
            },
            out);
    }
    std::string eval(const std::string& code) {
        std::string out;
        EXPECT_TRUE(run(code, &out)) << code << ": " << out;
        return out;
    }

    fs::path root_, folder_;
    SandboxHost host_;
    std::unique_ptr<LuaState> state_;
    std::string printed_;
};

TEST_F(Sandbox, DangerousLibrariesAreAbsent) {
    EXPECT_EQ(eval("return type(io), type(debug), type(ffi), type(jit), type(package)"), "nil,nil,nil,nil,nil");
    EXPECT_EQ(eval("return type(os.execute), type(os.remove), type(os.rename), type(os.exit), type(os.getenv)"),
              "nil,nil,nil,nil,nil");
    EXPECT_EQ(eval("return type(os.time), type(os.clock), type(os.date)"), "function,function,function");
    EXPECT_EQ(eval("return type(string.dump), type(('').dump)"), "nil,nil");
    EXPECT_EQ(eval("return type(newproxy), type(getfenv), type(setfenv), type(module), type(gcinfo)"), "nil,nil,nil,nil,nil");
    EXPECT_EQ(eval("return type(string.rep), type(table.concat), type(math.floor), type(bit.band)"),
              "function,function,function,function");
}

TEST_F(Sandbox, FilesOutsideTheFolderAreRefused) {
    std::string out;
    EXPECT_FALSE(run("return require('secret')", &out));
    EXPECT_FALSE(run("return dofile('../secret.lua')", &out));
    EXPECT_NE(out.find("not a .lua file name inside"), std::string::npos) << out;
    EXPECT_FALSE(run("return dofile('/etc/passwd')", &out));
    EXPECT_FALSE(run("return dofile('link.lua')", &out)) << "a symlink out of the folder";
    EXPECT_FALSE(run("return require('..secret')", &out));
    EXPECT_FALSE(run("return require('ffi')", &out));
    EXPECT_EQ(eval("return (loadfile('/etc/passwd'))"), "nil");
    EXPECT_EQ(eval("local f, err = loadfile('../secret.lua') return f == nil, err ~= nil"), "true,true");
}

TEST_F(Sandbox, FilesInsideTheFolderLoad) {
    EXPECT_EQ(eval("return require('lib.greet').hello('Ann')"), "hello Ann");
    EXPECT_EQ(eval("return require('lib.greet') == require('lib.greet')"), "true");
    EXPECT_EQ(eval("return dofile('data.lua')"), "42");
}

TEST_F(Sandbox, BytecodeIsRefused) {
    // Bytecode made in an ordinary state (the sandbox has no string.dump), handed over as a string.
    lua_State* plain = luaL_newstate();
    ASSERT_EQ(luaL_loadstring(plain, "return 1"), 0);
    std::string bytecode;
    lua_dump(
        plain,
        [](lua_State*, const void* p, size_t n, void* ud) {
            static_cast<std::string*>(ud)->append(static_cast<const char*>(p), n);
            return 0;
        },
        &bytecode);
    lua_close(plain);
    ASSERT_EQ(bytecode[0], '\x1b');
    std::string error;
    ASSERT_TRUE(state_->call(
        [&](lua_State* L) {
            lua_pushlstring(L, bytecode.data(), bytecode.size());
            lua_setglobal(L, "bytecode");
        },
        &error));
    EXPECT_EQ(eval("local f, err = load(bytecode) return f, err:find('mode') ~= nil"), "nil,true");
    EXPECT_EQ(eval("local f = loadstring(bytecode) return f"), "nil");
    EXPECT_EQ(eval("return load('return 1 + 1')()"), "2");
    std::string out;
    EXPECT_FALSE(run("return load(function() return nil end)", &out));
}

TEST_F(Sandbox, PrintGoesToTheHost) {
    eval("print('hi', 1, nil)");
    EXPECT_EQ(printed_, "hi\t1\tnil\n");
}

TEST_F(Sandbox, GarbageCollectorControlIsLimited) {
    EXPECT_EQ(eval("return type(collectgarbage('count'))"), "number");
    std::string out;
    EXPECT_FALSE(run("collectgarbage('stop')", &out));
}

TEST_F(Sandbox, AnEndlessLoopIsStoppedWithinItsBudget) {
    open(Limits{32u << 20, std::chrono::milliseconds(100)});
    auto started = std::chrono::steady_clock::now();
    std::string out;
    EXPECT_FALSE(run("while true do end", &out));
    auto took = std::chrono::steady_clock::now() - started;
    EXPECT_TRUE(state_->stopped());
    EXPECT_NE(out.find("CPU budget"), std::string::npos) << out;
    EXPECT_LT(took, std::chrono::milliseconds(1000));
    EXPECT_FALSE(run("return 1", &out)) << "a stopped state runs nothing more";
}

TEST_F(Sandbox, PcallCannotSwallowTheStop) {
    open(Limits{32u << 20, std::chrono::milliseconds(100)});
    std::string out;
    EXPECT_FALSE(run("while true do pcall(function() while true do end end) end", &out));
    EXPECT_NE(out.find("CPU budget"), std::string::npos) << out;
    open(Limits{32u << 20, std::chrono::milliseconds(100)});
    EXPECT_FALSE(run("while true do xpcall(function() while true do end end, function(e) return e end) end", &out));
    EXPECT_NE(out.find("CPU budget"), std::string::npos) << out;
    open(Limits{32u << 20, std::chrono::milliseconds(100)});
    EXPECT_FALSE(run("while true do coroutine.resume(coroutine.create(function() while true do end end)) end", &out));
    EXPECT_NE(out.find("CPU budget"), std::string::npos) << out;
}

TEST_F(Sandbox, AMemoryBombIsStoppedAtTheCap) {
    open(Limits{8u << 20, std::chrono::milliseconds(5000)});
    std::string out;
    EXPECT_FALSE(run("local t = {} while true do pcall(function() t[#t + 1] = string.rep('x', 4096) .. #t end) end", &out));
    EXPECT_TRUE(state_->stopped());
    EXPECT_NE(out.find("memory limit"), std::string::npos) << out;
    EXPECT_LE(state_->memory_used(), size_t{8u << 20});
    open(Limits{8u << 20, std::chrono::milliseconds(5000)});
    EXPECT_FALSE(run("local s = 'x' while true do s = s .. s end", &out));
    EXPECT_NE(out.find("memory limit"), std::string::npos) << out;
}

TEST_F(Sandbox, OrdinaryErrorsDoNotStopTheState) {
    std::string out;
    EXPECT_FALSE(run("error('plain failure')", &out));
    EXPECT_NE(out.find("plain failure"), std::string::npos);
    EXPECT_FALSE(state_->stopped());
    EXPECT_EQ(eval("return pcall(error, 'x')"), "false,x");
    EXPECT_EQ(eval("return 1 + 1"), "2");
}

} // namespace
} // namespace cf::lua
