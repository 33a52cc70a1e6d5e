// How the kernel reaches a script: its hooks (messages, mentions, rooms), its slash commands and
// its routes. The kernel-side part only queues work; the script's thread does the rest.
#include "kernel/lua/campfire_api.h"
#include "kernel/lua/lua_json.h"
#include "kernel/lua/script.h"
#include "kernel/lua/script_host.h"

#include "kernel/base/strings.h"
#include "kernel/db/read_pool.h"

#include <lua.hpp>
#include <sqlite3.h>

#include <cctype>

namespace cf::lua {

namespace {

const rapidjson::Value* member(const rapidjson::Value& v, const char* name) {
    if (!v.IsObject()) return nullptr;
    auto it = v.FindMember(name);
    return it == v.MemberEnd() ? nullptr : &it->value;
}

std::optional<int64_t> int_member(const rapidjson::Value& v, const char* name) {
    const auto* m = member(v, name);
    if (!m || !m->IsInt64()) return std::nullopt;
    return m->GetInt64();
}

std::string string_member(const rapidjson::Value& v, const char* name) {
    const auto* m = member(v, name);
    return m && m->IsString() ? std::string(m->GetString(), m->GetStringLength()) : std::string();
}

// "@Name" in the text, not followed by a letter or digit, case-insensitively.
bool names(std::string_view text, std::string_view name) {
    std::string haystack = to_lower(text), needle = "@" + to_lower(name);
    for (size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) {
        size_t end = at + needle.size();
        if (end == haystack.size() || !std::isalnum(static_cast<unsigned char>(haystack[end]))) return true;
    }
    return false;
}

int queue_hook(void* self, cf_hook_call* call, std::string action) {
    auto* s = static_cast<Script*>(self);
    std::string payload(call->payload.ptr ? call->payload.ptr : "", call->payload.len);
    s->post([s, action = std::move(action), payload = std::move(payload)]() mutable {
        s->deliver(action, payload);
    });
    return CF_OK; // a full queue drops the event: the script is not keeping up
}

void push_user(lua_State* L, const UserInfo& user) {
    lua_createtable(L, 0, 3);
    lua_pushnumber(L, static_cast<lua_Number>(user.id));
    lua_setfield(L, -2, "id");
    lua_pushlstring(L, user.name.data(), user.name.size());
    lua_setfield(L, -2, "name");
    lua_pushstring(L, role_label(user.role));
    lua_setfield(L, -2, "role");
}

// Calls each function in handlers[kind] with what `push` pushes, one budget per handler.
void call_handlers(Script& s, const char* kind, const std::function<int(lua_State*)>& push) {
    size_t count = 0;
    if (!s.invoke("handler", [&](lua_State* L) {
            lua_getfield(L, LUA_REGISTRYINDEX, kHandlersKey);
            lua_getfield(L, -1, kind);
            count = lua_objlen(L, -1);
        }))
        return;
    uint64_t generation = s.generation();
    for (size_t i = 1; i <= count && s.generation() == generation; ++i) {
        s.invoke(kind, [&](lua_State* L) {
            lua_getfield(L, LUA_REGISTRYINDEX, kHandlersKey);
            lua_getfield(L, -1, kind);
            lua_rawgeti(L, -1, static_cast<int>(i));
            lua_call(L, push(L), 0);
        });
    }
}

} // namespace

int Script::on_message_created(cf_ctx*, cf_hook_call* call, void* self) { return queue_hook(self, call, "message"); }
int Script::on_room_created(cf_ctx*, cf_hook_call* call, void* self) { return queue_hook(self, call, "created"); }
int Script::on_room_updated(cf_ctx*, cf_hook_call* call, void* self) { return queue_hook(self, call, "updated"); }
int Script::on_room_deleted(cf_ctx*, cf_hook_call* call, void* self) { return queue_hook(self, call, "deleted"); }

void Script::listen(lua_State* L, const std::string& kind) {
    require_loading(L, "campfire.on");
    std::string hook_group = kind == "room" ? "room" : "message";
    if (!listening_.count(hook_group)) {
        std::vector<std::pair<const char*, cf_hook_fn>> hooks;
        if (hook_group == "room")
            hooks = {{"room.created", on_room_created}, {"room.updated", on_room_updated}, {"room.deleted", on_room_deleted}};
        else
            hooks = {{"message.created", on_message_created}};
        for (const auto& [event, fn] : hooks) {
            std::string error;
            if (!kernel().hooks.add(HookEntry{&record_, event, CF_PHASE_NOTIFY, fn, this, 0}, &error))
                luaL_error(L, "campfire.on: %s", error.c_str());
        }
        listening_.insert(hook_group);
    }
    listening_.insert(kind);
    std::lock_guard info(info_mu_);
    if (std::find(events_.begin(), events_.end(), kind) == events_.end()) events_.push_back(kind);
}

void Script::deliver(const std::string& action, const std::string& payload) {
    if (!state_) return;
    rapidjson::Document doc;
    if (!parse_json(doc, payload) || !doc.IsObject()) return;
    if (action != "message") {
        if (!listening_.count("room")) return;
        const rapidjson::Value* room = member(doc, "room");
        if (!room || !room->IsObject()) room = &doc;
        call_handlers(*this, "room", [&](lua_State* L) {
            lua_pushstring(L, action.c_str());
            push_json(L, *room);
            return 2;
        });
        return;
    }
    // message.created: {"room":{...},"message":{...}}, or the message JSON alone.
    const rapidjson::Value* message = member(doc, "message");
    if (!message || !message->IsObject()) message = &doc;
    rapidjson::Document room(rapidjson::kObjectType);
    if (const auto* r = member(doc, "room"); r && r->IsObject()) room.CopyFrom(*r, room.GetAllocator());
    auto room_id = int_member(room, "id");
    if (!room_id) room_id = int_member(*message, "room_id");
    if (!room_id) return;
    if (!member(room, "id")) room.AddMember("id", *room_id, room.GetAllocator());
    if (!member(room, "type")) {
        if (auto type = room_type(*room_id))
            room.AddMember("type", rapidjson::Value(type->c_str(), room.GetAllocator()), room.GetAllocator());
    }
    auto creator = int_member(*message, "creator_id");
    if (!creator) {
        if (const auto* c = member(*message, "creator")) creator = int_member(*c, "id");
    }
    std::vector<BotRef> bots;
    {
        std::lock_guard info(info_mu_);
        bots = bots_;
    }
    for (const auto& b : bots)
        if (creator && *creator == b.id) return; // never react to our own bots
    if (listening_.count("message")) {
        call_handlers(*this, "message", [&](lua_State* L) {
            push_json(L, *message);
            push_json(L, room);
            return 2;
        });
    }
    if (!listening_.count("mention")) return;
    std::string text = string_member(*message, "plain_body");
    if (text.empty()) text = string_member(*message, "body");
    const auto* mentionees = member(*message, "mentionee_ids");
    bool direct = string_member(room, "type") == "direct";
    for (const auto& bot : bots) {
        bool mentioned = names(text, bot.name);
        if (mentionees && mentionees->IsArray())
            for (const auto& id : mentionees->GetArray()) mentioned = mentioned || (id.IsInt64() && id.GetInt64() == bot.id);
        if (!mentioned && direct) mentioned = is_member(*room_id, bot.id);
        if (!mentioned) continue;
        call_handlers(*this, "mention", [&](lua_State* L) {
            push_json(L, *message);
            push_json(L, room);
            lua_getfield(L, LUA_REGISTRYINDEX, "cf.bots");
            lua_rawgeti(L, -1, static_cast<int>(bot.id));
            lua_remove(L, -2);
            return 3;
        });
    }
}

std::optional<std::string> Script::room_type(int64_t room_id) {
    std::string error;
    db::Statement* st = db::reader().cached("SELECT type FROM rooms WHERE id = ?", &error);
    if (!st) return std::nullopt; // no rooms plugin
    st->bind_int(1, room_id);
    std::optional<std::string> type;
    if (st->step() == SQLITE_ROW) type = std::string(st->column_text(0));
    st->reset();
    return type;
}

bool Script::is_member(int64_t room_id, int64_t user_id) {
    std::string error;
    db::Statement* st = db::reader().cached("SELECT 1 FROM memberships WHERE room_id = ? AND user_id = ?", &error);
    if (!st) return false;
    st->bind_int(1, room_id);
    st->bind_int(2, user_id);
    bool found = st->step() == SQLITE_ROW;
    st->reset();
    return found;
}

// ---- slash commands ----

void Script::add_command(lua_State* L, const std::string& name, const std::string& description, const std::string& args) {
    require_loading(L, "campfire.command");
    CommandEntry entry;
    entry.owner = &record_;
    entry.name = name;
    entry.description = description;
    entry.args = args;
    entry.run = [this](const CommandCall& call) -> CommandOutcome {
        UserInfo user{call.user->id, call.user->role, call.user->status,
                      std::string(call.user->name.ptr ? call.user->name.ptr : "", call.user->name.len), 0};
        bool queued = post([this, name = std::string(call.name), args = std::string(call.args), room = call.room_id, user,
                            message = std::string(call.message)] { run_command(name, args, room, user, message); });
        if (!queued) return CommandOutcome{503, "the script is busy; try again"};
        return CommandOutcome{};
    };
    std::string error;
    if (!kernel().commands.add(std::move(entry), &error)) luaL_error(L, "campfire.command: %s", error.c_str());
    lua_getfield(L, LUA_REGISTRYINDEX, kCommandsKey);
    lua_pushvalue(L, -2); // the run function, on top when called
    lua_setfield(L, -2, name.c_str());
    lua_pop(L, 1);
    std::lock_guard info(info_mu_);
    commands_.push_back(name);
}

void Script::run_command(const std::string& name, const std::string& args, int64_t room_id, const UserInfo& user,
                         const std::string& message) {
    invoke(("/" + name).c_str(), [&](lua_State* L) {
        lua_getfield(L, LUA_REGISTRYINDEX, kCommandsKey);
        lua_getfield(L, -1, name.c_str());
        if (!lua_isfunction(L, -1)) return; // gone with a reload
        lua_createtable(L, 0, 7);
        lua_pushlstring(L, name.data(), name.size());
        lua_setfield(L, -2, "name");
        lua_pushlstring(L, args.data(), args.size());
        lua_setfield(L, -2, "args");
        lua_newtable(L);
        int n = 0;
        for (auto word : split(args, ' '))
            if (!trim(word).empty()) {
                auto w = trim(word);
                lua_pushlstring(L, w.data(), w.size());
                lua_rawseti(L, -2, ++n);
            }
        lua_setfield(L, -2, "argv");
        lua_pushnumber(L, static_cast<lua_Number>(room_id));
        lua_setfield(L, -2, "room_id");
        push_user(L, user);
        lua_setfield(L, -2, "user");
        if (push_json_text(L, message)) lua_setfield(L, -2, "message");
        lua_call(L, 1, 0);
    });
}

// ---- feature flag rules ----

void Script::add_flag_rule(lua_State* L, const std::string& feature, Audience audience) {
    require_loading(L, "campfire.flags.rule");
    kernel().features.add_rule(FeatureRule{&record_, feature, std::move(audience)});
}

// ---- key-value storage ----

std::map<std::string, std::string>& Script::kv() {
    if (kv_) return *kv_;
    kv_.emplace();
    std::string error;
    db::Statement* st = db::reader().cached("SELECT key, value FROM script_kv WHERE script = ?", &error);
    if (!st) return *kv_;
    st->bind_text(1, name_);
    while (st->step() == SQLITE_ROW) kv_->emplace(std::string(st->column_text(0)), std::string(st->column_text(1)));
    st->reset();
    return *kv_;
}

} // namespace cf::lua
