#include "kernel/lua/lua_json.h"

#include <campfire/json.hpp>
#include <lua.hpp>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cmath>
#include <cstdio>

namespace cf::lua {

namespace {

constexpr int kMaxDepth = 64;

void push_value(lua_State* L, const rapidjson::Value& v, int depth) {
    if (depth > kMaxDepth) luaL_error(L, "JSON nested deeper than %d levels", kMaxDepth);
    luaL_checkstack(L, 3, "JSON too deep");
    switch (v.GetType()) {
    case rapidjson::kNullType: push_null(L); break;
    case rapidjson::kFalseType: lua_pushboolean(L, 0); break;
    case rapidjson::kTrueType: lua_pushboolean(L, 1); break;
    case rapidjson::kStringType: lua_pushlstring(L, v.GetString(), v.GetStringLength()); break;
    case rapidjson::kNumberType:
        if (v.IsInt64()) lua_pushnumber(L, static_cast<lua_Number>(v.GetInt64()));
        else lua_pushnumber(L, v.GetDouble());
        break;
    case rapidjson::kArrayType: {
        lua_createtable(L, static_cast<int>(v.Size()), 0);
        int i = 1;
        for (const auto& item : v.GetArray()) {
            push_value(L, item, depth + 1);
            lua_rawseti(L, -2, i++);
        }
        break;
    }
    case rapidjson::kObjectType:
        lua_createtable(L, 0, static_cast<int>(v.MemberCount()));
        for (const auto& m : v.GetObject()) {
            lua_pushlstring(L, m.name.GetString(), m.name.GetStringLength());
            push_value(L, m.value, depth + 1);
            lua_rawset(L, -3);
        }
        break;
    }
}

using Writer = rapidjson::Writer<rapidjson::StringBuffer, rapidjson::UTF8<>, rapidjson::UTF8<>, rapidjson::CrtAllocator,
                                  rapidjson::kWriteValidateEncodingFlag>;

// The length n when the table's keys are exactly 1..n (n > 0), else 0.
size_t sequence_length(lua_State* L, int index) {
    size_t n = lua_objlen(L, index);
    if (n == 0) return 0;
    size_t keys = 0;
    lua_pushnil(L);
    while (lua_next(L, index) != 0) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TNUMBER) {
            lua_pop(L, 1);
            return 0;
        }
        ++keys;
    }
    return keys == n ? n : 0;
}

bool write_value(lua_State* L, int index, Writer& w, const rapidjson::StringBuffer& buf, size_t max_bytes, int depth,
                 std::string* error) {
    if (depth > kMaxDepth) {
        *error = "value nested deeper than 64 levels (or a table contains itself)";
        return false;
    }
    if (buf.GetSize() > max_bytes) {
        *error = "value larger than " + std::to_string(max_bytes) + " bytes as JSON";
        return false;
    }
    if (index < 0) index = lua_gettop(L) + index + 1;
    switch (lua_type(L, index)) {
    case LUA_TNIL: return w.Null();
    case LUA_TBOOLEAN: return w.Bool(lua_toboolean(L, index) != 0);
    case LUA_TLIGHTUSERDATA:
        if (lua_touserdata(L, index) == nullptr) return w.Null();
        break;
    case LUA_TNUMBER: {
        double d = lua_tonumber(L, index);
        if (!std::isfinite(d)) {
            *error = "NaN and infinity have no JSON form";
            return false;
        }
        if (d == std::floor(d) && std::fabs(d) < 9007199254740992.0) return w.Int64(static_cast<int64_t>(d));
        return w.Double(d);
    }
    case LUA_TSTRING: {
        size_t len = 0;
        const char* s = lua_tolstring(L, index, &len);
        if (!w.String(s, static_cast<rapidjson::SizeType>(len))) {
            *error = "strings must be UTF-8 text";
            return false;
        }
        return true;
    }
    case LUA_TTABLE: {
        luaL_checkstack(L, 4, "table too deep");
        if (size_t n = sequence_length(L, index)) {
            w.StartArray();
            for (size_t i = 1; i <= n; ++i) {
                lua_rawgeti(L, index, static_cast<int>(i));
                bool ok = write_value(L, -1, w, buf, max_bytes, depth + 1, error);
                lua_pop(L, 1);
                if (!ok) return false;
            }
            return w.EndArray();
        }
        w.StartObject();
        lua_pushnil(L);
        while (lua_next(L, index) != 0) {
            std::string key;
            if (lua_type(L, -2) == LUA_TSTRING) {
                size_t len = 0;
                const char* k = lua_tolstring(L, -2, &len);
                key.assign(k, len);
            } else if (lua_type(L, -2) == LUA_TNUMBER) {
                char digits[32];
                double d = lua_tonumber(L, -2);
                if (d == std::floor(d) && std::fabs(d) < 9007199254740992.0)
                    std::snprintf(digits, sizeof digits, "%lld", static_cast<long long>(d));
                else
                    std::snprintf(digits, sizeof digits, "%.17g", d);
                key = digits;
            } else {
                lua_pop(L, 2);
                *error = "table keys must be strings or numbers";
                return false;
            }
            if (!w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()))) {
                lua_pop(L, 2);
                *error = "table keys must be UTF-8 text";
                return false;
            }
            bool ok = write_value(L, -1, w, buf, max_bytes, depth + 1, error);
            lua_pop(L, 1);
            if (!ok) {
                lua_pop(L, 1);
                return false;
            }
        }
        return w.EndObject();
    }
    default: break;
    }
    *error = std::string(lua_typename(L, lua_type(L, index))) + " values have no JSON form";
    return false;
}

} // namespace

void push_null(lua_State* L) { lua_pushlightuserdata(L, nullptr); }

void push_json(lua_State* L, const rapidjson::Value& value) { push_value(L, value, 0); }

bool push_json_text(lua_State* L, std::string_view text) {
    rapidjson::Document doc;
    if (!parse_json(doc, text)) return false;
    push_json(L, doc);
    return true;
}

bool to_json(lua_State* L, int index, std::string* out, std::string* error, size_t max_bytes) {
    rapidjson::StringBuffer buf;
    Writer w(buf);
    if (!write_value(L, index, w, buf, max_bytes, 0, error)) {
        if (error->empty()) *error = "value cannot be written as JSON";
        return false;
    }
    if (buf.GetSize() > max_bytes) {
        *error = "value larger than " + std::to_string(max_bytes) + " bytes as JSON";
        return false;
    }
    out->assign(buf.GetString(), buf.GetSize());
    return true;
}

} // namespace cf::lua
