// JSON <-> Lua conversion and the outgoing-request address rule.
#include "kernel/lua/address_policy.h"
#include "kernel/lua/http_fetch.h"
#include "kernel/lua/lua_json.h"
#include "kernel/lua/lua_state.h"
#include "kernel/lua/sandbox.h"

#include <campfire/json.hpp>
#include <gtest/gtest.h>
#include <lua.hpp>

#include <string>

namespace cf::lua {
namespace {

// Evaluates `code` (which returns one value) and writes it back as JSON.
std::string roundtrip(const std::string& code, bool* ok = nullptr) {
    auto state = LuaState::create(Limits{}, nullptr);
    SandboxHost host;
    std::string json, error;
    bool done = state->call(
        [&](lua_State* L) {
            open_sandbox(L, &host);
            push_null(L);
            lua_setglobal(L, "null");
            if (!load_text(L, code, "=t", &error)) luaL_error(L, "%s", error.c_str());
            lua_call(L, 0, 1);
            if (!to_json(L, -1, &json, &error)) luaL_error(L, "%s", error.c_str());
        },
        &error);
    if (ok) *ok = done;
    return done ? json : error;
}

TEST(LuaJson, WritesPlainData) {
    EXPECT_EQ(roundtrip("return {1, 2, 'three'}"), R"([1,2,"three"])");
    rapidjson::Document obj;
    ASSERT_TRUE(parse_json(obj, roundtrip("return {a = true, b = null}")));
    EXPECT_TRUE(obj["a"].GetBool());
    EXPECT_TRUE(obj["b"].IsNull());
    EXPECT_EQ(roundtrip("return {}"), "{}");
    EXPECT_EQ(roundtrip("return 1.5"), "1.5");
    EXPECT_EQ(roundtrip("return {[1] = 'a', [3] = 'c'}").front(), '{');
    EXPECT_EQ(roundtrip("return {nested = {list = {1, {x = 1}}}}"), R"({"nested":{"list":[1,{"x":1}]}})");
}

TEST(LuaJson, RefusesWhatIsNotData) {
    bool ok = true;
    roundtrip("return {f = print}", &ok);
    EXPECT_FALSE(ok);
    roundtrip("local t = {} t.self = t return t", &ok);
    EXPECT_FALSE(ok) << "a cycle";
    roundtrip("return 0/0", &ok);
    EXPECT_FALSE(ok);
    roundtrip("return '\\255\\254'", &ok);
    EXPECT_FALSE(ok) << "not UTF-8";
}

TEST(LuaJson, ReadsIntoTables) {
    auto state = LuaState::create(Limits{}, nullptr);
    std::string error, back;
    ASSERT_TRUE(state->call(
        [&](lua_State* L) {
            ASSERT_TRUE(push_json_text(L, R"({"id":7,"tags":["a","b"],"none":null,"deep":{"x":1.25}})"));
            lua_getfield(L, -1, "id");
            EXPECT_EQ(lua_tonumber(L, -1), 7);
            lua_pop(L, 1);
            lua_getfield(L, -1, "tags");
            EXPECT_EQ(lua_objlen(L, -1), 2u);
            lua_pop(L, 1);
            lua_getfield(L, -1, "none");
            EXPECT_TRUE(lua_islightuserdata(L, -1));
            lua_pop(L, 1);
            ASSERT_TRUE(to_json(L, -1, &back, &error));
            EXPECT_FALSE(push_json_text(L, "{not json"));
        },
        &error))
        << error;
    rapidjson::Document doc;
    ASSERT_TRUE(parse_json(doc, back));
    EXPECT_EQ(doc["deep"]["x"].GetDouble(), 1.25);
    EXPECT_TRUE(doc["none"].IsNull());
}

TEST(LuaJson, DeepInputIsAnErrorNotACrash) {
    std::string deep(10000, '[');
    deep += std::string(10000, ']');
    auto state = LuaState::create(Limits{}, nullptr);
    std::string error;
    EXPECT_FALSE(state->call([&](lua_State* L) { push_json_text(L, deep); }, &error));
    EXPECT_NE(error.find("nested"), std::string::npos) << error;
}

TEST(AddressPolicy, PrivateAndLoopbackAreNotPublic) {
    for (const char* ip : {"127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254",
                           "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fd00::1",
                           "::ffff:127.0.0.1", "::ffff:10.0.0.1", "64:ff9b::a00:1", "not an ip"})
        EXPECT_FALSE(is_public_address(ip)) << ip;
    for (const char* ip : {"8.8.8.8", "1.1.1.1", "172.32.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"})
        EXPECT_TRUE(is_public_address(ip)) << ip;
}

TEST(AddressPolicy, AllowedHostsLetPrivateAddressesThrough) {
    auto allowed = AllowedHosts::parse(" hooks.local , 127.0.0.1:9000,[::1]:8080");
    EXPECT_TRUE(allowed.allows("hooks.local", 80));
    EXPECT_TRUE(allowed.allows("HOOKS.local", 443));
    EXPECT_TRUE(allowed.allows("127.0.0.1", 9000));
    EXPECT_FALSE(allowed.allows("127.0.0.1", 9001));
    EXPECT_TRUE(allowed.allows("::1", 8080));
    std::string error;
    EXPECT_FALSE(resolve_target("127.0.0.1", 9001, allowed, &error));
    EXPECT_NE(error.find("WEBHOOK_ALLOWED_HOSTS"), std::string::npos);
    EXPECT_EQ(resolve_target("127.0.0.1", 9000, allowed, &error).value_or(""), "127.0.0.1");
    EXPECT_FALSE(resolve_target("localhost", 9000, AllowedHosts::parse(""), &error));
}

TEST(HttpFetch, RequestsAreChecked) {
    FetchRequest r;
    r.url = "http://example.com/x";
    EXPECT_EQ(check_fetch_request(r), "");
    r.method = "TRACE";
    EXPECT_NE(check_fetch_request(r), "");
    r.method = "GET";
    for (const char* url : {"ftp://example.com/", "http://", "http://user@example.com/", "example.com", "http://a b/"}) {
        r.url = url;
        EXPECT_NE(check_fetch_request(r), "") << url;
    }
    r.url = "http://example.com/";
    r.headers = {{"Host", "evil"}};
    EXPECT_NE(check_fetch_request(r), "");
    r.headers = {{"X-A", "b\r\nInjected: 1"}};
    EXPECT_NE(check_fetch_request(r), "");
    r.headers = {};
    r.timeout_ms = 60000;
    EXPECT_NE(check_fetch_request(r), "");
    r.timeout_ms = 1000;
    r.url = "http://127.0.0.1:1/";
    FetchResult refused = perform_fetch(r, AllowedHosts::parse(""));
    EXPECT_EQ(refused.status, 0);
    EXPECT_NE(refused.error.find("refused"), std::string::npos) << refused.error;
}

} // namespace
} // namespace cf::lua
