// The router (literal segments beat parameters, 405 vs 404, inactive owners) and the order and
// semantics of hook phases.
#include "kernel/host/hooks.h"
#include "kernel/host/plugin_record.h"
#include "kernel/host/router.h"

#include <gtest/gtest.h>

namespace cf {
namespace {

Route route(std::string method, std::string pattern, PluginRecord* owner = nullptr) {
    Route r;
    r.method = std::move(method);
    r.pattern = std::move(pattern);
    r.owner = owner;
    r.handler = [](HttpRequest&, Reply) {};
    return r;
}

bool all_active(const PluginRecord* p) { return p == nullptr || p->enabled.load(); }

TEST(Router, LiteralSegmentsBeatParameters) {
    Router router;
    std::string error;
    ASSERT_TRUE(router.add(route("GET", "/rooms/:id"), &error));
    ASSERT_TRUE(router.add(route("GET", "/rooms/opens"), &error));
    ASSERT_TRUE(router.add(route("POST", "/rooms/:room_id/:bot_key/messages"), &error));
    ASSERT_TRUE(router.add(route("POST", "/rooms/:room_id/messages"), &error));
    auto m = router.match("GET", "/rooms/opens", all_active);
    ASSERT_TRUE(m.route);
    EXPECT_EQ(m.route->pattern, "/rooms/opens");
    m = router.match("GET", "/rooms/42", all_active);
    ASSERT_TRUE(m.route);
    EXPECT_EQ(m.params, (Pairs{{"id", "42"}}));
    m = router.match("POST", "/rooms/7/messages", all_active);
    ASSERT_TRUE(m.route);
    EXPECT_EQ(m.route->pattern, "/rooms/:room_id/messages");
    m = router.match("POST", "/rooms/7/3-abc/messages", all_active);
    ASSERT_TRUE(m.route);
    EXPECT_EQ(m.route->pattern, "/rooms/:room_id/:bot_key/messages");
    m = router.match("GET", "/rooms/caf%C3%A9", all_active);
    ASSERT_TRUE(m.route);
    EXPECT_EQ(m.params[0].second, "caf\xC3\xA9"); // parameters are decoded
}

TEST(Router, WrongMethodIsNotNotFound) {
    Router router;
    std::string error;
    ASSERT_TRUE(router.add(route("GET", "/up"), &error));
    EXPECT_TRUE(router.match("DELETE", "/up", all_active).wrong_method);
    auto none = router.match("GET", "/down", all_active);
    EXPECT_FALSE(none.route);
    EXPECT_FALSE(none.wrong_method);
}

TEST(Router, RefusesDuplicatesAndBadPatterns) {
    Router router;
    std::string error;
    ASSERT_TRUE(router.add(route("GET", "/a/:x"), &error));
    EXPECT_FALSE(router.add(route("GET", "/a/:y"), &error)); // same shape
    EXPECT_FALSE(router.add(route("BREW", "/tea"), &error));
    EXPECT_FALSE(router.add(route("GET", "no-slash"), &error));
}

TEST(Router, AnInactiveOwnersRoutesDoNotMatch) {
    Router router;
    PluginRecord plugin;
    plugin.name = "rooms";
    std::string error;
    ASSERT_TRUE(router.add(route("GET", "/rooms", &plugin), &error));
    EXPECT_TRUE(router.match("GET", "/rooms", all_active).route);
    plugin.enabled = false;
    auto m = router.match("GET", "/rooms", all_active);
    EXPECT_FALSE(m.route);
    EXPECT_FALSE(m.wrong_method); // a plain 404, as if it never existed
    router.remove_owner(&plugin);
    plugin.enabled = true;
    EXPECT_FALSE(router.match("GET", "/rooms", all_active).route);
}

// Hooks record the order they ran in through user_data.
std::vector<std::string>* g_trace = nullptr;
int trace_hook(cf_ctx*, cf_hook_call*, void* name) {
    g_trace->push_back(static_cast<const char*>(name));
    return CF_OK;
}
int veto_hook(cf_ctx*, cf_hook_call* call, void*) {
    g_trace->push_back("veto");
    call->veto_status = 422;
    call->veto_reason = "no";
    return CF_OK;
}
int rewrite_hook(cf_ctx*, cf_hook_call* call, void*) {
    call->replaced = std::string(call->payload.ptr, call->payload.len) + "!";
    call->has_replaced = true;
    return CF_OK;
}

TEST(Hooks, RunByPluginNameThenRegistrationOrder) {
    std::vector<std::string> trace;
    g_trace = &trace;
    PluginRecord zed, alpha;
    zed.name = "zed";
    alpha.name = "alpha";
    HookRegistry hooks;
    std::string error;
    static char z1[] = "zed-1", a1[] = "alpha-1", a2[] = "alpha-2";
    ASSERT_TRUE(hooks.add({&zed, "message.create", CF_PHASE_CHECK, trace_hook, z1, 0}, &error));
    ASSERT_TRUE(hooks.add({&alpha, "message.create", CF_PHASE_CHECK, trace_hook, a1, 0}, &error));
    ASSERT_TRUE(hooks.add({&alpha, "message.create", CF_PHASE_CHECK, trace_hook, a2, 0}, &error));
    ASSERT_TRUE(hooks.add({&alpha, "message.create", CF_PHASE_STORE, trace_hook, a2, 0}, &error));
    cf_hook_args args{};
    args.size = sizeof args;
    args.event = "message.create";
    args.phase = CF_PHASE_CHECK;
    EXPECT_EQ(hooks.run(&args, all_active), CF_OK);
    EXPECT_EQ(trace, (std::vector<std::string>{"alpha-1", "alpha-2", "zed-1"}));
    trace.clear();
    alpha.enabled = false; // a disabled plugin's hooks are skipped
    EXPECT_EQ(hooks.run(&args, all_active), CF_OK);
    EXPECT_EQ(trace, (std::vector<std::string>{"zed-1"}));
}

TEST(Hooks, AVetoStopsTheChainAndTransformsCompose) {
    std::vector<std::string> trace;
    g_trace = &trace;
    PluginRecord a, b;
    a.name = "a";
    b.name = "b";
    HookRegistry hooks;
    std::string error;
    static char after[] = "after";
    ASSERT_TRUE(hooks.add({&a, "x", CF_PHASE_CHECK, veto_hook, nullptr, 0}, &error));
    ASSERT_TRUE(hooks.add({&b, "x", CF_PHASE_CHECK, trace_hook, after, 0}, &error));
    ASSERT_TRUE(hooks.add({&a, "x", CF_PHASE_TRANSFORM, rewrite_hook, nullptr, 0}, &error));
    ASSERT_TRUE(hooks.add({&b, "x", CF_PHASE_TRANSFORM, rewrite_hook, nullptr, 0}, &error));
    cf_hook_args check{};
    check.size = sizeof check;
    check.event = "x";
    check.phase = CF_PHASE_CHECK;
    EXPECT_EQ(hooks.run(&check, all_active), CF_ERR_DENIED);
    EXPECT_EQ(check.veto_status, 422);
    EXPECT_STREQ(check.veto_reason, "no");
    EXPECT_EQ(trace, (std::vector<std::string>{"veto"})); // b never ran
    cf_hook_args transform{};
    transform.size = sizeof transform;
    transform.event = "x";
    transform.phase = CF_PHASE_TRANSFORM;
    transform.payload = cf_str{"hi", 2};
    EXPECT_EQ(hooks.run(&transform, all_active), CF_OK);
    ASSERT_NE(transform.result, nullptr);
    EXPECT_EQ(std::string(transform.result, transform.result_len), "hi!!"); // b saw a's output
    std::free(transform.result);
}

} // namespace
} // namespace cf
