// campfire.bot(name): the script's bot, a role-2 user. An active bot with that exact name is
// used (several scripts may share one); otherwise one is created, with user.created hooks run
// in the same transaction (the rooms plugin joins it to every open room). Creation is race-free:
// the lookup and the insert run together on the single writer.
// bot:post, bot:edit and bot:boost run the rooms and boosts plugins' own routes through
// Kernel::dispatch, as the bot, so every rule of those routes applies (membership, validation,
// hooks, events). The optional callback gets (ok, result): result is the decoded JSON answer
// (the message, the boost) or the error text.
#include "kernel/lua/campfire_api.h"
#include "kernel/lua/lua_json.h"
#include "kernel/lua/script.h"

#include "kernel/base/crypto.h"
#include "kernel/db/read_pool.h"
#include "kernel/host/kernel_hooks.h"

#include <campfire/json.hpp>
#include <lua.hpp>
#include <sqlite3.h>

#include <future>

namespace cf::lua {

namespace {

constexpr const char* kBotMeta = "cf.bot";
constexpr const char* kBotsKey = "cf.bots"; // bot id -> its userdata, for mention handlers
constexpr size_t kMaxText = 65536;

struct BotData {
    int64_t id;
};

std::optional<int64_t> find_bot_named(db::Connection& conn, const std::string& name) {
    std::string error;
    db::Statement* st =
        conn.cached("SELECT id FROM users WHERE name = ? AND role = 2 AND status = 0 ORDER BY id LIMIT 1", &error);
    if (!st) return std::nullopt;
    st->bind_text(1, name);
    std::optional<int64_t> id;
    if (st->step() == SQLITE_ROW) id = st->column_int(0);
    st->reset();
    return id;
}

// On the writer: the bot with that name, created if missing. 0 on failure.
int64_t find_or_insert_bot(Kernel& kernel, db::Txn& txn, const std::string& name) {
    if (auto id = find_bot_named(txn.conn, name)) return *id;
    std::string error;
    db::Statement* ins = txn.conn.cached(
        "INSERT INTO users(name, role, status, bot_token, created_at, updated_at) "
        "VALUES (?, 2, 0, ?, strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now'))",
        &error);
    if (!ins) return 0;
    ins->bind_text(1, name);
    ins->bind_text(2, random_alnum(12));
    int rc = ins->step();
    ins->reset();
    if (rc != SQLITE_DONE) return 0;
    int64_t id = txn.conn.last_insert_id();
    Json payload;
    payload.obj([&] { payload.key("user").obj([&] { payload.key("id").num(id).key("name").str(name).key("role").str("bot"); }); });
    UserInfo who{id, CF_ROLE_BOT, CF_STATUS_ACTIVE, name, 0};
    return run_store_hooks(kernel, txn, "user.created", payload.text(), &who) == CF_OK ? id : 0;
}

bool valid_bot_name(std::string_view name) {
    if (name.empty() || name.size() > 64) return false;
    for (unsigned char c : name)
        if (c < 0x20 || c == 0x7f) return false;
    return true;
}

int api_bot(lua_State* L) {
    std::string name = luaL_checkstring(L, 1);
    if (!valid_bot_name(name)) return luaL_error(L, "campfire.bot: a name is 1 to 64 bytes without control characters");
    Script& s = script_of(L);
    std::optional<int64_t> id = find_bot_named(db::reader(), name);
    if (!id) {
        auto created = std::make_shared<std::promise<int64_t>>();
        auto result = created->get_future();
        auto made = std::make_shared<int64_t>(0);
        db::WriteJob job;
        Kernel* kernel = &s.kernel();
        job.run = [kernel, name, made](db::Txn& txn) {
            *made = find_or_insert_bot(*kernel, txn, name);
            return *made > 0 ? 0 : -1;
        };
        job.done = [created, made](int status) { created->set_value(status == 0 ? *made : 0); };
        if (kernel->writer->submit(std::move(job)) != 0) return luaL_error(L, "campfire.bot: the server is busy");
        int64_t made_id = 0;
        {
            LuaState::Pause waiting(*s.state()); // the writer's time is not the script's CPU
            if (result.wait_for(std::chrono::seconds(5)) == std::future_status::ready) made_id = result.get();
        }
        if (made_id <= 0) return luaL_error(L, "campfire.bot: could not create the bot \"%s\"", name.c_str());
        id = made_id;
    }
    s.remember_bot(BotRef{*id, name});
    auto* data = static_cast<BotData*>(lua_newuserdata(L, sizeof(BotData)));
    data->id = *id;
    luaL_getmetatable(L, kBotMeta);
    lua_setmetatable(L, -2);
    lua_getfield(L, LUA_REGISTRYINDEX, kBotsKey);
    lua_pushvalue(L, -2);
    lua_rawseti(L, -2, static_cast<int>(*id));
    lua_pop(L, 1);
    return 1;
}

int64_t bot_id(lua_State* L) { return static_cast<BotData*>(luaL_checkudata(L, 1, kBotMeta))->id; }

int64_t positive_id(lua_State* L, int index, const char* what) {
    lua_Number n = luaL_checknumber(L, index);
    if (!(n >= 1 && n < 9007199254740992.0) || n != static_cast<lua_Number>(static_cast<int64_t>(n)))
        luaL_error(L, "%s must be a positive integer", what);
    return static_cast<int64_t>(n);
}

std::string text_arg(lua_State* L, int index, const char* what, size_t max) {
    size_t len = 0;
    const char* text = luaL_checklstring(L, index, &len);
    if (len == 0 || len > max) luaL_error(L, "%s must be 1 to %d bytes", what, static_cast<int>(max));
    return std::string(text, len);
}

// Runs a route as the bot; the callback (at `cb`, optional) gets (ok, result). Returns true when queued.
int dispatch_as_bot(lua_State* L, int64_t bot, std::string method, std::string path, std::string body, int cb) {
    Script& s = script_of(L);
    Kernel& kernel = s.kernel();
    if (!kernel.dispatch) return luaL_error(L, "the server does not accept requests yet");
    int ref = LUA_NOREF;
    if (!lua_isnoneornil(L, cb)) {
        luaL_checktype(L, cb, LUA_TFUNCTION);
        lua_pushvalue(L, cb);
        ref = s.take_ref(L);
    }
    InternalRequest r;
    r.method = std::move(method);
    r.target = std::move(path);
    r.body = std::move(body);
    r.as_user_id = bot;
    if (ref != LUA_NOREF) {
        Script* script = &s;
        uint64_t generation = s.generation();
        r.done = [script, generation, ref](int status, std::string_view, const Pairs&, std::string answer) {
            script->complete(generation, ref, [status, answer = std::move(answer)](lua_State* L) {
                bool ok = status >= 200 && status < 300;
                lua_pushboolean(L, ok);
                rapidjson::Document doc;
                bool json = parse_json(doc, answer);
                if (ok && json) push_json(L, doc);
                else if (!ok && json && doc.IsObject() && doc.HasMember("error") && doc["error"].IsString())
                    lua_pushstring(L, doc["error"].GetString());
                else if (ok) lua_pushlstring(L, answer.data(), answer.size());
                else lua_pushfstring(L, "HTTP %d", status);
                return 2;
            });
        };
    }
    if (kernel.dispatch(std::move(r)) != CF_OK) {
        if (ref != LUA_NOREF) luaL_unref(L, LUA_REGISTRYINDEX, ref);
        lua_pushboolean(L, 0);
        return 1;
    }
    lua_pushboolean(L, 1);
    return 1;
}

std::string message_body(const std::string& text) {
    Json j;
    j.obj([&] { j.key("message").obj([&] { j.key("body").str(text); }); });
    return std::string(j.text());
}

// bot:post(room_id, text [, callback])
int bot_post(lua_State* L) {
    int64_t bot = bot_id(L);
    int64_t room = positive_id(L, 2, "room_id");
    std::string text = text_arg(L, 3, "text", kMaxText);
    return dispatch_as_bot(L, bot, "POST", "/rooms/" + std::to_string(room) + "/messages", message_body(text), 4);
}

// bot:edit(room_id, message_id, text [, callback])
int bot_edit(lua_State* L) {
    int64_t bot = bot_id(L);
    int64_t room = positive_id(L, 2, "room_id");
    int64_t message = positive_id(L, 3, "message_id");
    std::string text = text_arg(L, 4, "text", kMaxText);
    return dispatch_as_bot(L, bot, "PUT", "/rooms/" + std::to_string(room) + "/messages/" + std::to_string(message),
                           message_body(text), 5);
}

// bot:boost(message_id, content [, callback])
int bot_boost(lua_State* L) {
    int64_t bot = bot_id(L);
    int64_t message = positive_id(L, 2, "message_id");
    std::string content = text_arg(L, 3, "content", 64);
    Json j;
    j.obj([&] { j.key("boost").obj([&] { j.key("content").str(content); }); });
    return dispatch_as_bot(L, bot, "POST", "/messages/" + std::to_string(message) + "/boosts", std::string(j.text()), 4);
}

// bot.id, bot.name, and the methods.
int bot_index(lua_State* L) {
    int64_t id = bot_id(L);
    std::string_view key = luaL_checkstring(L, 2);
    if (key == "id") {
        lua_pushnumber(L, static_cast<lua_Number>(id));
        return 1;
    }
    if (key == "name") {
        std::string error;
        db::Statement* st = db::reader().cached("SELECT name FROM users WHERE id = ?", &error);
        if (!st) return luaL_error(L, "bot.name: %s", error.c_str());
        st->bind_int(1, id);
        std::string name = st->step() == SQLITE_ROW ? std::string(st->column_text(0)) : "";
        st->reset();
        lua_pushlstring(L, name.data(), name.size());
        return 1;
    }
    lua_getmetatable(L, 1);
    lua_getfield(L, -1, "methods");
    lua_getfield(L, -1, std::string(key).c_str());
    return 1;
}

} // namespace

void open_bot_api(lua_State* L, int index) {
    luaL_newmetatable(L, kBotMeta);
    lua_pushcfunction(L, bot_index);
    lua_setfield(L, -2, "__index");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable"); // getmetatable(bot) is false: no forging bots
    lua_newtable(L);
    lua_pushcfunction(L, bot_post);
    lua_setfield(L, -2, "post");
    lua_pushcfunction(L, bot_edit);
    lua_setfield(L, -2, "edit");
    lua_pushcfunction(L, bot_boost);
    lua_setfield(L, -2, "boost");
    lua_setfield(L, -2, "methods");
    lua_pop(L, 1);
    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, kBotsKey);
    lua_pushcfunction(L, api_bot);
    lua_setfield(L, index, "bot");
}

} // namespace cf::lua
